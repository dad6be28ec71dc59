import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Plan } from './types.js';

/**
 * A saved plan's authentication code: HMAC-SHA256 of the plan's JSON under the operator's plan key.
 * apply FILE runs only a plan whose code verifies, so a file edited after `plan -out` (or made by
 * someone without the key) is refused before any command runs.
 */
export const PLAN_MAC_PREFIX = 'hmac-sha256:';

export function planMac(key: Buffer, plan: Plan): string {
  return PLAN_MAC_PREFIX + createHmac('sha256', key).update(JSON.stringify(plan)).digest('hex');
}

export function planMacMatches(key: Buffer, plan: Plan, mac: string): boolean {
  const expected = Buffer.from(planMac(key, plan));
  const given = Buffer.from(mac);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
