import { describe, expect, it } from 'vitest';
import { executePlan } from '../../src/apply/execute-plan.js';
import type { DesiredResource } from '../../src/model/resource.js';
import { renderHumanPlan } from '../../src/render/human-plan.js';
import { jsonPieces } from '../../src/render/json-pieces.js';
import { jsonPlanDocument, renderJsonPlan } from '../../src/render/json-plan.js';
import { Cluster, desired, SVC, VIP } from '../apply/support/cluster.js';

const NEW_SVC = `tcp:${VIP}:8080`;

/** The seed cluster with the service moved from port 80 to 8080 (a new identity for it and its destinations). */
function onPort8080(): DesiredResource[] {
  return desired().map((d): DesiredResource => {
    if (d.type === 'ipvs_service') return { ...d, id: NEW_SVC, attrs: { ...d.attrs, port: 8080 } };
    if (d.type === 'ipvs_destination') {
      return { ...d, id: d.id.replace(SVC, NEW_SVC).replace(/:80$/, ':8080'), attrs: { ...d.attrs, service: NEW_SVC, port: 8080 } };
    }
    return d;
  });
}

describe('a block whose identity changes is that block\'s replacement', () => {
  it('plans +/- virtual_server.web with # forces replacement, its destinations with it, applies and converges', async () => {
    const c = new Cluster();
    expect((await executePlan(await c.plan(desired()), c.deps())).exitCode).toBe(0);

    const plan = await c.plan(onPort8080());
    const json = renderJsonPlan(plan);
    const text = renderHumanPlan(json, { color: false });
    // -json writes the same document, each replacement folded in as its change is made.
    expect([...jsonPieces(jsonPlanDocument(plan))].join('')).toBe(JSON.stringify(json));

    expect(text).toContain('  # virtual_server.web must be replaced on host lvs-dr');
    expect(text).toContain('+/- resource "ipvs_service" "web" {');
    expect(text).toMatch(/~ port +\= 80 -> 8080 # forces replacement/);
    for (const rs of ['lvs01', 'lvs02']) {
      expect(text).toContain(`  # virtual_server.web.backend["${rs}"] must be replaced on host lvs-dr`);
    }
    expect(text).toMatch(/~ service +\= "tcp:192\.168\.122\.50:80" -> "tcp:192\.168\.122\.50:8080" # forces replacement/);
    expect(text).toContain('+/- create replacement and then destroy');
    expect(text).not.toContain('ipvs_service[');
    expect(text).not.toContain('will be created');
    expect(text).toContain('Plan: 3 to add, 0 to change, 3 to destroy.');

    const web = json.resource_changes.find((r) => r.address === 'virtual_server.web')!;
    expect(web.change.actions).toEqual(['create', 'delete']);
    expect(web.change.replace_paths).toEqual([['port']]);
    expect(web.action_reason).toBe('replace_because_cannot_update');
    expect(web.lvsplan).toMatchObject({ id: NEW_SVC, replaces_id: SVC });
    expect(json.resource_changes.filter((r) => r.address.startsWith('virtual_server.web'))).toHaveLength(3);

    const result = await executePlan(plan, c.deps());
    expect(result.exitCode).toBe(0);
    const again = await c.plan(onPort8080());
    expect(again.changes.filter((x) => x.action !== 'no-op')).toEqual([]);
    expect(c.host('lvs-dr').batches().flat().filter((l) => l.includes(`${VIP}:80 `) || l.endsWith(`${VIP}:80`))).toContain(`-D -t ${VIP}:80`);
  });

  it('names a deleted object after the block recorded for it, so nothing is shown as an anonymous ipvs_service', async () => {
    const c = new Cluster();
    await executePlan(await c.plan(desired()), c.deps());
    const plan = await c.plan(desired().filter((d) => d.type !== 'ipvs_service' && d.type !== 'ipvs_destination'));
    const del = plan.changes.find((x) => x.type === 'ipvs_service')!;
    expect(del).toMatchObject({ action: 'delete', address: 'virtual_server.web', reason: 'delete_because_no_resource_config' });
  });
});
