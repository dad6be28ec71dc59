import type { Diagnostic } from '../hcl/diagnostic.js';
import type { HostSpec } from '../model/hosts.js';
import type { DesiredResource } from '../model/resource.js';
import { DesiredDestination } from '../model/desired-destination.js';
import type { StateRecord } from '../model/state-record.js';
import { buildHostReadScript, expectedIpvsByHost, parseHostRead, type ExpectedIpvs, type ObservedHost } from '../../providers/host-read.js';
import { stdoutOf, type CommandResult, type CommandRunner } from '../transport/command-runner.js';
import { readIsComplete } from '../../providers/host-read-sections.js';
import { classifyFailure } from '../transport/classify.js';
import { runOnHosts } from '../transport/fan-out.js';
import { errorDiag } from '../hcl/diagnostic.js';
import { nextTurn } from './next-turn.js';
import { runHostRead } from './run-host-read.js';

export interface RefreshedHost {
  observed: ObservedHost;
  /** The sysctls read, sorted: what a saved plan's apply reads again. */
  sysctlNames: string[];
}

export interface RefreshResult {
  hosts: RefreshedHost[];
  diagnostics: Diagnostic[];
}


/** The sysctls lvsplan has to see on a host: the desired ones and those its state record remembers. */
export function sysctlNamesFor(host: string, desired: readonly DesiredResource[], record: StateRecord | null): string[] {
  return withRecorded(configuredSysctls(desired, host).get(host), record);
}

/** The sysctls configured on each host (on `only`, when given), in one pass over the desired resources. */
function configuredSysctls(desired: readonly DesiredResource[], only?: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (let i = 0; i < desired.length; i++) {
    const r = desired[i]!;
    // Tested first: nearly every object of a large configuration is a destination (and r.type is read from many shapes).
    if (r instanceof DesiredDestination || r.type !== 'sysctl' || (only !== undefined && r.host !== only)) continue;
    const names = out.get(r.host);
    if (names === undefined) out.set(r.host, [r.id]);
    else names.push(r.id);
  }
  return out;
}

/** `configured` and the sysctls `record` remembers, sorted, each once. */
function withRecorded(configured: readonly string[] | undefined, record: StateRecord | null): string[] {
  const names = new Set<string>(configured);
  if (record) {
    for (const n of Object.keys(record.originalSysctls)) names.add(n);
    for (const e of record.managed) if (e.type === 'sysctl') names.add(e.id);
  }
  return [...names].sort();
}

/** The sysctls of a host's first read, before its state record is known (a lock holder's read uses the same). */
export function firstSysctlNames(host: string, desired: readonly DesiredResource[]): string[] {
  return sysctlNamesFor(host, desired, null);
}

async function readOnce(
  host: HostSpec,
  runner: CommandRunner,
  names: readonly string[],
  given: CommandResult | undefined,
  expectedOf: () => ExpectedIpvs | undefined,
) {
  const argv = buildHostReadScript({ role: host.role, sysctlNames: names });
  if (!argv.ok) return { diagnostics: [errorDiag(`Cannot read host "${host.name}"`, argv.error, host.declRange)] };
  // A read made already (by the holder of the host's apply lock) is run again only when its output was cut short.
  const running = given && readIsComplete(stdoutOf(given)) ? { result: given, attempts: 1 } : runHostRead(runner, argv.value);
  // The configuration's objects are indexed while the host's command starts and runs.
  const expected = expectedOf();
  const { result, attempts } = await running;
  const failure = classifyFailure(host.name, host.connection, result, host.declRange, host.commandRange);
  if (failure) return { diagnostics: [failure] };
  await nextTurn();
  return parseHostRead(host.name, host.role, stdoutOf(result), { attempts, expected });
}

/**
 * Reads every host in one round trip each, in parallel. When a host's state record names sysctls the
 * configuration no longer does, that host is read once more including them (the only second trip).
 * `fixedNames` (a saved plan's) makes the read repeat exactly what the plan read.
 */
export async function refreshHosts(opts: {
  hosts: readonly HostSpec[];
  desired: readonly DesiredResource[];
  runners: ReadonlyMap<string, CommandRunner>;
  parallelism: number;
  fixedNames?: ReadonlyMap<string, string[]>;
  /** Reads made already with the first names (firstSysctlNames), by the holders of the hosts' apply locks. */
  reads?: ReadonlyMap<string, CommandResult>;
}): Promise<RefreshResult> {
  const diagnostics: Diagnostic[] = [];
  // Made when a director is first read: its lines as configured are then kept as the configuration's objects.
  let expected: Map<string, ExpectedIpvs> | undefined;
  const expectedOf = (host: HostSpec) => () => (host.role === 'director' ? (expected ??= expectedIpvsByHost(opts.desired)).get(host.name) : undefined);
  let configured: Map<string, string[]> | undefined;
  const namesFor = (host: HostSpec, record: StateRecord | null) => withRecorded((configured ??= configuredSysctls(opts.desired)).get(host.name), record);
  const results = await runOnHosts(opts.hosts, opts.parallelism, async (host) => {
    const runner = opts.runners.get(host.name)!;
    let names = opts.fixedNames?.get(host.name) ?? namesFor(host, null);
    let read = await readOnce(host, runner, names, opts.reads?.get(host.name), expectedOf(host));
    if ('observed' in read && !opts.fixedNames) {
      const needed = namesFor(host, read.observed.stateRecord);
      if (needed.length !== names.length) {
        names = needed;
        read = await readOnce(host, runner, names, undefined, expectedOf(host));
      }
    }
    diagnostics.push(...read.diagnostics);
    return 'observed' in read && !read.diagnostics.some((d) => d.severity === 'error') ? { observed: read.observed, sysctlNames: [...names] } : null;
  });
  return { hosts: results.filter((r): r is RefreshedHost => r !== null), diagnostics };
}
