import { errorDiag, type Diagnostic } from '../../hcl/diagnostic.js';
import type { ImportedCluster } from '../cluster.js';
import type { ConvertTarget } from '../convert-target.js';
import type { SourceFiles } from '../source-files.js';
import { convertLdirectord } from './convert.js';
import { parseLdirectord } from './parse.js';

/** ldirectord.cf to lvsplan's model. */
export function importLdirectord(path: string, files: SourceFiles, target: ConvertTarget, diags: Diagnostic[]): { cluster: ImportedCluster; sources: Map<string, string> } {
  const r = files.read(path);
  if ('error' in r) {
    diags.push(errorDiag('Cannot read ldirectord configuration', `${path}: ${r.error}`));
    return { cluster: { directors: [], services: [], header: [] }, sources: new Map() };
  }
  const cluster = convertLdirectord(parseLdirectord(path, r.text, diags), target, diags);
  cluster.header = [`Converted by lvsplan import -from=ldirectord ${path}.`];
  return { cluster, sources: new Map([[path, r.text]]) };
}
