import { describe, expect, it } from 'vitest';
import { decodeOk, HOSTS } from './helpers.js';

describe('a destination carries its real server', () => {
  it('from realserver = "...", from the backend label, and not for an address-only backend', () => {
    const desired = decodeOk(`${HOSTS}
virtual_server "web" {
  director = "d"
  address  = "10.0.0.50"
  port     = 80
  backend "app1" { realserver = "r1" }
  backend "r2" {}
  backend "ext" { address = "10.0.0.99" }
}`);
    const dests = desired.resources.filter((r) => r.type === 'ipvs_destination').map((r) => [r.address, r.realserver]);
    expect(dests).toEqual([
      ['virtual_server.web.backend["app1"]', 'r1'],
      ['virtual_server.web.backend["r2"]', 'r2'],
      ['virtual_server.web.backend["ext"]', undefined],
    ]);
  });
});
