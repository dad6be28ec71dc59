import type { Diagnostic } from '../../hcl/diagnostic.js';
import type { ImportedCluster } from '../cluster.js';
import type { ConvertTarget } from '../convert-target.js';
import type { SourceFiles } from '../source-files.js';
import { convertKeepalived } from './convert.js';
import { lexKeepalived } from './tokens.js';
import { parseStatements } from './tree.js';

/** keepalived.conf (with its includes) to lvsplan's model, as keepalived -i configId reads it; `sources` holds every file read. */
export function importKeepalived(path: string, files: SourceFiles, target: ConvertTarget, diags: Diagnostic[], configId?: string): { cluster: ImportedCluster; sources: Map<string, string> } {
  const lexed = lexKeepalived(path, files, diags, configId);
  const cluster = convertKeepalived(parseStatements(lexed.lines, diags), target, diags);
  cluster.header = [`Converted by lvsplan import -from=keepalived ${path}.`];
  return { cluster, sources: lexed.sources };
}
