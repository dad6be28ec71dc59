import { describe, expect, it } from 'vitest';
import { SCHEMAS } from '../../src/model/schema/index.js';
import type { Attrs } from '../../src/model/resource.js';
import { computePlan } from '../../src/plan/compute-plan.js';
import { renderHumanPlan } from '../../src/render/human-plan.js';
import { renderJsonPlan } from '../../src/render/json-plan.js';
import { appliedHosts, SVC, withObserved } from '../plan/seed-cluster.js';
import { input } from '../plan/seed-cluster.js';

/** The same attributes with their keys in reverse order, plus one the schema does not declare. */
const shuffled = (a: Attrs): Attrs => ({ not_in_schema: 'x', ...Object.fromEntries(Object.entries(a).reverse()) });

const DEST = `${SVC}->192.168.122.10:80`;

/** Observed objects whose attributes a parser built in another order: the service changed, a destination gone from config. */
function plan() {
  const observed = withObserved(appliedHosts(), 'lvs-dr', (rs) =>
    rs.map((r) => (r.id === SVC ? { ...r, attrs: shuffled({ ...r.attrs, scheduler: 'lc', persistent: true, persistence_timeout: 60 }) } : r.id === DEST ? { ...r, attrs: shuffled(r.attrs) } : r)),
  );
  return computePlan(input(observed));
}

describe('plan outputs list attributes in the order the schema declares them', () => {
  it('JSON plan: before and after hold exactly the schema\'s attributes, in its order', () => {
    const json = renderJsonPlan(plan());
    const svc = json.resource_changes.find((r) => r.lvsplan.id === SVC)!;
    expect(svc.change.actions).toEqual(['update']);
    expect(Object.keys(svc.change.before!)).toEqual(Object.keys(SCHEMAS.ipvs_service));
    expect(Object.keys(svc.change.after!)).toEqual(Object.keys(SCHEMAS.ipvs_service));
    for (const rc of json.resource_changes)
      for (const attrs of [rc.change.before, rc.change.after]) if (attrs) expect(Object.keys(attrs), rc.address).toEqual(Object.keys(SCHEMAS[rc.type]));
  });

  it('human plan: changed attributes in schema order', () => {
    const text = renderHumanPlan(renderJsonPlan(plan()), { color: false });
    const block = text.slice(text.indexOf('# virtual_server.web will be updated'));
    const names = [...block.slice(0, block.indexOf('\n    }')).matchAll(/^\s+[~+-] (\w+)\s+=/gm)].map((m) => m[1]);
    expect(names).toEqual(['scheduler', 'persistent', 'persistence_timeout']);
    expect(text).not.toContain('not_in_schema');
  });
});
