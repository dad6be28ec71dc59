import type { Diagnostic } from '../src/hcl/diagnostic.js';
import type { HostRole } from '../src/model/hosts.js';
import type { ResourceInstance } from '../src/model/resource.js';
import { STATE_RECORD_PATH, type StateRecord } from '../src/model/state-record.js';
import { addressToResources } from './address/to-resources.js';
import { parseIpAddrShow } from './address/parse-ip-addr.js';
import { fingerprintObserved, recordDigest } from './host-fingerprint.js';
import * as diag from './host-read-diagnostics.js';
import { STATE_ABSENT_RC } from './host-read-script.js';
import { splitSections, type Section } from './host-read-sections.js';
import { ReadBytes } from './read-bytes.js';
import { readStateRecord } from './host-state-record.js';
import { parseIpvsSave } from './ipvs/parse-save.js';
import type { ExpectedIpvs } from './ipvs/expected.js';
import { parseIpvsThresholds } from './ipvs/parse-thresholds.js';
import { sysctlPath } from './sysctl/name.js';
import { parseSysctlRead, sysctlsToResources } from './sysctl/read.js';

export { buildHostReadScript, HOST_READ_SCRIPT, type HostReadRequest } from './host-read-script.js';
export { fingerprintObserved } from './host-fingerprint.js';
export { expectedIpvsByHost, type ExpectedIpvs } from './ipvs/expected.js';

export interface ObservedHost {
  host: string;
  resources: ResourceInstance[];
  stateRecord: StateRecord | null;
  missingIpvsadm: boolean;
  fingerprint: string;
}

export interface HostReadOptions {
  /** Keep only addresses on these interfaces (default: every address). */
  managedInterfaces?: readonly string[];
  /** Where the state record was read from, for messages. */
  stateRecordPath?: string;
  /** How many times the read ran (a read whose output was cut is run once more), for messages. */
  attempts?: number;
  /** A director's IPVS objects as configured: an object read as it is there shares its id and attributes (the read keeps less). */
  expected?: ExpectedIpvs;
}

/** How much of the end of a cut read a diagnostic shows. */
const TAIL_CHARS = 120;

/**
 * Turns the output of buildHostReadScript's command (its text, or the pieces it arrived in) into what the
 * planner needs. Sections that failed become diagnostics naming the host and what to do; what could be read
 * is still returned.
 */
export function parseHostRead(
  host: string,
  role: HostRole,
  stdout: string | readonly Buffer[],
  options: HostReadOptions = {},
): { observed: ObservedHost; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const out = ReadBytes.of(stdout);
  const { sections, complete, lastWhole } = splitSections(stdout);
  const missing = [...sections.values()].flatMap((s) => (s.status === 'missing' ? [{ name: s.name, reason: s.reason }] : []));
  if (missing.length > 0 || !complete) {
    diagnostics.push(
      diag.incompleteRead(host, {
        bytes: out.length,
        lastWhole,
        missing,
        endMissing: !complete,
        // The last TAIL_CHARS characters are within the last 4 bytes each (UTF-8).
        tail: out.text(out.length - TAIL_CHARS * 4 - 4).slice(-TAIL_CHARS),
        attempts: options.attempts ?? 1,
      }),
    );
  }

  const ran = (name: Section['name']) => {
    const s = sections.get(name);
    return s && s.status === 'ran' ? s : null;
  };
  const has = ran('has-ipvsadm');
  const missingIpvsadm = role === 'director' && has !== null && has.rc !== 0;
  if (missingIpvsadm) diagnostics.push(diag.missingIpvsadm(host));

  // The IPVS table first, as the array the rest is added to (spread into push, 110,000 resources are as many call arguments).
  const resources: ResourceInstance[] = role === 'director' && !missingIpvsadm ? readIpvs(host, ran('ipvs-save'), ran('ipvs-thresholds'), options.expected ?? null, diagnostics) : [];

  const addrs = ran('addresses');
  if (addrs && addrs.rc !== 0) diagnostics.push(diag.commandFailed(host, 'ip -o addr show', addrs.rc, addrs.stderr));
  else if (addrs) {
    const parsed = parseIpAddrShow(addrs.stdout);
    if (parsed.problems.length > 0) diagnostics.push(diag.unreadableOutput(host, '`ip -o addr show`', parsed.problems));
    resources.push(...addressToResources(host, parsed.addresses, options.managedInterfaces));
  }

  const sys = ran('sysctls');
  if (sys) {
    const parsed = parseSysctlRead(sys.stdout);
    if (parsed.problems.length > 0) diagnostics.push(diag.unreadableOutput(host, 'the sysctl values', parsed.problems));
    for (const name of parsed.missing) diagnostics.push(diag.missingSysctl(host, name, sysctlPath(name)));
    resources.push(...sysctlsToResources(host, parsed.values));
  }

  const state = readState(host, ran('state'), options.stateRecordPath ?? STATE_RECORD_PATH, options.expected ?? null, diagnostics);
  return { observed: observedHost(host, resources, state, missingIpvsadm), diagnostics };
}

/**
 * What was read, with its fingerprint hashed when first asked for: a saved plan, the JSON plan and apply's
 * staleness check read it; the text plan never does (on a 100,000-destination director the hash is a
 * seventh of the plan's time). The resources are not changed after the read, so it is the same hash.
 */
function observedHost(host: string, resources: ResourceInstance[], state: ReadState | null, missingIpvsadm: boolean): ObservedHost {
  let fingerprint: string | undefined;
  return {
    host,
    resources,
    stateRecord: state?.record ?? null,
    missingIpvsadm,
    get fingerprint() {
      return (fingerprint ??= fingerprintObserved(resources, state?.digest() ?? null, missingIpvsadm));
    },
  };
}

/** The state record read, and the digest of its text for the fingerprint (hashed when first asked for, as the fingerprint is). */
interface ReadState {
  record: StateRecord;
  digest(): string;
}

function readIpvs(host: string, save: Section | null, thresholds: Section | null, expected: ExpectedIpvs | null, diagnostics: Diagnostic[]): ResourceInstance[] {
  if (!save || save.status !== 'ran' || !thresholds || thresholds.status !== 'ran') return [];
  if (save.rc !== 0) {
    diagnostics.push(diag.ipvsadmFailed(host, 'ipvsadm -Sn', save.rc, save.stderr));
    return [];
  }
  if (thresholds.rc !== 0) {
    diagnostics.push(diag.ipvsadmFailed(host, 'ipvsadm -Ln --thresholds', thresholds.rc, thresholds.stderr));
    return [];
  }
  const t = parseIpvsThresholds(thresholds.bytes);
  const s = parseIpvsSave(save.bytes, host, t.thresholds, expected);
  if (s.problems.length > 0) diagnostics.push(diag.unreadableOutput(host, '`ipvsadm -Sn`', s.problems));
  if (t.problems.length > 0) diagnostics.push(diag.unreadableOutput(host, '`ipvsadm -Ln --thresholds`', t.problems));
  return s.resources;
}

function readState(host: string, s: Section | null, path: string, expected: ExpectedIpvs | null, diagnostics: Diagnostic[]): ReadState | null {
  if (!s || s.status !== 'ran' || s.rc === STATE_ABSENT_RC) return null;
  if (s.rc !== 0) {
    diagnostics.push(diag.unreadableStateRecord(host, s.rc, s.stderr));
    return null;
  }
  const r = readStateRecord(s.bytes, expected);
  if (typeof r === 'string') {
    diagnostics.push(diag.badStateRecord(host, path, r));
    return null;
  }
  let digest: string | undefined;
  return { record: r, digest: () => (digest ??= recordDigest(s.bytes.text())) };
}
