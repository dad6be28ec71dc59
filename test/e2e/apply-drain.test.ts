import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Lab, RunResult } from '../lab/api/lab.js';
import { killGroup } from '../lab/api/kill-group.js';
import { useResetLab } from './support/use-reset-lab.js';
import { destinations, fixture, lvsplanExpect, output, seconds } from './support/apply-support.js';

// A long-lived connection the test controls: a CGI on each real server streams one line a second until a
// stop file appears in its document root (or 5 minutes pass). A download with a rate limit does not do:
// the client's socket buffer swallows the whole file at once and the connection closes early.
const REAL_SERVERS = ['lvs01', 'lvs02'] as const;
const wwwOf = (host: string) => `/lab/hosts/${host}/www`;
const stopFile = (host: string) => `${wwwOf(host)}/stop`;

function installStream(host: string): void {
  mkdirSync(`${wwwOf(host)}/cgi-bin`, { recursive: true });
  const script = [
    '#!/bin/sh',
    "printf 'Content-Type: text/plain\\r\\n\\r\\n'",
    `echo "${host} start"`,
    'i=0',
    `while [ ! -e ${stopFile(host)} ] && [ "$i" -lt 300 ]; do echo "tick $i"; sleep 1; i=$((i+1)); done`,
    'echo end',
    '',
  ].join('\n');
  writeFileSync(`${wwwOf(host)}/cgi-bin/stream`, script);
  chmodSync(`${wwwOf(host)}/cgi-bin/stream`, 0o755);
}

interface Stream {
  /** the real server that answered, from the first line */
  server(): string | null;
  done: Promise<{ code: number; complete: boolean; endedAt: number }>;
  running(): boolean;
  kill(): void;
}

function openStream(l: Lab): Stream {
  const argv = [...l.enter('client'), 'curl', '-sN', '-m', '600', `http://${l.vip}/cgi-bin/stream`];
  const child = spawn(argv[0]!, argv.slice(1), { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let out = '';
  let ended = false;
  child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
  const done = new Promise<{ code: number; complete: boolean; endedAt: number }>((resolve) =>
    child.on('close', (code) => {
      ended = true;
      resolve({ code: code ?? -1, complete: /\nend\n$/.test(out), endedAt: Date.now() });
    }),
  );
  return {
    server: () => /^(\S+) start\n/.exec(out)?.[1] ?? null,
    done,
    running: () => !ended,
    kill: () => killGroup(child),
  };
}

// One stream on each real server (rr sends the two connections to different ones).
async function openOnEach(l: Lab): Promise<Map<string, Stream>> {
  const streams = [openStream(l), openStream(l)];
  for (let i = 0; i < 60; i++) {
    const by = new Map(streams.flatMap((s) => (s.server() ? [[s.server()!, s] as const] : [])));
    if (by.size === 2) return by;
    await sleep(500);
  }
  throw new Error(`expected one stream on each real server, got: ${streams.map((s) => s.server()).join(', ')}`);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 120_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(300);
  }
}

function background(p: Promise<RunResult>): { result: Promise<RunResult>; finished(): boolean; endedAt(): number } {
  let endedAt = 0;
  const result = p.then((r) => ((endedAt = Date.now()), r));
  return { result, finished: () => endedAt !== 0, endedAt: () => endedAt };
}

describe('removing a real server drains its destination first', () => {
  const l = useResetLab();
  let streams: Map<string, Stream> = new Map();

  beforeAll(() => {
    for (const h of REAL_SERVERS) installStream(h);
  });

  beforeEach(() => {
    for (const s of streams.values()) s.kill();
    for (const h of REAL_SERVERS) rmSync(stopFile(h), { force: true });
  });

  afterAll(() => {
    for (const s of streams.values()) s.kill();
    for (const h of REAL_SERVERS) rmSync(`${wwwOf(h)}/cgi-bin`, { recursive: true, force: true });
    for (const h of REAL_SERVERS) rmSync(stopFile(h), { force: true });
  });

  it('keeps the destination at weight 0 while its connection is open and deletes it once it closes', async () => {
    await lvsplanExpect(l, ['apply', '-auto-approve', fixture('lvs-dr-drain')], 0);
    streams = await openOnEach(l);
    const lvs02 = l.address('lvs02');
    const apply = background(l.lvsplan(['apply', '-auto-approve', '-no-color', fixture('lvs-dr-drain-removed')]));

    await until('lvs02 drained to weight 0', async () => (await destinations(l)).get(lvs02)?.weight === 0);
    await sleep(5000);
    expect(apply.finished()).toBe(false);
    expect((await destinations(l)).get(lvs02)?.weight).toBe(0);
    expect(streams.get('lvs02')!.running()).toBe(true);

    const closedAt = Date.now();
    writeFileSync(stopFile('lvs02'), '');
    const r = await apply.result;
    const s02 = await streams.get('lvs02')!.done;

    expect(r.code, output(r)).toBe(0);
    expect(output(r)).toMatch(/Draining/);
    expect(s02).toMatchObject({ code: 0, complete: true });
    expect(apply.endedAt()).toBeGreaterThanOrEqual(closedAt);
    expect((await destinations(l)).has(lvs02)).toBe(false);
    expect(streams.get('lvs01')!.running()).toBe(true);
    console.log(`drain: apply finished ${seconds(apply.endedAt() - closedAt)} after lvs02's connection was told to close`);
  });

  it('deletes the destination after drain_timeout when the connection stays open', async () => {
    await l.reset();
    await lvsplanExpect(l, ['apply', '-auto-approve', '-var', 'drain_timeout=5s', fixture('lvs-dr-drain')], 0);
    streams = await openOnEach(l);
    const started = Date.now();
    const r = await lvsplanExpect(l, ['apply', '-auto-approve', '-no-color', '-var', 'drain_timeout=5s', fixture('lvs-dr-drain-removed')], 0);
    const appliedAt = Date.now();

    expect(output(r)).toMatch(/Drain timeout reached with 1 active connection/);
    expect((await destinations(l)).has(l.address('lvs02'))).toBe(false);
    expect(streams.get('lvs02')!.running()).toBe(true);
    console.log(`drain: with drain_timeout=5s and the connection open, apply ended ${seconds(appliedAt - started)} after it began`);
  });
});
