import { errorDiag, type Diagnostic } from '../hcl/diagnostic.js';
import type { LifecycleSpec } from '../model/health.js';
import { keyOf, type DesiredOf, type DesiredResource, type ResourceInstance } from '../model/resource.js';
import type { ResourceChange } from './types.js';
import { withAttrs } from '../model/desired-destination.js';

/**
 * Terraform's ignore_changes: once the object exists, the listed attributes keep the values the host
 * has, so they are neither planned nor applied. A new object is created with the configured values.
 */
export function applyIgnoreChanges(
  desired: readonly DesiredResource[],
  lifecycle: Readonly<Record<string, LifecycleSpec>>,
  observed: ReadonlyMap<string, ResourceInstance>,
): DesiredResource[] {
  return desired.map((d) => {
    const names = lifecycle[d.address]?.ignoreChanges;
    if (!names || names.length === 0) return d;
    const obs = observed.get(keyOf(d));
    if (!obs) return d;
    // Same (host, type, id), so the observed attrs have the desired attrs' schema.
    const attrs: Record<string, unknown> = { ...d.attrs };
    const seen = obs.attrs as Record<string, unknown>;
    for (const n of names) if (n in seen && n in attrs) attrs[n] = seen[n];
    return withAttrs(d, attrs as DesiredResource['attrs']) as DesiredResource;
  });
}

/** prevent_destroy: a plan that deletes or replaces a protected object is an error, as in Terraform. */
export function preventDestroyErrors(changes: readonly ResourceChange[], lifecycle: Readonly<Record<string, LifecycleSpec>>, ranges: () => ReadonlyMap<string, DesiredResource>): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const c of changes) {
    if (c.action !== 'delete' && c.action !== 'replace') continue;
    if (!lifecycle[c.address]?.preventDestroy) continue;
    out.push(errorDiag(
      'Instance cannot be destroyed',
      `Resource ${c.address} on host ${c.host} has lifecycle.prevent_destroy set, but the plan calls for this resource to be ${c.action === 'delete' ? 'destroyed' : 'replaced'}. To avoid this error and continue with the plan, either disable lifecycle.prevent_destroy or reduce the scope of the plan using the --target flag.`,
      ranges().get(keyOf(c))?.declRange,
    ));
  }
  return out;
}
