import { errorDiag, type Diagnostic } from '../hcl/diagnostic.js';
import type { Range } from '../hcl/range.js';
import type { HclValue } from '../hcl/value.js';
import { CHECK_LIMITS } from '../model/health.js';

/** expect_status = 200, "200-299", or a list of those; returns inclusive ranges. */
export function expectStatusOf(v: HclValue | undefined, r: Range, diags: Diagnostic[]): [number, number][] | null {
  if (v === undefined || v === null) return null;
  const items = Array.isArray(v) ? v : [v];
  const out: [number, number][] = [];
  const { min, max } = CHECK_LIMITS.expectStatus;
  for (const it of items) {
    const m = typeof it === 'number' ? [String(it), String(it), undefined] : typeof it === 'string' ? /^(\d{3})(?:-(\d{3}))?$/.exec(it) : null;
    const lo = m ? Number(m[1]) : NaN;
    const hi = m ? Number(m[2] ?? m[1]) : NaN;
    if (!Number.isInteger(lo) || !Number.isInteger(hi) || lo < min || hi > max || lo > hi) {
      diags.push(errorDiag('Invalid expect_status', `expect_status takes HTTP status codes ${min}..${max} or ranges, e.g. 200, "200-299" or [200, 301].`, r));
      return null;
    }
    out.push([lo, hi]);
  }
  return out.length > 0 ? out : null;
}
