import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { masterPidAt, stopMasterAt } from '../../src/transport/ssh-mux-control.js';

// A stand-in ControlMaster on a unix socket: it answers what `reply` writes for the bytes it received. The real
// master is covered by test/system/ssh-runner.test.ts; here, what a socket that is not a sound master gives back.
const dir = mkdtempSync(join(tmpdir(), 'mux-control-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  servers = [];
});
let n = 0;
const word = (...ws: number[]): Buffer => Buffer.concat(ws.map((w) => { const b = Buffer.alloc(4); b.writeUInt32BE(w >>> 0); return b; }));
const packet = (type: number, ...ws: number[]): Buffer => Buffer.concat([word(4 + 4 * ws.length, type), word(...ws)]);
const HELLO = packet(1, 4);

async function master(reply: (socket: Socket, received: Buffer) => void): Promise<string> {
  const path = join(dir, `m${++n}`);
  const server = createServer((socket) => {
    let got = Buffer.alloc(0);
    socket.on('data', (d: Buffer) => {
      got = Buffer.concat([got, d]);
      reply(socket, got);
    });
    socket.on('error', () => undefined);
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(path, r));
  return path;
}

describe('the ControlMaster requests made over its socket', () => {
  it('reads the pid of an alive check and takes an exit agreed', async () => {
    const requests: number[] = [];
    const path = await master((socket, got) => {
      if (got.length < 24) return;
      const type = got.readUInt32BE(16);
      requests.push(type);
      socket.write(Buffer.concat([HELLO, type === 0x10000004 ? packet(0x80000005, 1, 4242) : packet(0x80000001, 1)]));
    });
    expect(await masterPidAt(path, 2000)).toBe(4242);
    expect(await stopMasterAt(path, 2000)).toBe(true);
    expect(requests).toEqual([0x10000004, 0x10000005]);
  });

  it('gives no answer for no master, a stale socket file, a refusal, garbage, a wrong hello or silence', async () => {
    expect(await masterPidAt(join(dir, 'none'), 2000)).toBeUndefined();
    const stale = join(dir, 'stale');
    writeFileSync(stale, '');
    expect(await stopMasterAt(stale, 2000)).toBe(false);
    const refusing = await master((socket) => socket.end(Buffer.concat([HELLO, packet(0x80000002, 1)])));
    expect(await stopMasterAt(refusing, 2000)).toBe(false);
    const huge = await master((socket) => socket.write(word(0x7fffffff, 1)));
    expect(await masterPidAt(huge, 2000)).toBeUndefined();
    const noHello = await master((socket) => socket.write(packet(0x80000005, 1, 4242)));
    expect(await masterPidAt(noHello, 2000)).toBeUndefined();
    const otherRequest = await master((socket) => socket.write(Buffer.concat([HELLO, packet(0x80000005, 7, 4242)])));
    expect(await masterPidAt(otherRequest, 300)).toBeUndefined();
    // Silence ends at the timeout (a hang would fail the test by vitest's own).
    const silent = await master(() => undefined);
    expect(await masterPidAt(silent, 300)).toBeUndefined();
  });
});
