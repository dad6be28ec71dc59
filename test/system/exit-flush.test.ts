/**
 * The built CLI ends its process itself once its output is written (src/cli/main.ts): a pipe whose reader is slow
 * still gets all of it, more than a pipe holds at once, and the exit status is the command's.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, expect, it } from 'vitest';

const CLI = resolve('dist/lvsplan.mjs');
const dir = mkdtempSync(join(tmpdir(), 'lvsplan-exit-flush-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
writeFileSync(join(dir, 'main.hcl'), 'director "d" {\n  interface = "eth0"\n  connection { type = "local" }\n}\n');
// 20,000 list elements: about 370 KB of console output, several times what a pipe holds.
const BIG = 'flatten([for a in range(20) : [for b in range(1000) : "item-${a}-${b}"]])\n';

it('writes all of a large output to a pipe read only after a while, then exits with the status', async () => {
  const whole = spawnSync(process.execPath, [CLI, 'console', dir], { input: BIG, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  expect(whole.status).toBe(0);
  expect(whole.stdout.length).toBeGreaterThan(300_000);
  expect(whole.stdout.trimEnd().endsWith('"item-19-999",\n]')).toBe(true);

  const child = spawn(process.execPath, [CLI, 'console', dir], { env: { ...process.env, NO_COLOR: '1' } });
  child.stdin.end(BIG);
  child.stdout.pause();
  // The CLI has written what the pipe holds and waits for the rest to be taken.
  await new Promise((r) => setTimeout(r, 1500));
  const chunks: Buffer[] = [];
  child.stdout.on('data', (c: Buffer) => chunks.push(c));
  child.stdout.resume();
  const status = await new Promise<number | null>((r) => child.on('close', r));
  expect(status).toBe(0);
  expect(Buffer.concat(chunks).toString('utf8')).toBe(whole.stdout);
}, 30_000);
