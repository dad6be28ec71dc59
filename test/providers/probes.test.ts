import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runProbes } from '../../src/apply/probes.js';
import type { ProbeSpec } from '../../src/model/health.js';
import { judgeProbe } from '../../providers/probe/probe-verdict.js';
import { reportProbes } from '../../src/cli/commands/test.js';
import type { CliIO } from '../../src/cli/io.js';
import { JsonStream } from '../../src/cli/json-stream.js';
import { decodeOk } from '../config/helpers.js';

// The probe script runs for real (bash /dev/tcp) from this machine against a server on loopback.
let server: Server;
let port = 0;
let n = 0;
beforeAll(async () => {
  server = createServer((_req, res) => res.writeHead(200).end(`${n++ % 2 === 0 ? 'lvs01' : 'lvs02'} host!\n`));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const probe = (p: Partial<ProbeSpec>): ProbeSpec => ({
  name: 'vip', connection: { type: 'local' }, kind: 'http', url: `http://127.0.0.1:${port}/`, address: '127.0.0.1', port, path: '/',
  requests: 4, timeoutMs: 2000, expectStatus: [[200, 299]], expectBody: 'host!', minDistinct: 2, arpCheck: null, ...p,
});

describe('probes', () => {
  it('four requests alternate and the probe passes', async () => {
    const r = await runProbes([probe({})]);
    expect(r.diagnostics).toEqual([]);
    expect(r.outcomes[0]).toMatchObject({ passed: true, problems: [] });
    expect(r.outcomes[0]!.answers.map((a) => a.text)).toEqual(['lvs01 host!', 'lvs02 host!', 'lvs01 host!', 'lvs02 host!']);
  });
  it('fails with the answers it got when it sees fewer distinct answers or errors', async () => {
    const r = await runProbes([probe({ minDistinct: 3, requests: 2 }), probe({ name: 'closed', port: 1, kind: 'tcp', requests: 1 })]);
    expect(r.outcomes[0]!.problems).toEqual(['2 distinct answer(s), expected at least 3']);
    expect(r.outcomes[1]).toMatchObject({ passed: false, answers: [{ ok: false, text: 'connection refused' }], problems: ['1 of 1 requests failed'] });
  });
  it('apply -json reports each probe as a probe_result event and fails the run when one fails', async () => {
    const lines: string[] = [];
    const stream = new JsonStream((l) => lines.push(l));
    const io = { stdout: (t: string) => lines.push(`TEXT ${t}`) } as unknown as CliIO;
    const code = await reportProbes([probe({ requests: 2 }), probe({ name: 'closed', port: 1, kind: 'tcp', requests: 1 })], io, false, stream);
    expect(code).toBe(1);
    expect(lines.some((l) => l.startsWith('TEXT'))).toBe(false);
    const events = lines.map((l) => JSON.parse(l));
    expect(events).toEqual([
      expect.objectContaining({ type: 'probe_result', '@level': 'info', '@message': `probe.vip: PASS (http://127.0.0.1:${port}/, 2/2 answered)`, probe: expect.objectContaining({ name: 'vip', passed: true, answers: [expect.objectContaining({ ok: true }), expect.objectContaining({ ok: true })] }) }),
      expect.objectContaining({ type: 'probe_result', '@level': 'error', probe: expect.objectContaining({ name: 'closed', passed: false, answers: [{ ok: false, text: 'connection refused' }], problems: ['1 of 1 requests failed'] }) }),
    ]);
  });
  it('an expect_body from a sensitive variable never shows in the answers it reports', async () => {
    const desired = decodeOk(`
variable "word" {
  default   = "s3cret-w0rd"
  sensitive = true
}
director "d" {
  connection { type = "local" }
  interface = "lo"
}
probe "vip" {
  connection { type = "local" }
  url         = "http://127.0.0.1:${port}/"
  requests    = 1
  expect_body = var.word
}
`);
    const r = await runProbes(desired.health.probes);
    expect(r.outcomes[0]!.passed).toBe(false);
    expect(r.outcomes[0]!.answers[0]!.text).toMatch(/^lvs0[12] host! \(does not contain \(sensitive value\)\)$/);
    expect(JSON.stringify(r)).not.toContain('s3cret');
  });
  it('an ARP check fails naming every MAC that answered (iputils and Habets arping output)', () => {
    const p = probe({ arpCheck: { vip: '192.168.122.50', interface: 'eth0' } });
    const iputils = 'ARPING 192.168.122.50 from 192.168.122.2 eth0\nUnicast reply from 192.168.122.50 [52:54:00:00:00:05]  0.6ms\nUnicast reply from 192.168.122.50 [52:54:00:00:00:20]  0.7ms\n';
    const habets = '60 bytes from 52:54:00:00:00:05 (192.168.122.50): index=0 time=1.1 msec\n60 bytes from 52:54:00:00:00:20 (192.168.122.50): index=1 time=1.2 msec\n';
    for (const text of [iputils, habets]) {
      const out = `@@req 0 ${Buffer.from('HTTP/1.0 200 OK\r\n\r\nlvs01 host!\n').toString('base64')}\n@@arp 0 ${Buffer.from(text).toString('base64')}\n@@done\n`;
      const j = judgeProbe({ ...p, requests: 1, minDistinct: 1 }, out);
      expect(j).toMatchObject({ passed: false, arpMacs: ['52:54:00:00:00:05', '52:54:00:00:00:20'] });
      expect((j as { problems: string[] }).problems).toEqual([expect.stringMatching(/^2 machines answer ARP for 192\.168\.122\.50: 52:54:00:00:00:05, 52:54:00:00:00:20/)]);
    }
  });
});
