import { describe, expect, it } from 'vitest';
import { computePlan } from '../../src/plan/compute-plan.js';
import { renderHumanPlan } from '../../src/render/human-plan.js';
import { renderJsonPlan } from '../../src/render/json-plan.js';
import { appliedHosts, emptyHosts, input, VIP, withObserved } from '../plan/seed-cluster.js';

const ESC = '\u001b[';
const strip = (s: string) => s.replace(/\u001b\[[0-9;]*m/g, '');

describe('renderHumanPlan', () => {
  const json = renderJsonPlan(computePlan(input(emptyHosts())));

  it('colours symbols only when asked, and the text is otherwise identical', () => {
    const plain = renderHumanPlan(json, { color: false });
    const coloured = renderHumanPlan(json, { color: true });
    expect(plain).not.toContain(ESC);
    expect(coloured).toContain(`${ESC}32m+${ESC}39m`);
    expect(coloured).toContain(`${ESC}33m~${ESC}39m`);
    expect(strip(coloured)).toBe(plain);
  });

  it('is drawn from the JSON alone', () => {
    const edited = structuredClone(json);
    edited.resource_changes = edited.resource_changes.filter((r) => r.address === 'virtual_server.web');
    const text = renderHumanPlan(edited, { color: false });
    expect(text).toContain('# virtual_server.web will be created on host lvs-dr');
    expect(text).not.toContain('backend');
    expect(text).toContain('Plan: 1 to add, 0 to change, 0 to destroy.');
  });

  it('draws a replacement with -/+, forces replacement, and counts it as add and destroy', () => {
    const observed = withObserved(appliedHosts(), 'lvs01', (rs) =>
      rs.map((r) => (r.id === `lo/${VIP}` ? { ...r, attrs: { ...r.attrs, prefix_length: 24 } } : r)),
    );
    const text = renderHumanPlan(renderJsonPlan(computePlan(input(observed))), { color: false });
    expect(text).toContain('-/+ destroy and then create replacement');
    expect(text).toContain(`  # realserver.lvs01.address["lo/${VIP}"] must be replaced on host lvs01\n-/+ resource "address" "lo/${VIP}" {`);
    expect(text).toContain('      ~ prefix_length = 24 -> 32 # forces replacement');
    expect(text).toContain('        # (3 unchanged attributes hidden)');
    expect(text).toContain('Plan: 1 to add, 0 to change, 1 to destroy.');
  });

  it('says there is nothing to destroy in destroy mode without records', () => {
    const text = renderHumanPlan(renderJsonPlan(computePlan(input(emptyHosts(), { mode: 'destroy' }))), { color: false });
    expect(text.startsWith('No changes. No objects need to be destroyed.')).toBe(true);
  });

  it('puts the drift note before the actions', () => {
    const observed = withObserved(appliedHosts(), 'lvs02', (rs) =>
      rs.map((r) => (r.id === 'net.ipv4.conf.all.arp_ignore' ? { ...r, attrs: { name: r.id, value: '0' } } : r)),
    );
    const text = renderHumanPlan(renderJsonPlan(computePlan(input(observed))), { color: false });
    const note = text.indexOf('Note: Objects have changed outside lvsplan');
    expect(note).toBe(0);
    expect(text.indexOf('has changed on host lvs02')).toBeLessThan(text.indexOf('will perform the following actions'));
  });
});
