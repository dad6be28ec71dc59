import { describe, expect, it } from 'vitest';
import { computePlan } from '../../src/plan/compute-plan.js';
import { decodeOk } from './helpers.js';

const SVC = 'tcp:10.0.0.50:80';

describe('drain_timeout', () => {
  it('is kept per (director, service): two directors serving one VIP:port drain with their own timeouts', () => {
    const desired = decodeOk(`
director "a" {
  connection { host = "10.0.0.1" }
  interface = "eth0"
}
director "b" {
  connection { host = "10.0.0.2" }
  interface = "eth0"
}
virtual_server "on_a" {
  director      = "a"
  address       = "10.0.0.50"
  port          = 80
  drain_timeout = "10s"
  backend "x" { address = "10.0.0.11" }
}
virtual_server "on_b" {
  director      = "b"
  address       = "10.0.0.50"
  port          = 80
  drain_timeout = "60s"
  backend "x" { address = "10.0.0.11" }
}`);
    expect(desired.drainTimeouts).toEqual({ a: { [SVC]: 10 }, b: { [SVC]: 60 } });

    // Both directors still have a destination the configuration dropped: each drains with its own timeout.
    const gone = `${SVC}->10.0.0.99:80`;
    const observed = ['a', 'b'].map((host) => ({
      host,
      resources: [
        ...desired.resources.filter((r) => r.host === host).map(({ host: h, type, id, attrs }) => ({ host: h, type, id, attrs })),
        { host, type: 'ipvs_destination' as const, id: gone, attrs: { service: SVC, address: '10.0.0.99', port: 80 } },
      ],
      stateRecord: null,
      fingerprint: host,
    }));
    const plan = computePlan({ desired: desired.resources, hosts: desired.hosts, observed, drainTimeouts: desired.drainTimeouts, mode: 'apply' });
    const drains = plan.changes.filter((c) => c.id === gone).map((c) => [c.host, c.drain?.timeoutSeconds]);
    expect(drains).toEqual([
      ['a', 10],
      ['b', 60],
    ]);
  });
});
