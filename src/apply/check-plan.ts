import { HOST_NAME } from '../config/patterns.js';
import { isValidName } from '../model/names/name-rule.js';
import { attrsChecker, isFlatAttrs, type AttrsCheck } from '../../providers/attrs-check.js';
import type { Attrs } from '../model/resource.js';
import { attrSpec } from '../model/schema/index.js';
import type { Plan, ResourceChange } from '../plan/types.js';
import { connectionProblems } from '../transport/connection-check.js';
import { probeProblems } from './check-probes.js';

const ACTIONS: ReadonlySet<string> = new Set(['no-op', 'create', 'update', 'delete', 'replace']);
const TYPES: ReadonlySet<string> = new Set(['ipvs_service', 'ipvs_destination', 'address', 'sysctl']);
const ROLES: ReadonlySet<string> = new Set(['director', 'realserver']);
const REASONS: ReadonlySet<string> = new Set([
  'replace_because_cannot_update', 'delete_because_no_resource_config', 'delete_because_unmanaged_exclusive', 'restore_because_no_resource_config',
]);
const FINGERPRINT = /^[0-9a-f]{64}$/;
/** Enough problems to show what is wrong without flooding the terminal with a hostile file's content. */
const MAX_PROBLEMS = 10;

/**
 * Why a plan that was not made in this process (a saved plan file) must not run, or [] when it may.
 * A plan file is executable input: every host is declared once with a connection the configuration
 * would accept, every change names a declared, fingerprinted host, a known type and action, and
 * every command it leads to builds with the same rules a fresh plan's would.
 */
export function planProblems(plan: Plan): string[] {
  const problems: string[] = [];
  const add = (p: string) => problems.length < MAX_PROBLEMS && problems.push(p);
  const hosts = new Set<string>();
  for (const [i, h] of plan.hosts.entries()) {
    const where = `hosts[${i}]`;
    if (typeof h !== 'object' || h === null) { add(`${where} is not an object`); continue; }
    if (typeof h.name !== 'string' || !isValidName(HOST_NAME, h.name)) add(`${where}: ${JSON.stringify(h.name)} is not a valid host name`);
    else if (hosts.has(h.name)) add(`${where}: host "${h.name}" is declared twice`);
    else hosts.add(h.name);
    if (!ROLES.has(h.role as string)) add(`${where}: role ${JSON.stringify(h.role)} is not director or realserver`);
    if (typeof h.exclusive !== 'boolean') add(`${where}: "exclusive" is not true or false`);
    for (const p of connectionProblems(h.connection)) add(`${where} (${String(h.name)}): connection: ${p}`);
  }
  const fingerprinted = new Set<string>();
  for (const [i, f] of plan.fingerprints.entries()) {
    if (!hosts.has(f.host)) add(`fingerprints[${i}]: host ${JSON.stringify(f.host)} is not declared in the plan`);
    else if (fingerprinted.has(f.host)) add(`fingerprints[${i}]: host "${f.host}" is fingerprinted twice`);
    fingerprinted.add(f.host);
    if (!FINGERPRINT.test(f.fingerprint)) add(`fingerprints[${i}]: the fingerprint of "${f.host}" is not a sha256 hex digest`);
    if (f.sysctlNames !== undefined && (!Array.isArray(f.sysctlNames) || f.sysctlNames.some((n) => typeof n !== 'string'))) add(`fingerprints[${i}]: "sysctlNames" is not a list of names`);
  }
  for (const [i, c] of plan.changes.entries()) {
    for (const p of changeProblems(c, hosts, fingerprinted)) add(`changes[${i}] (${String(c.address)}): ${p}`);
  }
  if (plan.probes !== undefined && !Array.isArray(plan.probes)) add('"probes" is not a list');
  else for (const [i, p] of (plan.probes ?? []).entries()) for (const x of probeProblems(p)) add(`probes[${i}]: ${x}`);
  if (problems.length === 0) for (const p of commandProblems(plan)) add(p);
  return problems;
}

function changeProblems(c: ResourceChange, hosts: ReadonlySet<string>, fingerprinted: ReadonlySet<string>): string[] {
  const out: string[] = [];
  if (!hosts.has(c.host)) out.push(`host ${JSON.stringify(c.host)} is not declared in the plan`);
  else if (!fingerprinted.has(c.host)) out.push(`host "${c.host}" has no fingerprint, so apply could not tell whether it changed since the plan`);
  if (!TYPES.has(c.type)) out.push(`resource type ${JSON.stringify(c.type)} is unknown`);
  if (!ACTIONS.has(c.action)) out.push(`action ${JSON.stringify(c.action)} is unknown`);
  if (typeof c.address !== 'string') out.push('"address" is not a string');
  if (!Number.isSafeInteger(c.phase) || c.phase < 0) out.push(`phase ${JSON.stringify(c.phase)} is not a whole number`);
  if (c.reason !== undefined && !REASONS.has(c.reason)) out.push(`reason ${JSON.stringify(c.reason)} is unknown`);
  if (typeof c.drift !== 'boolean') out.push('"drift" is not true or false');
  if (!Array.isArray(c.replacePaths) || c.replacePaths.some((p) => typeof p !== 'string')) out.push('"replacePaths" is not a list of names');
  if (c.sensitive !== undefined && (!Array.isArray(c.sensitive) || c.sensitive.some((p) => typeof p !== 'string' || (TYPES.has(c.type) && !attrSpec(c.type, p))))) out.push('"sensitive" is not a list of the resource\'s attribute names');
  if (c.drain !== undefined && !(typeof c.drain === 'object' && c.drain !== null && Number.isFinite(c.drain.timeoutSeconds) && c.drain.timeoutSeconds >= 0)) out.push('"drain" has no valid timeoutSeconds');
  for (const key of ['before', 'after', 'recorded'] as const) {
    const v = c[key];
    if (v !== undefined && v !== null && !isFlatAttrs(v)) out.push(`"${key}" is not a set of attribute values`);
  }
  const needsBefore = c.action === 'delete' || c.action === 'update' || c.action === 'replace';
  const needsAfter = c.action === 'create' || c.action === 'update' || c.action === 'replace';
  if (needsBefore && !c.before) out.push(`a ${c.action} needs the attributes before it`);
  if (needsAfter && !c.after) out.push(`a ${c.action} needs the attributes after it`);
  return out;
}

/**
 * Every set of attributes the plan holds must give its change's id and build the command that would
 * create it, with the rules apply uses: a value or identity no configuration (or host read) could
 * produce is refused now, not found when a command fails on a host. A sysctl's before is checked too:
 * it becomes the recorded original that destroy writes back.
 */
function commandProblems(plan: Plan): string[] {
  const out: string[] = [];
  const services = new Map<string, Attrs>();
  for (const c of plan.changes) if (c.type === 'ipvs_service') services.set(`${c.host}\u0000${c.id}`, (c.after ?? c.before)!);
  const checks = new Map<string, AttrsCheck>();
  const checkOf = (host: string): AttrsCheck => {
    let check = checks.get(host);
    if (!check) checks.set(host, (check = attrsChecker((svcId) => services.get(`${host}\u0000${svcId}`) ?? null)));
    return check;
  };
  for (const c of plan.changes) {
    const attrsProblem = checkOf(c.host);
    for (const [side, attrs] of [['before', c.before], ['after', c.after]] as const) {
      if (!attrs) continue;
      const why = attrsProblem(c.type, c.id, attrs);
      if (why) out.push(`${c.host}: ${c.address}: ${side}: ${why}`);
    }
  }
  return out;
}
