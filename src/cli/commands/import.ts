import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { refreshHosts } from '../../apply/refresh.js';
import { loadConfigDir, type LoadResult } from '../../config/index.js';
import { errorDiag, hasErrors, warningDiag, type Diagnostic } from '../../hcl/diagnostic.js';
import { bindVipsEdits, type FileEdit } from '../../import/bind-vips-edits.js';
import { declaredTarget } from '../../import/declared-target.js';
import { importKeepalived } from '../../import/keepalived/index.js';
import { importLdirectord } from '../../import/ldirectord/index.js';
import { newChanges, realserverChanges } from '../../import/live/import-contract.js';
import { DIRECTOR_SYSCTL_DEFAULTS } from '../../model/director-sysctl-defaults.js';
import { observedToCluster, unmanageRealservers } from '../../import/live/observed-to-cluster.js';
import { localFiles } from '../../import/local-files.js';
import { writeCluster } from '../../import/write-cluster.js';
import type { DesiredResource } from '../../model/resource.js';
import { computePlan } from '../../plan/compute-plan.js';
import { missingSysctl } from '../../../providers/host-read-diagnostics.js';
import { sysctlPath } from '../../../providers/sysctl/name.js';
import { HostRunners } from '../host-runners.js';
import { EXIT_ERROR, EXIT_OK, type CliIO } from '../io.js';
import { printDiagnostics } from '../print-diagnostics.js';
import type { VariableInput } from '../variable-inputs.js';

export interface ImportOptions {
  /** The configuration directory (live import) or the file to convert (-from). */
  path: string | undefined;
  from: string | undefined;
  director: string | undefined;
  out: string | undefined;
  /** keepalived's config-id (-i): which @ID lines apply. */
  configId: string | undefined;
  variables: VariableInput[];
  parallelism: number;
  color: boolean;
}

const FORMATS = ['keepalived', 'ldirectord'] as const;
const OUTPUT_NAME = '<import output>';

/** lvsplan import: the HCL that describes what runs today, from the hosts or from a keepalived/ldirectord file. */
export async function runImport(opts: ImportOptions, io: CliIO): Promise<number> {
  const sources = new Map<string, string>();
  const print = (diags: readonly Diagnostic[]): void => printDiagnostics(io, diags, sources, opts.color);
  const outName = opts.out ?? OUTPUT_NAME;
  if (opts.out !== undefined && existsSync(opts.out)) {
    print([errorDiag('Output file already exists', `${opts.out} exists; import writes only a new file, so nothing of yours is overwritten. Choose another -out, or remove it first.`)]);
    return EXIT_ERROR;
  }
  if (opts.from !== undefined && !(FORMATS as readonly string[]).includes(opts.from)) {
    print([errorDiag('Unknown import format', `-from takes ${FORMATS.join(' or ')}; without -from, import reads the hosts the configuration declares.`)]);
    return EXIT_ERROR;
  }
  const dir = opts.from ? '.' : opts.path ?? '.';
  const hasConfig = hclFilesIn(dir);
  const loaded: LoadResult | null = hasConfig || !opts.from ? loadConfigDir(dir, { vars: [], varFiles: [], env: io.env, ordered: [...opts.variables] }) : null;
  for (const [k, v] of loaded?.sources ?? []) sources.set(k, v);
  if (loaded) {
    print(loaded.diagnostics);
    if (!loaded.desired || hasErrors(loaded.diagnostics)) return EXIT_ERROR;
  }

  const diags: Diagnostic[] = [];
  let text: string;
  let edits: FileEdit[] = [];
  if (opts.from) {
    if (opts.path === undefined) {
      print([errorDiag('Missing file to convert', `lvsplan import -from=${opts.from} FILE: name the ${opts.from} configuration to convert.`)]);
      return EXIT_ERROR;
    }
    if (opts.configId !== undefined && opts.from !== 'keepalived') {
      print([errorDiag('Option only for keepalived', '-config-id says which of keepalived\'s @ID lines apply; ldirectord.cf has none.')]);
      return EXIT_ERROR;
    }
    const target = declaredTarget(loaded?.decl ?? null, opts.director, diags);
    if (!target) return done(diags);
    const converted =
      opts.from === 'keepalived' ? importKeepalived(opts.path, localFiles, target, diags, opts.configId) : importLdirectord(opts.path, localFiles, target, diags);
    for (const [k, v] of converted.sources) sources.set(k, v);
    if (hasErrors(diags)) return done(diags);
    text = writeCluster(converted.cluster);
    edits = bindVipsEdits(loaded?.decl ?? null, converted.cluster.directors, sources, opts.out !== undefined, diags);
  } else {
    const live = await importLive(dir, opts, loaded!, io, diags);
    if (live === null) return done(diags);
    text = live;
  }
  sources.set(outName, text);
  const check = loadConfigDir(dir, { vars: [], varFiles: [], env: io.env, ordered: [...opts.variables], extraFiles: [{ path: outName, text }] });
  for (const [k, v] of check.sources) sources.set(k, v);
  diags.push(...check.diagnostics.filter((d) => d.subject?.filename === outName || (!d.subject && d.severity === 'error')));
  if (hasErrors(diags)) return done(diags);
  if (opts.out !== undefined) {
    try {
      writeFileSync(opts.out, text, { flag: 'wx' });
    } catch (e) {
      diags.push(errorDiag('Cannot write the output', `${opts.out}: ${(e as Error).message}`));
      return done(diags);
    }
    for (const e of edits) diags.push(applyEdit(e, sources));
  } else io.stdout(text);
  return done(diags);

  function done(d: Diagnostic[]): number {
    print(d);
    return hasErrors(d) ? EXIT_ERROR : EXIT_OK;
  }
}

/** Writes an edited declared file; a warning-level note shows the changed line (or the error, when it cannot). */
function applyEdit(e: FileEdit, sources: Map<string, string>): Diagnostic {
  try {
    writeFileSync(e.path, e.text);
  } catch (err) {
    return errorDiag('Cannot edit the director block', `${e.path}: ${(err as Error).message}. Add bind_vips = false to director "${e.director}" yourself: ${e.why}`);
  }
  sources.set(e.path, e.text);
  return warningDiag('Director block edited', `Import set bind_vips = false on director "${e.director}" in ${e.path}: ${e.why}`, e.at);
}

function hclFilesIn(dir: string): boolean {
  try {
    return readdirSync(dir).some((n) => n.endsWith('.hcl'));
  } catch {
    return false;
  }
}

/**
 * Reads every declared director (or the one -director names) and every managed realserver, writes what
 * the configuration lacks, then plans configuration + output against what was read: a realserver the
 * output would change becomes an address backend, and anything else the first plan would still change is
 * a warning. Hosts are only read.
 */
async function importLive(dir: string, opts: ImportOptions, loaded: LoadResult, io: CliIO, diags: Diagnostic[]): Promise<string | null> {
  const desired = loaded.desired!;
  const decl = loaded.decl!;
  const directorNames = decl.directors.map((d) => d.name).filter((n) => opts.director === undefined || n === opts.director);
  if (directorNames.length === 0) {
    diags.push(
      errorDiag(
        opts.director === undefined ? 'No director declared' : 'Unknown director',
        opts.director === undefined
          ? 'lvsplan import reads the directors the configuration declares: add a director block with its connection, or convert a file with -from=keepalived|ldirectord.'
          : `-director=${opts.director} names no director of the configuration.`,
      ),
    );
    return null;
  }
  const hosts = desired.hosts.filter((h) => h.role === 'realserver' || directorNames.includes(h.name));
  const probe: DesiredResource[] = directorNames.flatMap((host) =>
    Object.keys(DIRECTOR_SYSCTL_DEFAULTS).map((id) => ({ host, type: 'sysctl' as const, id, address: '', attrs: { name: id, value: '' } })),
  );
  const runners = new HostRunners(hosts);
  try {
    const first = await refreshHosts({ hosts, desired: [...desired.resources, ...probe], runners: runners.map, parallelism: opts.parallelism });
    const optional = new Set(probe.map((p) => missingSysctl(p.host, p.id, sysctlPath(p.id)).summary));
    diags.push(...first.diagnostics.filter((d) => !optional.has(d.summary)));
    if (hasErrors(diags)) return null;
    const cluster = observedToCluster(decl, desired.resources, first.hosts.map((h) => h.observed), directorNames);
    cluster.header = [`Imported by lvsplan import from ${directorNames.map((n) => `director "${n}"`).join(', ')}.`];
    if (cluster.services.length === 0) diags.push(warningDiag('Nothing to import', `Every IPVS service on ${directorNames.join(', ')} is already in the configuration.`));

    let text = writeCluster(cluster);
    const withImport = (t: string) => loadConfigDir(dir, { vars: [], varFiles: [], env: io.env, ordered: [...opts.variables], extraFiles: [{ path: '<import output>', text: t }] }).desired;
    let combined = withImport(text);
    if (!combined) return text;
    const reread = await refreshHosts({ hosts, desired: combined.resources, runners: runners.map, parallelism: opts.parallelism });
    diags.push(...reread.diagnostics.filter((d) => d.severity === 'error'));
    if (hasErrors(diags)) return null;
    const observed = reread.hosts.map((h) => h.observed);
    const plan = (resources: DesiredResource[]) => computePlan({ desired: resources, hosts: desired.hosts, observed, drainTimeouts: {}, mode: 'apply' }).changes;
    const alone = plan(desired.resources);
    const realservers = new Set(desired.hosts.filter((h) => h.role === 'realserver').map((h) => h.name));
    const unready = realserverChanges(newChanges(plan(combined.resources), alone), realservers);
    if (unready.size > 0) {
      unmanageRealservers(cluster, unready);
      text = writeCluster(cluster);
      combined = withImport(text);
      if (!combined) return text;
    }
    for (const c of newChanges(plan(combined.resources), alone))
      diags.push(warningDiag('The first plan will not be empty', `With the imported services, plan would ${c.action} ${c.address} on ${c.host}. ${hint(c.address, c.host)}`));
    return text;
  } finally {
    await runners.close();
  }
}

function hint(address: string, host: string): string {
  if (address.startsWith('director.') && address.includes('.address['))
    return `The VIP is not bound on the director's interface: add bind_vips = false to director "${host}" if something else binds it.`;
  return '';
}
