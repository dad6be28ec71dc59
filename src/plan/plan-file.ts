import { errorDiag, type Diagnostic } from '../hcl/diagnostic.js';
import { nestedDeeperThan } from '../model/json-depth.js';
import { basename, isAbsolute } from 'node:path';
import { KNOWN_HOSTS_FILE } from '../model/known-hosts.js';
import type { Plan } from './types.js';

/**
 * Saved plan files: JSON with a format marker and a version. Readers reject an unknown major version
 * and accept any minor (minor versions only add fields).
 */
export const PLAN_FILE_FORMAT = 'lvsplan-plan';
export const PLAN_FILE_VERSION = '1.2';

interface PlanFileEnvelope {
  format: string;
  version: string;
  /** Since 1.1: plan-mac.ts's authentication code of `plan`. Since 1.2, `plan` may carry `probes`. */
  mac?: string;
  plan: Plan;
}

export function encodePlanFile(plan: Plan, mac?: string): string {
  const envelope: PlanFileEnvelope = { format: PLAN_FILE_FORMAT, version: PLAN_FILE_VERSION, ...(mac !== undefined ? { mac } : {}), plan };
  return `${JSON.stringify(envelope, null, 1)}\n`;
}

export interface DecodedPlanFile {
  plan: Plan | null;
  /** The authentication code the file carries, or null (then apply refuses it). */
  mac: string | null;
  diagnostics: Diagnostic[];
}

export function decodePlanFile(text: string): DecodedPlanFile {
  const fail = (summary: string, detail: string) => ({ plan: null, mac: null, diagnostics: [errorDiag(summary, detail)] });
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return fail('Invalid plan file', `The file is not a saved lvsplan plan: ${(e as Error).message}. Create one with "lvsplan plan -out=FILE".`);
  }
  if (nestedDeeperThan(raw)) return fail('Invalid plan file', 'The saved plan nests deeper than any plan lvsplan writes; it was not made by lvsplan.');
  if (!isObject(raw) || raw.format !== PLAN_FILE_FORMAT) {
    return fail('Invalid plan file', 'The file is not a saved lvsplan plan (no "lvsplan-plan" format marker). Create one with "lvsplan plan -out=FILE".');
  }
  const version = typeof raw.version === 'string' ? raw.version : '';
  const major = version.split('.')[0];
  if (major !== PLAN_FILE_VERSION.split('.')[0]) {
    return fail(
      'Unsupported plan file version',
      `The plan file has format version "${version}", but this lvsplan reads only version ${PLAN_FILE_VERSION.split('.')[0]}.x. Create a new plan with this version of lvsplan.`,
    );
  }
  const plan = raw.plan;
  const problem = shapeProblem(plan);
  if (problem) return fail('Invalid plan file', `The saved plan is damaged: ${problem}.`);
  return { plan: plan as Plan, mac: typeof raw.mac === 'string' ? raw.mac : null, diagnostics: [] };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function shapeProblem(plan: unknown): string | null {
  if (!isObject(plan)) return 'no plan object';
  if (plan.mode !== 'apply' && plan.mode !== 'destroy') return 'unknown planning mode';
  for (const field of ['changes', 'unmanaged', 'hosts', 'fingerprints'] as const) {
    if (!Array.isArray(plan[field])) return `"${field}" is not a list`;
  }
  for (const c of plan.changes as unknown[]) {
    if (!isObject(c) || typeof c.host !== 'string' || typeof c.id !== 'string' || typeof c.action !== 'string' || typeof c.phase !== 'number') {
      return 'a resource change is incomplete';
    }
  }
  for (const f of plan.fingerprints as unknown[]) {
    if (!isObject(f) || typeof f.host !== 'string' || typeof f.fingerprint !== 'string') return 'a host fingerprint is incomplete';
  }
  return plan.knownHosts === undefined ? null : knownHostsProblem(plan.knownHosts);
}

/** The binding names the file apply will write, so it must be an absolute path to a known-hosts file. */
function knownHostsProblem(k: unknown): string | null {
  if (!isObject(k) || typeof k.file !== 'string' || !isAbsolute(k.file) || basename(k.file) !== KNOWN_HOSTS_FILE || /[\0\n\r]/.test(k.file)) {
    return `"knownHosts.file" is not an absolute path to a ${KNOWN_HOSTS_FILE} file`;
  }
  if (!Array.isArray(k.configured) || k.configured.some((n) => typeof n !== 'string') || typeof k.targeted !== 'boolean') return '"knownHosts" is incomplete';
  return null;
}
