import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfigDir } from '../../src/config/load-config-dir.js';
import type { RunOptions } from '../../src/transport/command-runner.js';
import { emptyMetrics } from '../../src/watch/metrics.js';
import type { WatchEvent } from '../../src/watch/watch-log.js';
import { startWatch, type WatchConfig } from '../../src/watch/watch-loop.js';
import { CHECK_ARGV } from '../../providers/health/check-script.js';
import { fakeDirector } from '../apply/support/fake-director.js';
import { closedLoopbackPort } from '../support/loopback.js';

// lvsplan watch's loop on a fake director (checks every 2 s: an arm has that long to arrive on a loaded machine) (the real bash of the check process and the editor, a fake ipvsadm and
// /proc/net/ip_vs, the lock in a temporary directory) checking a backend served on loopback: what it sends the check
// process, when, and what comes of a failing backend.
const VIP = '192.168.122.50';
const LINE_A = `-a -t ${VIP}:80 -r 127.0.0.2:80 -g -w 1`;
const LINE_B = `-a -t ${VIP}:80 -r 127.0.0.1:80 -g -w 1`;

function configDir(dirs: string[], checkPort: number): string {
  const d = mkdtempSync(join(tmpdir(), 'lvsplan-watch-'));
  dirs.push(d);
  writeFileSync(join(d, 'main.hcl'), `director "d" {
  connection { type = "local" }
  interface = "eth0"
  bind_vips = false
}
virtual_server "web" {
  director   = "d"
  address    = "${VIP}"
  port       = 80
  scheduler  = "rr"
  forwarding = "dr"
  health_check {
    type     = "tcp"
    port     = ${checkPort}
    interval = "2s"
    timeout  = "500ms"
    fall     = 2
    rise     = 2
  }
  backend "a" {
    address = "127.0.0.2"
  }
  backend "b" {
    address = "127.0.0.1"
  }
}
`);
  return d;
}

/** A TCP server on loopback in a process of its own (this one may be busy), killed as the lab kills lvs02's. */
async function serve(port: number, address: string) {
  const p = spawn(process.execPath, ['-e', `require('net').createServer((s) => s.end()).listen(${port}, '${address}', () => console.log('up'))`], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise((r) => p.stdout.once('data', r));
  return p;
}

/**
 * The watch on the fake director, both backends served: what it sends the check process (with when), its events and
 * debug lines. With `slowReadsMs`, every read of the director after the first takes that much longer.
 */
async function watchOnFakeDirector(dirs: string[], { driftIntervalMs = 60_000, slowReadsMs = 0 } = {}) {
  const port = await closedLoopbackPort();
  const servers = [await serve(port, '127.0.0.2'), await serve(port, '127.0.0.1')];
  const h = fakeDirector(dirs, [LINE_A, LINE_B]);
  const loaded = loadConfigDir(configDir(dirs, port), { vars: [], varFiles: [], env: {}, ordered: [] });
  expect(loaded.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const sent: { at: number; text: string }[] = [];
  // Each read of the director: when it began and, once it ended, how long it took.
  const reads: { at: number; ms?: number }[] = [];
  const started = performance.now();
  const since = () => performance.now() - started;
  const runner = {
    run: async (argv: string[], o?: RunOptions) => {
      if (argv.join('\0') === CHECK_ARGV.join('\0')) o?.input?.on('data', (b: Buffer) => sent.push({ at: since(), text: b.toString() }));
      if (!argv.includes('lvsplan-read')) return h.runner.run(argv, o);
      const read: { at: number; ms?: number } = { at: since() };
      reads.push(read);
      if (slowReadsMs > 0 && reads.length > 1) await new Promise((r) => setTimeout(r, slowReadsMs));
      const out = await h.runner.run(argv, o);
      read.ms = since() - read.at;
      return out;
    },
    close: async () => undefined,
  };
  const events: (WatchEvent & { at: number })[] = [];
  const debug: { at: number; text: string }[] = [];
  const metrics = emptyMetrics();
  const cfg: WatchConfig = { desired: loaded.desired!, runners: new Map([['d', runner]]) };
  const w = startWatch(
    {
      load: async () => ({ config: cfg, diagnostics: [] }),
      release: async () => undefined,
      emit: (e) => events.push({ ...e, at: since() }),
      metrics,
      repairDrift: false,
      parallelism: 2,
      lockTimeoutMs: 5000,
      driftIntervalMs,
      debug: (_h, text) => debug.push({ at: since(), text }),
      editorPaths: { lockPath: h.lock, procTable: h.proc },
    },
    cfg,
  );
  const until = async (what: () => boolean, ms = 20_000) => {
    for (const end = Date.now() + ms; !what() && Date.now() < end; ) await new Promise((r) => setTimeout(r, 20));
    expect(what(), JSON.stringify({ events, debug, sent, reads }, null, 1)).toBe(true);
  };
  const stop = async () => {
    w.stop();
    expect(await w.done).toBe(0);
    for (const p of servers) p.kill('SIGKILL');
  };
  const killB = () => servers[1]!.kill('SIGKILL');
  const restartB = async () => {
    servers[1] = await serve(port, '127.0.0.1');
  };
  return { h, sent, reads, events, debug, metrics, until, since, stop, killB, restartB };
}

describe('lvsplan watch on a director whose check process schedules its own rounds', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true, maxRetries: 20 });
  });

  it('sends the checks once, arms the round after the first failure, and the check process quiesces at the second', async () => {
    const { h, sent, events, debug, metrics, until, since, stop, killB } = await watchOnFakeDirector(dirs);
    try {
      await until(() => events.filter((e) => e.type === 'backend_up').length === 2);
      // Its first read made, and the quiesces planned after it.
      await until(() => debug.some((d) => d.text.includes('planned ahead after the read')));
      killB();
      const killedAt = since();
      await until(() => events.some((e) => e.type === 'change_applied'));
      await until(() => h.lockText() === '');
      // Two more rounds (the confirming read meanwhile): nothing more is sent for them.
      await new Promise((r) => setTimeout(r, 4000));
      const rounds = debug.filter((d) => d.text.startsWith('check round'));
      // The checks were sent once; then only what prepares and arms the edit, however many rounds ran.
      expect(sent[0]!.text).toMatch(/^0 2000000 tcp 500000 127\.0\.0\.2 \d+ .*\n1 2000000 tcp 500000 127\.0\.0\.1 \d+ .*\n@@loop \n$/);
      const later = sent.slice(1).map((x) => x.text.split('\n')[0]!.split(' ')[0]);
      expect(later).toEqual(['@@restorer', '@@arm']);
      expect(rounds.length).toBeGreaterThan(3);
      // The arm was sent after b's first failing result, for its next round: at once, its quiesce planned after the read.
      const firstFailure = debug.find((d) => d.text.includes('is one result short of down'))!;
      const arm = sent[2]!;
      const failedRound = Number(/^check round (\d+),.*backend\["b"\].*failed/m.exec(rounds.map((r) => r.text).join('\n'))![1]);
      expect(arm.text.split('\n')[0]).toMatch(new RegExp(`^@@arm 1 ${failedRound} \\d+ proc 1 `));
      expect(arm.at).toBeGreaterThan(killedAt);
      const armedLine = debug.find((d) => d.text.includes('is armed with its quick edit'))!.text;
      expect(armedLine).toMatch(/\(planned (after the last read|now)\)/);
      // Planned after the read (unless a later read on a loaded machine had not been planned for yet): sent before the plan made at the failure.
      if (armedLine.includes('after the last read')) expect(arm.at).toBeLessThanOrEqual(firstFailure.at);
      // The check process made the edit at the second failure: b at weight 0, a left; the watch logged and counted it.
      expect(h.table()).toContain(LINE_B.replace('-w 1', '-w 0'));
      expect(h.table()).toContain(LINE_A);
      expect(h.restored()).toBe(`-e -t ${VIP}:80 -r 127.0.0.1:80 -g -w 0 -x 0 -y 0\n`);
      const order = events.filter((e) => e.type !== 'watch_start' && e.at > killedAt).map((e) => `${e.type}${'made_by' in e ? `:${String(e.made_by)}` : ''}`);
      expect(order.slice(0, 2)).toEqual(['backend_down', 'change_applied:check']);
      // With the failing result's reason (the plan made after the read had a passing one).
      expect(events.find((e) => e.type === 'change_applied')!.message).toMatch(/^quiesced virtual_server\.web\.backend\["b"\] on d: weight 1 -> 0 \(unhealthy: TCP connect to 127\.0\.0\.1:\d+: connection refused\) \(quick edit, made by the check process\)$/);
      expect(debug.some((d) => /armed edit applied by the check process/.test(d.text))).toBe(true);
      expect(metrics.changesApplied).toBe(1);
    } finally {
      await stop();
    }
  }, 60_000);

  it('arms the check while a read goes on, and the reconcile after that read leaves the edit made to the one of its verdict', async () => {
    // Every read after the first takes 7 s, and one is due every 3 s: b fails (two rounds, 2 s apart) while one goes on.
    const { h, sent, reads, events, debug, until, since, stop, killB } = await watchOnFakeDirector(dirs, { driftIntervalMs: 3000, slowReadsMs: 7000 });
    try {
      await until(() => events.filter((e) => e.type === 'backend_up').length === 2);
      await until(() => debug.some((d) => d.text.includes('planned ahead after the read')));
      // A slow read under way.
      await until(() => reads.length > 1 && reads.at(-1)!.ms === undefined, 10_000);
      killB();
      const killedAt = since();
      await until(() => events.some((e) => e.type === 'change_applied'), 30_000);
      const applied = events.find((e) => e.type === 'change_applied')!;
      // The check process made the quiesce at b's second failure, while that read went on.
      expect(applied.made_by).toBe('check');
      const during = reads.find((r) => r.at < applied.at && (r.ms === undefined || r.at + r.ms > applied.at));
      expect(during, JSON.stringify({ reads, applied })).toBeDefined();
      expect(sent.some((x) => x.text.startsWith('@@arm') && x.at > killedAt)).toBe(true);
      expect(h.table()).toContain(LINE_B.replace('-w 1', '-w 0'));
      // After that read: no edit of its own, no refused edit, no apply, no error; the reconcile of the verdict read again.
      await until(() => reads.some((r) => r.at > applied.at), 30_000);
      await until(() => h.lockText() === '', 30_000);
      expect(events.filter((e) => ['change_applied', 'quick_edit_refused', 'change_failed', 'error'].includes(e.type)).map((e) => e.type)).toEqual(['change_applied']);
      expect(h.restored()).toBe(`-e -t ${VIP}:80 -r 127.0.0.1:80 -g -w 0 -x 0 -y 0\n`);
    } finally {
      await stop();
    }
  }, 90_000);

  it('after a restore, while the read that confirms it goes on, arms the next failure from the weight the restore set', async () => {
    const { h, reads, events, until, since, stop, killB, restartB } = await watchOnFakeDirector(dirs, { driftIntervalMs: 3000, slowReadsMs: 7000 });
    const applied = () => events.filter((e) => e.type === 'change_applied');
    try {
      await until(() => events.filter((e) => e.type === 'backend_up').length === 2);
      await until(() => reads.length > 1 && reads.at(-1)!.ms === undefined, 10_000);
      killB();
      await until(() => applied().length === 1, 30_000);
      await restartB();
      await until(() => applied().length === 2, 30_000);
      const restoredAt = applied()[1]!.at;
      expect(applied()[1]!.message).toMatch(/^restored virtual_server\.web\.backend\["b"\] on d: weight 0 -> 1 /);
      // The read that confirms the restore (it saw weight 1 or not: it began before the restore's reconcile ended).
      await until(() => reads.some((r) => r.at > restoredAt - 1000 && r.ms === undefined), 15_000);
      killB();
      const killedAt = since();
      await until(() => applied().length === 3, 30_000);
      const quiesced = applied()[2]!;
      expect(quiesced.made_by, JSON.stringify({ events, reads, killedAt })).toBe('check');
      expect(reads.some((r) => r.at < quiesced.at && (r.ms === undefined || r.at + r.ms > quiesced.at))).toBe(true);
      expect(events.filter((e) => ['quick_edit_refused', 'change_failed', 'error'].includes(e.type))).toEqual([]);
      expect(h.table()).toContain(LINE_B.replace('-w 1', '-w 0'));
    } finally {
      await stop();
    }
  }, 150_000);
});
