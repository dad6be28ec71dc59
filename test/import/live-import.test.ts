import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfigDir } from '../../src/config/index.js';
import { observedToCluster, unmanageRealservers } from '../../src/import/live/observed-to-cluster.js';
import { writeCluster } from '../../src/import/write-cluster.js';
import { parseIpvsSave } from '../../providers/ipvs/parse-save.js';
import { parseIpvsThresholds } from '../../providers/ipvs/parse-thresholds.js';
import { validateText } from './support.js';

const HOSTS = `director "lb" {
  connection { type = "local" }
  interface = "eth0"
}
realserver "web1" {
  address = "10.0.0.11"
  connection { type = "local" }
}
realserver "web2" {
  address = "10.0.0.12"
  connection { type = "local" }
}
virtual_server "configured" {
  director = "lb"
  address  = "10.0.0.9"
  port     = 80
  backend "web1" {}
}
`;

// What ipvsadm -Sn and -Ln --thresholds print on a director that runs three VIPs alike, the configured
// service, NAT services (one with each real server at two ports) and two fwmark services alike.
const SAVE = `-A -t 10.0.0.1:443 -s wlc -p 300
-a -t 10.0.0.1:443 -r 10.0.0.11:443 -g -w 1
-a -t 10.0.0.1:443 -r 10.0.0.12:443 -g -w 1
-A -t 10.0.0.2:443 -s wlc -p 300
-a -t 10.0.0.2:443 -r 10.0.0.11:443 -g -w 1
-a -t 10.0.0.2:443 -r 10.0.0.12:443 -g -w 1
-A -t 10.0.0.3:443 -s wlc -p 300
-a -t 10.0.0.3:443 -r 10.0.0.11:443 -g -w 1
-a -t 10.0.0.3:443 -r 10.0.0.12:443 -g -w 1
-A -t 10.0.0.9:80 -s wlc
-a -t 10.0.0.9:80 -r 10.0.0.11:80 -g -w 1
-A -u 10.0.0.53:53 -s rr -o
-a -u 10.0.0.53:53 -r 10.0.1.1:5353 -m -w 5
-A -t 10.0.0.60:80 -s rr
-a -t 10.0.0.60:80 -r 10.0.2.1:8080 -m -w 1
-a -t 10.0.0.60:80 -r 10.0.2.2:8080 -m -w 1
-a -t 10.0.0.60:80 -r 10.0.2.1:8081 -m -w 1
-a -t 10.0.0.60:80 -r 10.0.2.2:8081 -m -w 1
-A -f 7 -s sh -b sh-port
-a -f 7 -r 10.0.0.11:0 -g -w 2
-A -f 8 -s sh -b sh-port
-a -f 8 -r 10.0.0.11:0 -g -w 2
`;
const THRESHOLDS = `IP Virtual Server version 1.2.1 (size=4096)
Prot LocalAddress:Port            Uthreshold Lthreshold ActiveConn InActConn
  -> RemoteAddress:Port
UDP  10.0.0.53:53 rr ops
  -> 10.0.1.1:5353                100        10         0          0
`;

describe('import from the hosts (the pure part)', () => {
  it('folds alike services and backends, names declared real servers, skips the configured service; the output validates', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lvsplan-live-'));
    writeFileSync(join(dir, 'hosts.hcl'), HOSTS);
    const loaded = loadConfigDir(dir, { vars: [], varFiles: [], env: {} });
    expect(loaded.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const t = parseIpvsThresholds(THRESHOLDS);
    const save = parseIpvsSave(SAVE, 'lb', t.thresholds);
    expect([...save.problems, ...t.problems]).toEqual([]);
    const observed = [{ host: 'lb', resources: save.resources }];
    const cluster = observedToCluster(loaded.decl!, loaded.desired!.resources, observed, ['lb']);
    const hcl = writeCluster(cluster);
    expect(hcl).not.toContain('10.0.0.9');
    expect(hcl).toContain('for_each   = toset(["10.0.0.1", "10.0.0.2", "10.0.0.3"])');
    expect(hcl).toContain('backend "realservers" {\n    for_each = toset(["web1", "web2"])');
    expect(hcl).toMatch(/backend "10\.0\.1\.1" \{\n {4}address {9}= "10\.0\.1\.1"\n {4}port {12}= 5353\n {4}weight {10}= 5\n {4}upper_threshold = 100\n {4}lower_threshold = 10\n/);
    expect(hcl).toContain('scheduler_flags = ["sh-port"]');
    // Alike but for their address, yet each address twice: for_each keys would collide, so one block each.
    expect(hcl).toContain('backend "10.0.2.2:8081" {\n    address = "10.0.2.2"\n    port    = 8081\n');
    expect(hcl).toMatch(/virtual_server "fwmark_services" \{\n {2}for_each += toset\(\["7", "8"\]\)\n {2}director += "lb"\n {2}fwmark += each\.key\n/);
    expect(validateText(hcl, { 'hosts.hcl': HOSTS })).toEqual([]);

    unmanageRealservers(cluster, new Map([['web2', ['realserver.web2.address["lo/10.0.0.1"]']]]));
    const after = writeCluster(cluster);
    expect(after).toContain('web2 is a declared realserver, but it lacks what lvsplan would configure');
    expect(after).toContain('address = "10.0.0.12"');
    expect(validateText(after, { 'hosts.hcl': HOSTS })).toEqual([]);
  });
});
