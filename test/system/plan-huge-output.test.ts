/**
 * A host that answers `lvsplan plan` with 600 MB of `ipvsadm -Sn`-looking lines: the real CLI (dist)
 * kills the command at the output cap, names the host, exits 1, and its memory stays bounded.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { MAX_OUTPUT_BYTES } from '../../src/transport/command-runner.js';

const CLI = resolve('dist/lvsplan.mjs');
const RSS_REPORTER = resolve('test/system/support/report-max-rss.mjs');
const dir = mkdtempSync(join(tmpdir(), 'lvsplan-huge-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('600 MB of -Sn output from one host: a diagnostic naming it, exit 1, bounded RSS, no stack trace', () => {
  const host = join(dir, 'flooding-host');
  // Whatever lvsplan asks, print 600 MB of plausible ipvsadm -Sn lines (and count what was asked).
  writeFileSync(host, `#!/bin/sh\necho run >> '${join(dir, 'runs')}'\nyes -- '-a -t 198.51.100.50:80 -r 198.51.100.10:80 -g -w 1' | head -c 600000000\n`, { mode: 0o755 });
  writeFileSync(join(dir, 'main.hcl'), `director "flood" {
  connection {
    type    = "exec"
    command = [${JSON.stringify(host)}]
  }
  interface = "eth0"
}
`);
  const rssFile = join(dir, 'rss');
  const r = spawnSync(process.execPath, ['--import', RSS_REPORTER, CLI, 'plan', '-no-color', '-input=false', dir], {
    encoding: 'utf8',
    timeout: 110_000,
    env: { ...process.env, NO_COLOR: '1', LVSPLAN_TEST_RSS_FILE: rssFile },
  });
  expect(r.error).toBeUndefined();
  expect(r.status).toBe(1);
  expect(r.stderr).toContain('Too much output from host "flood"');
  expect(r.stderr).toContain(`more than ${MAX_OUTPUT_BYTES} bytes`);
  expect(r.stderr + r.stdout).not.toMatch(/\n\s+at .+:\d+:\d+\)?\n|RangeError|Cannot create a string/);
  const maxRssMiB = Number(readFileSync(rssFile, 'utf8')) / 1024;
  console.log(`plan with a 600 MB -Sn host: peak RSS ${maxRssMiB.toFixed(0)} MiB (output cap ${MAX_OUTPUT_BYTES / 2 ** 20} MiB)`);
  // The cap's 64 MiB held as buffers, once as a string, plus Node itself: far from the 1.2 GB of an unbounded read.
  expect(maxRssMiB).toBeLessThan(512);
});
