import { describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfigDir } from '../../src/config/index.js';
import { decode, HOSTS } from './helpers.js';

const DIR = 'test/fixtures/config/invalid';

/** One bad-input fixture per rule: the one error it must produce and where it must point. */
const CASES: Record<string, { summary: string; line: number; column: number; detail?: RegExp }> = {
  'dr-port': { summary: 'Backend port differs from the service port', line: 13, column: 25, detail: /forwarding = "nat"/ },
  'duplicate-backend': { summary: 'Duplicate backend', line: 14, column: 31, detail: /same destination \(10\.0\.0\.11:80\)/ },
  'duplicate-service': { summary: 'Duplicate virtual service', line: 14, column: 16, detail: /tcp:10\.0\.0\.100:80/ },
  'gue-without-port': { summary: 'GUE tunnel without port', line: 15, column: 21 },
  'hostile-interface': { summary: 'Invalid interface name', line: 3, column: 15, detail: /";"/ },
  'hostile-scheduler': { summary: 'Unknown scheduler', line: 13, column: 15, detail: /lowercase letters/ },
  'hostile-ssh-host': { summary: 'Invalid ssh host', line: 2, column: 23, detail: /starts with '-'/ },
  'hostile-sysctl': { summary: 'Invalid sysctl name', line: 4, column: 17, detail: /starts with '-'/ },
  'invalid-address': { summary: 'Invalid IP address', line: 11, column: 14 },
  'ipv6-netmask': { summary: 'Invalid IPv6 persistence netmask', line: 13, column: 27, detail: /1\.\.128/ },
  'lower-without-upper': { summary: 'Lower threshold without upper threshold', line: 13, column: 36 },
  'missing-variable': { summary: 'No value for required variable', line: 1, column: 10, detail: /LVSPLAN_VAR_vip/ },
  'mixed-family': { summary: 'Backend address family differs from the service', line: 13, column: 28, detail: /tunnel/ },
  'one-packet': { summary: 'One-packet scheduling is only for UDP', line: 14, column: 16 },
  'persistence-timeout': { summary: 'Persistence timeout out of range', line: 13, column: 27, detail: /1\.\.2678400/ },
  'scheduler-flags': { summary: 'Scheduler flag does not belong to the scheduler', line: 14, column: 32, detail: /scheduler = "sh"/ },
  thresholds: { summary: 'Lower threshold above upper threshold', line: 15, column: 23 },
  'tunnel-without-tunnel': { summary: 'Tunnel options conflict with forward method', line: 14, column: 5 },
  'undeclared-local': { summary: 'Reference to undeclared local value', line: 12, column: 14 },
  'undeclared-var': { summary: 'Reference to undeclared input variable', line: 11, column: 14, detail: /variable "vip" \{\}/ },
  'unknown-director': { summary: 'Reference to undeclared director', line: 10, column: 14, detail: /"d"/ },
  'unknown-realserver': { summary: 'Reference to undeclared realserver', line: 13, column: 11, detail: /address = / },
  'unknown-scheduler': { summary: 'Unknown scheduler', line: 13, column: 15, detail: /twos/ },
  'vip-is-realserver': { summary: 'VIP is a real server address', line: 11, column: 14, detail: /"r1"/ },
  'weight-range': { summary: 'Weight out of range', line: 13, column: 27, detail: /2147483647/ },
  'zero-port': { summary: 'Zero port specified for non-persistent service', line: 12, column: 14 },
};

describe('invalid fixtures', () => {
  it('every fixture directory has an expectation', () => {
    expect(readdirSync(DIR).sort()).toEqual(Object.keys(CASES).sort());
  });

  for (const [name, want] of Object.entries(CASES)) {
    it(name, () => {
      const dir = join(DIR, name);
      const r = loadConfigDir(dir, { vars: [], varFiles: [], env: {} });
      expect(r.desired).toBeNull();
      const errors = r.diagnostics.filter((d) => d.severity === 'error');
      expect(errors.map((d) => d.summary)).toEqual([want.summary]);
      const d = errors[0]!;
      expect(d.subject?.filename).toBe(join(dir, 'main.hcl'));
      expect([d.subject?.start.line, d.subject?.start.column]).toEqual([want.line, want.column]);
      if (want.detail) expect(d.detail).toMatch(want.detail);
    });
  }
});

describe('several rules at once', () => {
  it('reports rule by rule in RULES order, each rule in the order of services and backends, from one walk', () => {
    const service = (name: string, vip: string) => `
virtual_server "${name}" {
  director   = "d"
  address    = "${vip}"
  port       = 80
  forwarding = "dr"
  backend "r1" {
    port   = 8080
    weight = -1
  }
  backend "r2" {
    weight          = -2
    lower_threshold = 5
  }
  sorry_server {
    address = "10.0.0.20"
    port    = 8081
  }
}`;
    const r = decode(HOSTS + service('a', '10.0.0.100') + service('b', '10.0.0.101'));
    expect(r.desired).toBeNull();
    const errors = r.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.summary} @${d.subject?.start.line}`);
    // drPort: each service's backends, then its sorry server; then thresholds; then valueRanges, service by service.
    expect(errors).toEqual([
      'Backend port differs from the service port @21',
      'Sorry server port differs from the service port @30',
      'Backend port differs from the service port @39',
      'Sorry server port differs from the service port @48',
      'Lower threshold without upper threshold @26',
      'Lower threshold without upper threshold @44',
      'Weight out of range @22',
      'Weight out of range @25',
      'Weight out of range @40',
      'Weight out of range @43',
    ]);
  });
});
