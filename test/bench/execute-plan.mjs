// The apply engine alone: executePlan of a plan with 10,000 and then 100,000 changes (a director's new
// services and destinations, plus 100 real servers' VIPs and ARP sysctls) against fake hosts that answer
// every command at once, side by side in one run. A linear engine takes ~10x as long for 10x the changes.
// Build first (npm run build). Usage: node test/bench/execute-plan.mjs [--small 10000] [--large 100000]
import { createHash } from 'node:crypto';

const arg = (name, def) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : def;
};
const SMALL = arg('--small', 10_000);
const LARGE = arg('--large', 100_000);
const REAL_SERVERS = 100;
const PER_SERVICE = 1000;

const dist = new URL('../../dist/', import.meta.url).pathname;
const { computePlan } = await import(`${dist}src/plan/compute-plan.js`);
const { executePlan } = await import(`${dist}src/apply/execute-plan.js`);
const { providerBuilders } = await import(`${dist}src/apply/provider-ports.js`);

const VIP = (s) => `10.${100 + (s >> 16)}.${(s >> 8) & 255}.${s & 255}`;
const RIP = (i) => `172.${16 + (i >> 16)}.${(i >> 8) & 255}.${i & 255}`;
const rsName = (j) => `rs${j}`;

const service = (vip) => ({
  family: 'inet', protocol: 'tcp', address: vip, port: 80, fwmark: null, scheduler: 'rr', persistent: false,
  persistence_timeout: null, persistence_netmask: null, persistence_engine: null, one_packet: false, scheduler_flags: [],
});
const destination = (svc, address, weight) => ({
  service: svc, address, port: 80, forwarding: 'dr', weight, upper_threshold: 0, lower_threshold: 0,
  tunnel_type: null, tunnel_port: null, tunnel_checksum: null,
});

/** The cluster: about `changes` resources, all to be created. */
function cluster(changes) {
  const hosts = [{ name: 'lvs-dr', role: 'director', connection: { type: 'local' }, exclusive: false }];
  const desired = [];
  for (let j = 0; j < REAL_SERVERS; j++) hosts.push({ name: rsName(j), role: 'realserver', connection: { type: 'local' }, exclusive: false });
  const vipsUsed = new Set();
  for (let i = 0; desired.length < changes; i++) {
    const s = Math.floor(i / PER_SERVICE);
    const svcId = `tcp:${VIP(s)}:80`;
    if (i % PER_SERVICE === 0) desired.push({ host: 'lvs-dr', type: 'ipvs_service', id: svcId, address: `virtual_server.s${s}`, attrs: service(VIP(s)) });
    // Every 10th destination points at a managed real server, the rest at unmanaged addresses.
    const managed = i % 10 === 0 ? (i / 10) % REAL_SERVERS : -1;
    const address = RIP(i);
    const label = managed >= 0 ? rsName(managed) : address;
    desired.push({ host: 'lvs-dr', type: 'ipvs_destination', id: `${svcId}->${address}:80`, address: `virtual_server.s${s}.backend["${label}"]`, attrs: destination(svcId, address, 1 + (i % 7)) });
    if (managed >= 0 && !vipsUsed.has(`${managed}/${s}`)) {
      vipsUsed.add(`${managed}/${s}`);
      const rs = rsName(managed);
      desired.push({ host: rs, type: 'address', id: `lo/${VIP(s)}`, address: `realserver.${rs}.address["lo/${VIP(s)}"]`, attrs: { interface: 'lo', address: VIP(s), prefix_length: 32, family: 'inet' } });
    }
  }
  for (let j = 0; j < REAL_SERVERS; j++) {
    for (const [name, value] of [['net.ipv4.conf.all.arp_ignore', '1'], ['net.ipv4.conf.all.arp_announce', '2']]) {
      desired.push({ host: rsName(j), type: 'sysctl', id: name, address: `realserver.${rsName(j)}.sysctl["${name}"]`, attrs: { name, value } });
    }
  }
  return { hosts, desired };
}

/** Hosts that accept every command; a read returns what was desired, as if each command had taken. */
function fakeDeps(hosts, desired) {
  const byHost = new Map(hosts.map((h) => [h.name, []]));
  for (const d of desired) byHost.get(d.host).push({ host: d.host, type: d.type, id: d.id, attrs: d.attrs });
  const ok = async (argv) => ({ argv, exitCode: 0, signal: null, stdout: '', stderr: '', durationMs: 0 });
  let reads = 0;
  return {
    runners: new Map(hosts.map((h) => [h.name, { run: ok, close: async () => undefined }])),
    builders: providerBuilders,
    reader: async (spec) => {
      reads++;
      return { ok: true, observed: { host: spec.name, resources: byHost.get(spec.name), stateRecord: null, fingerprint: `${spec.name}:${reads}` } };
    },
    clock: { now: () => Date.now(), sleep: async () => undefined },
    events: () => undefined,
    lock: false,
    lockTimeoutMs: 0,
    drainPollMs: 0,
    parallelism: 10,
  };
}

async function measure(changes) {
  const { hosts, desired } = cluster(changes);
  const observed = hosts.map((h) => ({ host: h.name, resources: h.name.startsWith('rs') ? [{ host: h.name, type: 'sysctl', id: 'net.ipv4.conf.all.arp_ignore', attrs: { name: 'net.ipv4.conf.all.arp_ignore', value: '0' } }, { host: h.name, type: 'sysctl', id: 'net.ipv4.conf.all.arp_announce', attrs: { name: 'net.ipv4.conf.all.arp_announce', value: '0' } }] : [], stateRecord: null, fingerprint: createHash('sha256').update(h.name).digest('hex') }));
  const plan = computePlan({ desired, hosts, observed, drainTimeouts: {}, mode: 'apply', createdAt: '2026-01-01T00:00:00Z' });
  const start = process.hrtime.bigint();
  const result = await executePlan(plan, fakeDeps(hosts, desired));
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  const applied = result.outcomes?.filter?.((o) => o.status === 'applied').length;
  if (result.exitCode !== 0) throw new Error(`executePlan failed: ${JSON.stringify(result.diagnostics).slice(0, 500)}`);
  return { changes: plan.changes.length, applied, ms };
}

const small = await measure(SMALL);
const large = await measure(LARGE);
for (const r of [small, large]) console.log(`executePlan: ${r.changes} changes in ${r.ms.toFixed(0)} ms (${((r.ms * 1000) / r.changes).toFixed(1)} µs per change)`);
const ratio = large.ms / small.ms;
const sizes = large.changes / small.changes;
console.log(`ratio ${ratio.toFixed(1)}x the time for ${sizes.toFixed(1)}x the changes (linear: ~${sizes.toFixed(0)}x; quadratic: ~${(sizes * sizes).toFixed(0)}x)`);
