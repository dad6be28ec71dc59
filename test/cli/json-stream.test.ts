import { describe, expect, it } from 'vitest';
import { executePlan } from '../../src/apply/execute-plan.js';
import { JsonStream } from '../../src/cli/json-stream.js';
import { Cluster, desired, VIP } from '../apply/support/cluster.js';
import { cli } from './support/run-cli.js';

describe('apply -json: Terraform machine-readable UI stream', () => {
  it('is one JSON object per line with @level, @message, @module, @timestamp and type, from version to the summary', async () => {
    const c = new Cluster();
    const plan = await c.plan(desired());
    const lines: string[] = [];
    const stream = new JsonStream((l) => lines.push(l), () => new Date('2026-01-01T00:00:00Z'));
    stream.version('0.1.0');
    stream.plannedChanges(plan);
    const result = await executePlan(plan, c.deps({ events: (e) => stream.event(e) }));
    stream.result(result);

    expect(lines.every((l) => l.endsWith('\n') && !l.slice(0, -1).includes('\n'))).toBe(true);
    const msgs = lines.map((l) => JSON.parse(l));
    for (const m of msgs) {
      expect(Object.keys(m)).toEqual(expect.arrayContaining(['@level', '@message', '@module', '@timestamp', 'type']));
      expect(m['@module']).toBe('lvsplan.ui');
      expect(m['@timestamp']).toBe('2026-01-01T00:00:00.000Z');
    }
    expect(msgs[0]).toMatchObject({ type: 'version', lvsplan: '0.1.0', ui: '1.2' });
    const planned = msgs.filter((m) => m.type === 'planned_change');
    expect(planned).toHaveLength(10);
    expect(planned).toContainEqual(
      expect.objectContaining({
        '@message': 'virtual_server.web.backend["lvs01"]: Plan to create',
        change: expect.objectContaining({ action: 'create', resource: expect.objectContaining({ addr: 'virtual_server.web.backend["lvs01"]', resource_name: 'virtual_server.web.backend', resource_key: 'lvs01' }) }),
      }),
    );
    expect(msgs.find((m) => m.type === 'change_summary')).toMatchObject({ '@message': 'Plan: 6 to add, 4 to change, 0 to destroy.', changes: { add: 6, change: 4, remove: 0, operation: 'plan' } });
    const starts = msgs.filter((m) => m.type === 'apply_start').map((m) => m['@message']);
    const completes = msgs.filter((m) => m.type === 'apply_complete');
    expect(starts).toContain(`director.lvs-dr.address["${VIP}/32"]: Creating...`);
    expect(completes).toHaveLength(10);
    expect(completes[0].hook).toMatchObject({ elapsed_seconds: 0 });
    expect(msgs.at(-1)).toMatchObject({ '@level': 'info', type: 'change_summary', '@message': 'Apply complete! Resources: 6 added, 4 changed, 0 destroyed.', changes: { operation: 'apply' } });
  });

  it('needs -auto-approve or a saved plan, and reports that in the stream', async () => {
    const r = await cli(['apply', '-json', 'examples/lvs-dr']);
    expect(r.code).toBe(1);
    const msgs = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(msgs[0].type).toBe('version');
    expect(msgs[1]).toMatchObject({ '@level': 'error', type: 'diagnostic', '@message': 'Error: Plan file or auto-approve required' });
  });
});
