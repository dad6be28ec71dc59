import { spawn } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lab, type Lab } from '../lab/api/lab.js';
import { destinations, fixture, lvsplanExpect, output, seconds } from '../e2e/support/apply-support.js';

// A slow download keeps one connection per real server open: 3 MB at 40 kB/s is about 75 s.
const BIG = 3 * 1024 * 1024;
const RATE = '40k';

interface Download {
  done: Promise<{ code: number; bytes: number; endedAt: number }>;
  kill(): void;
}

function slowDownload(l: Lab): Download {
  const argv = [...l.enter('client'), 'curl', '-s', '-o', '/dev/null', '-w', '%{size_download}', '--limit-rate', RATE, `http://${l.vip}/big.bin`];
  const child = spawn(argv[0]!, argv.slice(1), { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
  const done = new Promise<{ code: number; bytes: number; endedAt: number }>((resolve) =>
    child.on('close', (code) => resolve({ code: code ?? -1, bytes: Number(out) || 0, endedAt: Date.now() })),
  );
  return { done, kill: () => child.pid && process.kill(-child.pid, 'SIGTERM') };
}

// ActiveConn per destination of the VIP service, from ipvsadm -Ln.
async function activeConns(l: Lab): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (const line of (await l.ipvsList()).split('\n')) {
    const m = /->\s+(\S+):80\s+\S+\s+\d+\s+(\d+)\s+\d+/.exec(line);
    if (m) out.set(m[1]!, Number(m[2]));
  }
  return out;
}

async function openOnEach(l: Lab): Promise<Download[]> {
  const downloads = [slowDownload(l), slowDownload(l)];
  for (let i = 0; i < 30; i++) {
    const active = await activeConns(l);
    if (active.get(l.address('lvs01')) === 1 && active.get(l.address('lvs02')) === 1) return downloads;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`expected one active connection on each real server: ${JSON.stringify([...(await activeConns(l))])}`);
}

interface Sample {
  at: number;
  present: boolean;
  weight: number | null;
}

// Samples lvs02's destination until stopped.
function watchLvs02(l: Lab): { stop(): Promise<Sample[]> } {
  const samples: Sample[] = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      const d = (await destinations(l)).get(l.address('lvs02'));
      samples.push({ at: Date.now(), present: d !== undefined, weight: d?.weight ?? null });
      await new Promise((r) => setTimeout(r, 300));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return samples;
    },
  };
}

describe('removing a real server drains its destination first', () => {
  let l: Lab;
  const files = ['lvs01', 'lvs02'].map((h) => `/lab/hosts/${h}/www/big.bin`);

  beforeAll(async () => {
    l = lab();
    await l.reset();
    for (const f of files) writeFileSync(f, Buffer.alloc(BIG, 0x61));
  });

  afterAll(async () => {
    for (const f of files) rmSync(f, { force: true });
    await l.reset();
  });

  it('waits for the open connection to close, then deletes the destination', async () => {
    await lvsplanExpect(l, ['apply', '-auto-approve', fixture('lvs-dr-drain')], 0);
    const [a, b] = await openOnEach(l);
    const watch = watchLvs02(l);
    const started = Date.now();
    const r = await lvsplanExpect(l, ['apply', '-auto-approve', '-no-color', fixture('lvs-dr-drain-removed')], 0);
    const appliedAt = Date.now();
    const samples = await watch.stop();
    const [da, db] = await Promise.all([a!.done, b!.done]);

    expect([da.code, db.code]).toEqual([0, 0]);
    expect([da.bytes, db.bytes]).toEqual([BIG, BIG]);
    const lastClose = Math.max(da.endedAt, db.endedAt);
    expect(output(r)).toMatch(/Draining/);
    expect(appliedAt).toBeGreaterThanOrEqual(lastClose - 1000);
    expect(appliedAt - started).toBeLessThan(120_000);
    // While the downloads were running, lvs02's destination was there (drained to weight 0 once apply began).
    const whileOpen = samples.filter((s) => s.at < Math.min(da.endedAt, db.endedAt) - 1000);
    expect(whileOpen.length).toBeGreaterThan(0);
    expect(whileOpen.every((s) => s.present)).toBe(true);
    expect(whileOpen.some((s) => s.weight === 0)).toBe(true);
    expect((await destinations(l)).has(l.address('lvs02'))).toBe(false);
    console.log(`drain: connection closed ${seconds(lastClose - started)} after apply began; apply ended ${seconds(appliedAt - started)} after it began`);
  });

  it('deletes the destination after drain_timeout when the connection stays open', async () => {
    await l.reset();
    await lvsplanExpect(l, ['apply', '-auto-approve', '-var', 'drain_timeout=5s', fixture('lvs-dr-drain')], 0);
    const downloads = await openOnEach(l);
    const started = Date.now();
    const r = await lvsplanExpect(l, ['apply', '-auto-approve', '-no-color', '-var', 'drain_timeout=5s', fixture('lvs-dr-drain-removed')], 0);
    const appliedAt = Date.now();
    const stillOpen = (await activeConns(l)).get(l.address('lvs01'));
    for (const d of downloads) d.kill();
    await Promise.all(downloads.map((d) => d.done));

    expect(output(r)).toMatch(/Drain timeout reached with 1 active connection/);
    expect((await destinations(l)).has(l.address('lvs02'))).toBe(false);
    expect(stillOpen).toBe(1);
    console.log(`drain: with drain_timeout=5s and the connection open, apply ended ${seconds(appliedAt - started)} after it began`);
  });
});
