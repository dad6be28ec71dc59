import { describe, expect, it } from 'vitest';
import type { Attrs } from '../../src/model/resource.js';
import type { Plan, ResourceChange } from '../../src/plan/types.js';
import { jsonPieces } from '../../src/render/json-pieces.js';
import { jsonPlanDocument, renderJsonPlan } from '../../src/render/json-plan.js';
import { destAttrs, serviceAttrs, SVC } from '../plan/seed-cluster.js';

const dest = (over: Partial<ResourceChange> = {}): ResourceChange => ({
  address: 'virtual_server.web.backend["lvs01"]',
  host: 'lvs-dr',
  type: 'ipvs_destination',
  id: `${SVC}->192.168.122.10:80`,
  action: 'update',
  before: destAttrs('192.168.122.10', { weight: 5 }),
  after: destAttrs('192.168.122.10'),
  replacePaths: [],
  drift: false,
  phase: 3,
  ...over,
});

const planOf = (changes: ResourceChange[]): Plan => ({ formatVersion: '1.0', mode: 'apply', changes, unmanaged: [], hosts: [], fingerprints: [], createdAt: 'T' });

/** What -json writes, and JSON.stringify of the plan the human plan is drawn from. */
const both = (changes: ResourceChange[]): [string, string] => {
  const plan = planOf(changes);
  return [[...jsonPieces(jsonPlanDocument(plan))].join(''), JSON.stringify(renderJsonPlan(plan))];
};

describe('the resource changes -json writes as text', () => {
  it('are JSON.stringify of the JSON plan\'s objects, whatever members a change has', () => {
    const unchanged = destAttrs('192.168.122.10');
    // Attributes out of schema order, lacking one, with one the schema does not declare, and one undefined.
    const odd = { weight: 2, address: '192.168.122.10', service: SVC, port: 80, extra: 'x', forwarding: undefined } as unknown as Attrs;
    const variants: Partial<ResourceChange>[] = [
      {},
      { action: 'no-op', before: unchanged, after: unchanged, adopted: true },
      { action: 'create', before: null },
      { action: 'delete', after: null, drain: { timeoutSeconds: 30 }, reason: 'delete_because_no_resource_config' },
      { action: 'replace', replacePaths: ['forwarding'], reason: 'replace_because_cannot_update', before: destAttrs('192.168.122.10', { forwarding: 'nat' }) },
      { before: odd, after: odd },
      { before: odd },
      { drift: true, recorded: destAttrs('192.168.122.10', { weight: 3 }) },
      { sensitive: ['weight', 'not_an_attribute'] },
      { sensitive: ['not_an_attribute'] },
      { sensitive: ['weight'], action: 'create', before: null },
      { sensitive: [] },
      { health: { status: 'unhealthy', latencyMs: 12.5, reason: 'connect: "refused" ☃' } },
      { health: { status: 'healthy', latencyMs: Number.NaN, reason: '' }, drain: { timeoutSeconds: Number.POSITIVE_INFINITY } },
      { address: 'virtual_server.web.backend["a\\"b\\\\c \u2028 𝄞 \ud800"]', id: 'quote"and\\slash', host: 'h\n' },
      { type: 'ipvs_service', address: 'virtual_server.web', before: serviceAttrs({ scheduler_flags: ['sh-port', 'x"y'] }), after: serviceAttrs(), phase: 2 },
    ];
    for (const v of variants) {
      const [written, stringified] = both([dest(v)]);
      expect(written).toBe(stringified);
    }
  });

  it('fold a replaced object\'s deletion into its replacement, with its drain and drift', () => {
    const oldId = `${SVC}->192.168.122.10:8080`;
    const old = (over: Partial<ResourceChange>): ResourceChange =>
      dest({ id: oldId, action: 'delete', after: null, replacedBy: dest().id, address: 'virtual_server.web.backend["lvs01"]', phase: 4, ...over });
    const replacement = (over: Partial<ResourceChange> = {}): ResourceChange =>
      dest({ action: 'create', before: null, replaces: { id: oldId, before: destAttrs('192.168.122.10', { port: 8080 }) }, ...over });
    for (const [c, o] of [
      [replacement(), old({})],
      [replacement(), old({ drain: { timeoutSeconds: 60 }, drift: true })],
      [replacement({ drain: { timeoutSeconds: 5 }, adopted: true }), old({ drain: { timeoutSeconds: 60 } })],
      [replacement({ drain: { timeoutSeconds: 5 } }), old({})],
      [replacement({ health: { status: 'healthy', latencyMs: 1, reason: 'ok' } }), old({ drain: { timeoutSeconds: 60 } })],
    ] as const) {
      const [written, stringified] = both([c, o]);
      expect(written).toBe(stringified);
      expect(JSON.parse(written).resource_changes).toHaveLength(1);
    }
  });
});
