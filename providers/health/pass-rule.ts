import type { HealthCheckSpec } from '../../src/model/health.js';

/** The exit status of a check that timed out. */
export const TIMEOUT_RC = 124;
/** An HTTP answer's status line, at the start of the answer. */
export const HTTP_STATUS = /^HTTP\/\d(?:\.\d)? (\d{3})/;

/**
 * What passes a check, as one word the check script is sent too (it decides from it whether an armed edit is made):
 * "-" for tcp and command checks (exit status 0), else the accepted HTTP statuses as ranges ("200-200,301-302").
 */
export function passRule(spec: Pick<HealthCheckSpec, 'type' | 'expectStatus'>): string {
  return spec.type === 'tcp' || spec.type === 'command' ? '-' : spec.expectStatus.map(([a, b]) => `${a}-${b}`).join(',');
}

/**
 * Whether a result passes under `rule` (passRule): never a timeout; tcp and command by exit status 0; http and https
 * by an HTTP status line at the start of the answer, within the ranges, and the body holding expect_body when one is
 * asked for (bodyOk false otherwise). check-script.ts's `passes` is this function in bash; a unit test holds them equal.
 */
export function passes(rule: string, rc: number, bodyOk: boolean | null, out: string): boolean {
  if (rc === TIMEOUT_RC) return false;
  if (rule === '-') return rc === 0;
  const status = HTTP_STATUS.exec(out);
  if (!status || bodyOk === false) return false;
  const code = Number(status[1]);
  return rule.split(',').some((r) => {
    const [lo, hi] = r.split('-').map(Number) as [number, number];
    return code >= lo && code <= hi;
  });
}
