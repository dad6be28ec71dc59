// Planner and plan rendering at scale. Build first: npx tsc -p tsconfig.json; then node test/bench/plan-scale.mjs
// Prints, per size, each stage's time relative to JSON.stringify of the same plan (a linear floor measured in
// the same run), and how each stage grows against the smallest size (1.00 = exactly linear).
import { computePlan } from '../../dist/src/plan/compute-plan.js';
import { renderJsonPlan } from '../../dist/src/render/json-plan.js';
import { renderHumanPlan } from '../../dist/src/render/human-plan.js';

const SIZES = [1_000, 2_500, 5_000, 10_000];
const RUNS = 3;

function serviceAttrs(vip) {
  return {
    family: 'inet', protocol: 'tcp', address: vip, port: 80, fwmark: null, scheduler: 'rr', persistent: false,
    persistence_timeout: null, persistence_netmask: null, persistence_engine: null, one_packet: false, scheduler_flags: [],
  };
}

function destAttrs(svc, rip, weight) {
  return {
    service: svc, address: rip, port: 80, forwarding: 'dr', weight, upper_threshold: 0, lower_threshold: 0,
    tunnel_type: null, tunnel_port: null, tunnel_checksum: null,
  };
}

/** n services x 10 destinations on one director; half the destinations exist, one in ten differs. */
function scenario(n) {
  const desired = [];
  const resources = [];
  for (let s = 0; s < n; s++) {
    const vip = `10.${(s >> 16) & 255}.${(s >> 8) & 255}.${s & 255}`;
    const svc = `tcp:${vip}:80`;
    desired.push({ host: 'dr', type: 'ipvs_service', id: svc, address: `virtual_server.s${s}`, attrs: serviceAttrs(vip) });
    resources.push({ host: 'dr', type: 'ipvs_service', id: svc, attrs: serviceAttrs(vip) });
    for (let d = 0; d < 10; d++) {
      const rip = `172.16.${d}.${(s % 250) + 1}`;
      const id = `${svc}->${rip}:80`;
      desired.push({ host: 'dr', type: 'ipvs_destination', id, address: `virtual_server.s${s}.backend["b${d}"]`, attrs: destAttrs(svc, rip, 1) });
      if (d % 2 === 0) resources.push({ host: 'dr', type: 'ipvs_destination', id, attrs: destAttrs(svc, rip, d === 0 ? 3 : 1) });
    }
  }
  return {
    desired,
    hosts: [{ name: 'dr', role: 'director', connection: { type: 'local' }, exclusive: false }],
    observed: [{ host: 'dr', resources, stateRecord: null, fingerprint: 'x' }],
    drainTimeouts: {},
    mode: 'apply',
    createdAt: '2025-01-01T00:00:00.000Z',
  };
}

function best(fn) {
  let ms = Infinity;
  let out;
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    out = fn();
    ms = Math.min(ms, performance.now() - t0);
  }
  return { ms, out };
}

const rows = [];
for (const n of SIZES) {
  const input = scenario(n);
  const plan = best(() => computePlan(input));
  const json = best(() => renderJsonPlan(plan.out));
  const human = best(() => renderHumanPlan(json.out, { color: false }));
  const floor = best(() => JSON.stringify(plan.out));
  rows.push({ n, resources: input.desired.length, plan: plan.ms, json: json.ms, human: human.ms, floor: floor.ms });
}

const base = rows[0];
const pad = (s, w) => String(s).padStart(w);
console.log('services resources | plan/floor json/floor human/floor | growth vs smallest (1.00 = linear): plan json human');
for (const r of rows) {
  const k = r.n / base.n;
  console.log(
    `${pad(r.n, 8)} ${pad(r.resources, 9)} | ${pad((r.plan / r.floor).toFixed(2), 10)} ${pad((r.json / r.floor).toFixed(2), 10)} ${pad((r.human / r.floor).toFixed(2), 11)} | ` +
      `${pad((r.plan / base.plan / k).toFixed(2), 37)} ${pad((r.json / base.json / k).toFixed(2), 4)} ${pad((r.human / base.human / k).toFixed(2), 5)}`,
  );
}
