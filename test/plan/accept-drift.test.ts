import { describe, expect, it } from 'vitest';
import { DesiredDestination } from '../../src/model/desired-destination.js';
import { acceptDrift } from '../../src/plan/accept-drift.js';
import type { ResourceChange } from '../../src/plan/types.js';
import { decodeOk } from '../config/helpers.js';

const CONFIG = `
director "d" {
  connection { host = "10.0.0.1" }
  interface = "eth0"
  bind_vips = false
}
realserver "rs1" {
  address = "10.1.0.1"
  connection { host = "10.1.0.1" }
}
virtual_server "web" {
  director   = "d"
  address    = "10.0.0.100"
  port       = 80
  forwarding = "nat"
  backend "rs1" {
    port = 8080
  }
}
`;

describe('acceptDrift', () => {
  it("keeps a drifted entry's configuration address and real server when the entry is a configured destination (made when asked for, not its own fields)", () => {
    const d = decodeOk(CONFIG).resources.find((r): r is DesiredDestination => r instanceof DesiredDestination)!;
    const observed = { ...d.attrs, weight: 7 };
    const drifted = { host: 'd', type: 'ipvs_destination', id: d.id, address: d.address, action: 'no-op', before: observed, after: null, replacePaths: [], drift: true, recorded: d.attrs, phase: 0 } as ResourceChange;
    const next = acceptDrift({ version: 1, managed: [d], originalSysctls: {} }, [drifted], '2026-12-02T23:00:00Z');
    expect(next.managed).toEqual([{ type: 'ipvs_destination', id: d.id, attrs: observed, address: 'virtual_server.web.backend["rs1"]', realserver: 'rs1' }]);
  });
});
