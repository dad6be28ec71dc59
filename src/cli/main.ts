#!/usr/bin/env -S node --max-semi-space-size=4 --max-inlined-bytecode-size-cumulative=200
// Node's flags for a short run that keeps most of what it makes. Semi-spaces of at most 4 MB (V8's default grows them to
// 16): nearly everything a plan makes survives the young generation, so a larger one spares few copies and costs page
// faults and cache misses: beside 16 MB a 100,000-destination plan peaked at 121 MiB instead of 141, for no more CPU
// (README, Performance: plan-cluster). A smaller inlining budget for TurboFan, whose compiles of the hot decoders run on helper
// threads but cost CPU all the same: about 1 s of a 100,000-destination plan's 3 s by --trace-opt.
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import type { Interface } from 'node:readline';
import type { CliIO } from './io.js';
import { runCli } from './run-cli.js';

/** The version from lvsplan's package.json, found above this module (tsc output and the bundle sit at different depths). */
function packageVersion(): string {
  for (let url = new URL('./', import.meta.url), i = 0; i < 5; url = new URL('../', url), i++) {
    try {
      const pkg = JSON.parse(readFileSync(new URL('package.json', url), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'lvsplan' && pkg.version) return pkg.version;
    } catch {
      // not here; look one level up
    }
  }
  return '0.0.0';
}

/** Lines of standard input, for the prompts; node:readline is loaded by the first read (most commands read none). */
function lineReader(): () => Promise<string | null> {
  let rl: Interface | null = null;
  return async () => {
    rl ??= (await import('node:readline')).createInterface({ input: process.stdin, terminal: false });
    const reader = rl;
    return new Promise((resolve) => {
      const onLine = (line: string): void => {
        reader.off('close', onClose);
        reader.pause();
        resolve(line);
      };
      const onClose = (): void => resolve(null);
      reader.once('line', onLine);
      reader.once('close', onClose);
      reader.resume();
    });
  };
}

// A reader that stops early (`lvsplan plan | head`) is not an error worth a stack trace.
for (const stream of [process.stdout, process.stderr])
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });

const noColorEnv = process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '';
const io: CliIO = {
  stdout: (t) => void process.stdout.write(t),
  stdoutDrained: async () => {
    if (process.stdout.writableNeedDrain) await once(process.stdout, 'drain');
  },
  stdoutBytes: (bytes) => new Promise((resolve, reject) => void process.stdout.write(bytes, (err) => (err ? reject(err) : resolve()))),
  stderr: (t) => void process.stderr.write(t),
  color: !noColorEnv && !!process.stdout.isTTY,
  isTTY: !!process.stdout.isTTY,
  stdinIsTTY: !!process.stdin.isTTY,
  readLine: lineReader(),
  env: process.env,
};

process.exitCode = await runCli(process.argv.slice(2), io, packageVersion());
// Exiting once stdout and stderr are flushed spares Node tearing its heap down page by page: about 0.1 s of CPU after
// a 100,000-destination plan (README: plan-cluster). A pipe takes what it can at once and the rest later, so wait for it.
const flushed = (stream: NodeJS.WriteStream): Promise<void> =>
  new Promise((resolve) => (stream.writableLength === 0 ? resolve() : stream.write('', () => resolve())));
await Promise.all([flushed(process.stdout), flushed(process.stderr)]);
process.exit();
