import type { ConfigDecl } from '../config/decl.js';
import { warningDiag, type Diagnostic } from '../hcl/diagnostic.js';
import type { Range } from '../hcl/range.js';
import type { ImportedDirector } from './cluster.js';
import { withBindVipsOff } from './edit-director.js';

export interface FileEdit {
  path: string;
  text: string;
  director: string;
  at: Range;
  why: string;
}

/**
 * The declared director blocks that bind the VIPs although the import found that something else owns
 * them (keepalived's VRRP, heartbeat): each gets bind_vips = false with a comment saying why. Without
 * `write` (output to standard output), or where a block cannot be edited safely, a warning says what to add.
 */
export function bindVipsEdits(decl: ConfigDecl | null, directors: readonly ImportedDirector[], sources: ReadonlyMap<string, string>, write: boolean, diags: Diagnostic[]): FileEdit[] {
  const texts = new Map<string, string>();
  const edits: FileEdit[] = [];
  for (const d of directors) {
    const declared = decl?.directors.find((x) => x.name === d.name);
    if (d.write || d.bindVips || !declared?.bindVips) continue;
    const why = d.comments[0] ?? 'Something else binds the VIPs.';
    const path = declared.range.filename;
    const text = texts.get(path) ?? sources.get(path);
    const edit = write && text !== undefined ? withBindVipsOff(text, path, d.name, why) : null;
    if (edit && 'text' in edit) {
      texts.set(path, edit.text);
      edits.push({ path, text: edit.text, director: d.name, at: edit.at, why });
      continue;
    }
    const reason = edit ? `lvsplan did not edit it: ${edit.problem}` : 'With -out=FILE, import adds it to the block for you.';
    diags.push(warningDiag('Director binds the VIPs', `${why} Add bind_vips = false to director "${d.name}", or lvsplan will bind the VIPs on ${declared.iface.v || 'its interface'}. ${reason}`, declared.range));
  }
  return edits;
}
