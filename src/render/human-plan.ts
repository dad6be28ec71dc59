import { splitDestinationId } from '../model/identity.js';
import { keyOf, resourceKey, type ResourceKey } from '../model/resource.js';
import type { JsonPlan, JsonResourceChange, JsonResourceDrift } from './json-plan-types.js';
import { kindOf, renderBlock, symbolOf, type BlockKind } from './human-block.js';
import { plural } from './human-values.js';
import { planStyle, type PlanStyle } from './human-style.js';

const RULE = '─'.repeat(77);

const WILL: Record<BlockKind, string> = {
  create: 'will be created',
  update: 'will be updated in-place',
  replace: 'must be replaced',
  delete: 'will be destroyed',
  'create-then-replace': 'must be replaced',
};

const LEGEND: Record<BlockKind, string> = {
  create: 'create',
  update: 'update in-place',
  delete: 'destroy',
  replace: 'destroy and then create replacement',
  'create-then-replace': 'create replacement and then destroy',
};

const DRIFTED: Record<BlockKind, string> = {
  create: 'has been created',
  update: 'has changed',
  delete: 'has been deleted',
  replace: 'has changed',
  'create-then-replace': 'has changed',
};

/** The human plan, drawn only from the JSON plan so the two cannot disagree. */
export function renderHumanPlan(json: JsonPlan, opts: { color: boolean }): string {
  const st = planStyle(opts.color);
  const out: string[] = [];
  if (json.resource_drift.length > 0) renderDrift(json.resource_drift, st, out);

  const actionable: { rc: JsonResourceChange; kind: BlockKind }[] = [];
  for (const rc of json.resource_changes) {
    const kind = kindOf(rc.change.actions);
    if (kind) actionable.push({ rc, kind });
  }
  const hosts = plural(json.lvsplan.hosts.length, 'host', 'hosts');

  if (actionable.length > 0) {
    const used = new Set(actionable.map((a) => a.kind));
    out.push(
      `lvsplan used the live state of ${hosts} to generate the following execution plan. Resource actions are indicated with the following symbols:`,
    );
    for (const k of ['create', 'update', 'delete', 'replace', 'create-then-replace'] as const) {
      if (used.has(k)) out.push(`${symbolOf(k, st)} ${LEGEND[k]}`);
    }
    out.push('', 'lvsplan will perform the following actions:', '');
    for (const { rc, kind } of actionable) {
      renderChange(rc, kind, json.lvsplan.mode, st, out);
      out.push('');
    }
  }

  renderUnmanaged(json, out);

  if (actionable.length > 0) {
    let add = 0;
    let change = 0;
    let destroy = 0;
    for (const { kind } of actionable) {
      if (kind !== 'update' && kind !== 'delete') add++;
      if (kind !== 'update' && kind !== 'create') destroy++;
      if (kind === 'update') change++;
    }
    out.push(`${st.bold('Plan:')} ${add} to add, ${change} to change, ${destroy} to destroy.`);
  } else if (json.lvsplan.mode === 'destroy') {
    out.push(
      `${st.bold('No changes.')} No objects need to be destroyed.`,
      '',
      'Either you have not created any objects yet or the existing objects were already deleted outside lvsplan.',
    );
  } else {
    out.push(
      `${st.bold('No changes.')} Your infrastructure matches the configuration.`,
      '',
      `lvsplan has compared the live state of ${hosts} against your configuration and found no differences, so no changes are needed.`,
    );
  }
  return `${out.join('\n')}\n`;
}

function renderChange(rc: JsonResourceChange, kind: BlockKind, mode: string, st: PlanStyle, out: string[]): void {
  out.push(st.bold(`  # ${rc.address} ${WILL[kind]} on host ${rc.lvsplan.host}`));
  const because = reasonLine(rc, mode);
  if (because) out.push(`  # (${because})`);
  const notes: string[] = [];
  if (rc.lvsplan.drain) notes.push(`drains for up to ${rc.lvsplan.drain.timeout_seconds}s before removal`);
  renderBlock(
    {
      kind,
      type: rc.type,
      name: rc.name,
      before: rc.change.before,
      after: rc.change.after,
      replacePaths: (rc.change.replace_paths ?? []).map((p) => p.join('.')),
      notes,
      sensitive: [...Object.keys(rc.change.before_sensitive || {}), ...Object.keys(rc.change.after_sensitive || {})],
      ...(rc.lvsplan.health ? { attrComments: { weight: `${rc.lvsplan.health.status}: ${rc.lvsplan.health.reason}` } } : {}),
    },
    st,
    out,
  );
}

function reasonLine(rc: JsonResourceChange, mode: string): string | null {
  switch (rc.action_reason) {
    case 'delete_because_no_resource_config':
      return `because ${rc.address} is not in configuration`;
    case 'replace_by_request':
      return rc.type === 'ipvs_destination' && !rc.change.actions.includes('delete') ? 'its service is replaced, as requested' : 'replaced, as requested';
    case 'delete_because_unmanaged_exclusive':
      return `because director ${rc.lvsplan.host} is exclusive and ${rc.address} is not in configuration`;
    case 'restore_because_no_resource_config':
      return mode === 'destroy'
        ? 'restores the value it had before lvsplan changed it'
        : `because ${rc.address} is not in configuration; restores the value it had before lvsplan changed it`;
    default:
      return null;
  }
}

/** Only the "Objects have changed outside lvsplan" note, for a refresh-only plan. */
export function renderDriftNote(json: JsonPlan, opts: { color: boolean }): string {
  const out: string[] = [];
  if (json.resource_drift.length > 0) renderDrift(json.resource_drift, planStyle(opts.color), out);
  return `${out.join('\n')}\n`;
}

function renderDrift(drift: JsonResourceDrift[], st: PlanStyle, out: string[]): void {
  out.push(
    st.bold('Note: Objects have changed outside lvsplan'),
    '',
    'lvsplan detected the following changes made outside lvsplan since the last "lvsplan apply" which may have affected this plan:',
    '',
  );
  for (const d of drift) {
    const kind = kindOf(d.change.actions) ?? 'update';
    out.push(st.bold(`  # ${d.address} ${DRIFTED[kind]} on host ${d.lvsplan.host}`));
    renderBlock(
      { kind, type: d.type, name: d.name, before: d.change.before, after: d.change.after, replacePaths: [], notes: [] },
      st,
      out,
    );
    out.push('');
  }
  out.push(
    'Unless you have made equivalent changes to your configuration, the following plan may include actions to undo or respond to these changes.',
    '',
    RULE,
    '',
  );
}

function renderUnmanaged(json: JsonPlan, out: string[]): void {
  const objects = json.lvsplan.unmanaged;
  if (objects.length === 0) return;
  const destinations = new Map<ResourceKey, number>();
  const services = new Set<ResourceKey>();
  const serviceOf = (u: (typeof objects)[number]) => resourceKey(u.host, 'ipvs_service', splitDestinationId(u.id).serviceId);
  for (const u of objects) if (u.type === 'ipvs_service') services.add(keyOf(u));
  for (const u of objects) {
    if (u.type !== 'ipvs_destination') continue;
    const svc = serviceOf(u);
    if (services.has(svc)) destinations.set(svc, (destinations.get(svc) ?? 0) + 1);
  }
  out.push('The following objects are not managed by lvsplan; left alone:');
  for (const u of objects) {
    if (u.type === 'ipvs_service') {
      const n = destinations.get(keyOf(u)) ?? 0;
      out.push(`  ${u.type} ${JSON.stringify(u.id)} on host ${u.host} (${plural(n, 'destination', 'destinations')})`);
    } else if (u.type !== 'ipvs_destination' || !services.has(serviceOf(u))) {
      out.push(`  ${u.type} ${JSON.stringify(u.id)} on host ${u.host}`);
    }
  }
  out.push('');
}
