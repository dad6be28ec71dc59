import { randomBytes } from 'node:crypto';
import { closeSync, lstatSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';

export const PLAN_KEY_ENV = 'LVSPLAN_PLAN_KEY';
const MIN_KEY_LENGTH = 32;

/** Where the operator's plan key lives: $XDG_CONFIG_HOME/lvsplan/plan-key, else ~/.config/lvsplan/plan-key. */
export function planKeyPath(env: NodeJS.ProcessEnv): string {
  const config = env.XDG_CONFIG_HOME || join(env.HOME || homedir(), '.config');
  return join(config, 'lvsplan', 'plan-key');
}

export type PlanKey = { ok: true; key: Buffer; source: string } | { ok: false; error: string };

/**
 * The key saved plans are signed with: $LVSPLAN_PLAN_KEY (e.g. a CI secret shared by the plan and
 * apply jobs), else the key file, created with 32 random bytes on first use when `create` is set.
 * A key file that others could read or replace is refused.
 */
export function loadPlanKey(env: NodeJS.ProcessEnv, create: boolean): PlanKey {
  const fromEnv = env[PLAN_KEY_ENV];
  if (fromEnv !== undefined && fromEnv !== '') {
    if (fromEnv.length < MIN_KEY_LENGTH) return { ok: false, error: `${PLAN_KEY_ENV} must be at least ${MIN_KEY_LENGTH} characters (e.g. openssl rand -hex 32)` };
    return { ok: true, key: Buffer.from(fromEnv), source: PLAN_KEY_ENV };
  }
  const path = planKeyPath(env);
  try {
    const st = lstatSync(path);
    if (!st.isFile()) return { ok: false, error: `${path} is not a regular file` };
    if (process.getuid && st.uid !== process.getuid()) return { ok: false, error: `${path} is not owned by the current user` };
    if ((st.mode & 0o077) !== 0) return { ok: false, error: `${path} can be read or written by others (mode ${(st.mode & 0o777).toString(8)}); chmod 600 it` };
    const key = readFileSync(path, 'utf8').trim();
    if (key.length < MIN_KEY_LENGTH) return { ok: false, error: `${path} holds no key of at least ${MIN_KEY_LENGTH} characters` };
    return { ok: true, key: Buffer.from(key), source: path };
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') return { ok: false, error: (e as Error).message };
  }
  if (!create) return { ok: false, error: `there is no plan key: neither ${PLAN_KEY_ENV} nor ${path} exists` };
  try {
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    const key = randomBytes(32).toString('hex');
    const fd = openSync(path, 'wx', 0o600);
    writeSync(fd, `${key}\n`);
    closeSync(fd);
    return { ok: true, key: Buffer.from(key), source: path };
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return loadPlanKey(env, false);
    return { ok: false, error: `cannot create ${path}: ${(e as Error).message}` };
  }
}
