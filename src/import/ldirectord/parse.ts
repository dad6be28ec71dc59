import { errorDiag, type Diagnostic } from '../../hcl/diagnostic.js';
import type { Range } from '../../hcl/range.js';
import { LineLocator } from '../source-files.js';

/** One `key=value` line: the key's and the value's ranges for diagnostics. */
export interface Setting {
  key: string;
  value: string;
  keyRange: Range;
  valueRange: Range;
  /** The range of value characters [from, to), for diagnostics about a part of the value. */
  valuePart(from: number, to: number): Range;
}

export interface VirtualBlock {
  /** The virtual= or virtual6= line itself. */
  head: Setting;
  settings: Setting[];
}

export interface LdirectordFile {
  globals: Setting[];
  virtuals: VirtualBlock[];
}

/**
 * ldirectord.cf's layout (ldirectord's read_config): `key=value` globals in column 0; a `virtual=` line
 * opens a block of lines indented by at least four spaces (a tab counts four); `#` starts a comment
 * anywhere; a line that is not indented ends the block, so a blank line does too.
 */
export function parseLdirectord(path: string, text: string, diags: Diagnostic[]): LdirectordFile {
  const loc = new LineLocator(path, text);
  const out: LdirectordFile = { globals: [], virtuals: [] };
  let block: VirtualBlock | null = null;
  text.split('\n').forEach((rawLine, i) => {
    const lineNo = i + 1;
    const line = rawLine.replace(/\r$/, '').replace(/#.*/, '');
    if (/^\s*$/.test(line)) {
      if (!/^\s*#/.test(rawLine)) block = null;
      return;
    }
    const indented = /^( {4,}|\t)/.test(line.replace(/\t/g, '    '));
    const setting = readSetting(line, lineNo, loc);
    if (!setting) {
      diags.push(errorDiag('Invalid ldirectord line', 'Expected key=value.', loc.lineRange(lineNo)));
      return;
    }
    if (/^virtual6?$/.test(setting.key) && !indented) {
      block = { head: setting, settings: [] };
      out.virtuals.push(block);
    } else if (indented && block) block.settings.push(setting);
    else if (indented)
      diags.push(errorDiag('Indented line outside a virtual block', 'ldirectord ends a virtual= block at the first line that is not indented, blank lines included, and rejects this line ("Unknown command"). Remove the blank line above it, or un-indent it if it is a global setting.', setting.keyRange));
    else {
      block = null;
      out.globals.push(setting);
    }
  });
  return out;
}

function readSetting(line: string, lineNo: number, loc: LineLocator): Setting | null {
  const m = /^(\s*)([A-Za-z0-9_]+)(\s*=\s*)(.*?)\s*$/.exec(line);
  if (!m) return null;
  const keyStart = m[1]!.length;
  const valueStart = keyStart + m[2]!.length + m[3]!.length;
  return {
    key: m[2]!,
    value: m[4]!,
    keyRange: loc.range(lineNo, keyStart, keyStart + m[2]!.length),
    valueRange: loc.range(lineNo, valueStart, valueStart + m[4]!.length),
    valuePart: (from, to) => loc.range(lineNo, valueStart + from, valueStart + to),
  };
}
