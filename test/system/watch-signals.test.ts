/**
 * `lvsplan watch` on the production path (the built CLI, a fake director: support/fake-directors.ts): drift is
 * reported once and left alone without -repair-drift, applied with it; SIGHUP reloads the configuration (a broken
 * one is reported and the previous one kept); SIGTERM ends it with exit 0 and the apply lock let go.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { fakeDirectorsDir } from './support/fake-directors.js';

const CLI = resolve('dist/lvsplan.mjs');
let dir: string;
let watch: ChildProcess | undefined;

beforeEach(() => {
  dir = fakeDirectorsDir('lvsplan-watch-signals-', ['d1'], { blockRestore: false });
});
afterEach(() => {
  watch?.kill('SIGKILL');
  watch = undefined;
  rmSync(dir, { recursive: true, force: true });
});

/** A line of `-json` output, as Terraform's machine-readable UI writes them. */
interface Event {
  type: string;
  '@message': string;
  [k: string]: unknown;
}

/** `lvsplan watch -json` over the fake director: its events as they come, and its exit. */
function startWatch(extra: string[] = []) {
  const events: Event[] = [];
  let stderr = '';
  let partial = '';
  const p = spawn(process.execPath, [CLI, 'watch', '-json', '-drift-interval', '1s', '-no-color', ...extra, join(dir, 'cfg')], { env: { ...process.env, NO_COLOR: '1' } });
  watch = p;
  p.stdout.setEncoding('utf8').on('data', (text: string) => {
    const lines = (partial + text).split('\n');
    partial = lines.pop()!;
    for (const l of lines) if (l.trim()) events.push(JSON.parse(l) as Event);
  });
  p.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
  const exited = new Promise<number | null>((done) => p.on('exit', (code) => done(code)));
  const seen = () => `events:\n${events.map((e) => JSON.stringify(e)).join('\n')}\nstderr:\n${stderr}`;
  /** Waits until `count` events of `type` have come. */
  const waitFor = async (type: string, count = 1, ms = 30_000): Promise<Event[]> => {
    for (let t = 0; t < ms && events.filter((e) => e.type === type).length < count; t += 50) await new Promise((done) => setTimeout(done, 50));
    const got = events.filter((e) => e.type === type);
    expect(got.length, `${count} ${type} event(s); ${seen()}`).toBeGreaterThanOrEqual(count);
    return got;
  };
  return { events, waitFor, exited, seen, signal: (s: NodeJS.Signals) => p.kill(s) };
}

/** How many times d1's table has been read so far. */
const reads = () => readFileSync(join(dir, 'argv.log'), { encoding: 'utf8', flag: 'a+' }).split('\n').filter((l) => l === 'd1 ipvsadm -Sn').length;

async function readsPast(n: number): Promise<void> {
  for (let t = 0; t < 30_000 && reads() <= n; t += 50) await new Promise((done) => setTimeout(done, 50));
  expect(reads()).toBeGreaterThan(n);
}

const lockFree = () => spawnSync('flock', ['-n', join(dir, 'd1-run', 'lvsplan.lock'), 'true']).status === 0;

it('reports drift once and leaves it; SIGHUP with a broken configuration keeps the previous one, a valid one is loaded; SIGTERM exits 0', async () => {
  const w = startWatch();
  const [drift] = await w.waitFor('drift');
  expect(drift!['@message']).toContain('drift left alone (run with --repair-drift to fix it)');
  expect(drift!['@message']).toContain('create virtual_server.web_d1.backend["app"] on d1');
  // Read again on the drift interval, the same drift not reported again, nothing applied.
  const n = reads();
  await readsPast(n + 1);
  expect(w.events.filter((e) => e.type === 'drift'), w.seen()).toHaveLength(1);

  const main = join(dir, 'cfg', 'main.hcl');
  const good = readFileSync(main, 'utf8');
  writeFileSync(main, `${good}\nvirtual_server "broken" {\n`);
  w.signal('SIGHUP');
  const [failed] = await w.waitFor('reload_failed');
  expect(failed!['@message']).toContain('configuration not reloaded, keeping the previous one');
  // Where: the file and line, as a plan's diagnostic says it.
  expect(failed!['@message']).toMatch(/keeping the previous one: \S*main\.hcl:\d+,\d+/);
  // Still watching with the previous configuration.
  await readsPast(reads());
  expect(w.events.filter((e) => e.type === 'drift')).toHaveLength(1);

  writeFileSync(main, good.replace('backend "app"', 'backend "api"'));
  w.signal('SIGHUP');
  await w.waitFor('reload');
  const drifts = await w.waitFor('drift', 2);
  expect(drifts[1]!['@message']).toContain('create virtual_server.web_d1.backend["api"] on d1');
  expect(drifts[1]!['@message']).not.toContain('backend["app"]');

  expect(readFileSync(join(dir, 'argv.log'), 'utf8')).not.toContain('ipvsadm -R');
  w.signal('SIGTERM');
  expect(await w.exited, w.seen()).toBe(0);
  expect(w.events.at(-1)?.type).toBe('watch_stop');
  expect(lockFree()).toBe(true);
});

it('-repair-drift applies the drift, and the next reads find none', async () => {
  const w = startWatch(['-repair-drift']);
  const applied = await w.waitFor('change_applied', 2);
  expect(applied.map((e) => e.address)).toEqual(expect.arrayContaining(['virtual_server.web_d1', 'virtual_server.web_d1.backend["app"]']));
  expect(readFileSync(join(dir, 'argv.log'), 'utf8')).toContain('d1 ipvsadm -R');
  expect(readFileSync(join(dir, 'd1.ipvs'), 'utf8')).toContain('-a -t 192.0.2.10:80 -r 192.0.2.20:80 -g -w 1');
  const n = reads();
  await readsPast(n + 1);
  expect(w.events.filter((e) => e.type === 'drift' || e.type === 'error'), w.seen()).toEqual([]);
  expect(w.events.filter((e) => e.type === 'change_applied')).toHaveLength(applied.length);
  w.signal('SIGTERM');
  expect(await w.exited, w.seen()).toBe(0);
  expect(lockFree()).toBe(true);
});
