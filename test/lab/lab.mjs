#!/usr/bin/env node
// The lab: a real IPVS kernel under qemu running a command with this checkout at the same path.
//   node test/lab/lab.mjs run [--topology default] [--rw DIR]... [--verbose] -- <command...>
//   node test/lab/lab.mjs prepare      (fetch the kernel and build the initramfs only)
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LabError } from './lib/fail.mjs';
import { prepare } from './lib/prepare.mjs';
import { bootAndRun } from './lib/qemu.mjs';

const LAB_DIR = dirname(fileURLToPath(import.meta.url));

function usage(message) {
  if (message) process.stderr.write(`lab: ${message}\n`);
  process.stderr.write('usage: node test/lab/lab.mjs run [--topology NAME] [--rw DIR]... [--verbose] -- <command...>\n');
  process.stderr.write('       node test/lab/lab.mjs prepare\n');
  process.exit(2);
}

function parseRun(args) {
  const options = { topology: null, rw: [], verbose: false };
  const sep = args.indexOf('--');
  if (sep < 0) usage('missing -- before the command');
  const flags = args.slice(0, sep);
  const argv = args.slice(sep + 1);
  if (argv.length === 0) usage('missing command');
  for (let i = 0; i < flags.length; i++) {
    if (flags[i] === '--topology') options.topology = flags[++i];
    else if (flags[i] === '--rw') options.rw.push(flags[++i]);
    else if (flags[i] === '--verbose') options.verbose = true;
    else usage(`unknown option ${flags[i]}`);
  }
  return { ...options, argv };
}

async function main() {
  const [command, ...rest] = process.argv.slice(2);
  if (command === 'prepare') {
    const { kernel, initramfs } = prepare();
    process.stdout.write(`kernel ${kernel.name} ${kernel.version} (${kernel.release})\ninitramfs ${initramfs}\n`);
    return 0;
  }
  if (command !== 'run') usage(command ? `unknown command ${command}` : undefined);
  const options = parseRun(rest);
  const { kernel, initramfs } = prepare();
  const timeoutSeconds = Number(process.env.LVSPLAN_LAB_TIMEOUT ?? 3600);
  // The VM sees the machine's root read-only, but with fresh /tmp and /run: a checkout there is shared explicitly.
  const checkout = resolve(LAB_DIR, '..', '..');
  const rw = /^\/(tmp|run)(\/|$)/.test(checkout) && !options.rw.includes(checkout) ? [...options.rw, checkout] : options.rw;
  const result = await bootAndRun({ kernel, initramfs, cwd: process.cwd(), labDir: LAB_DIR, timeoutSeconds, ...options, rw });
  process.stderr.write(`lab: exit ${result.code}; VM ready after ${result.bootSeconds ?? '?'}s (guest uptime), ${result.seconds.toFixed(1)}s in all\n`);
  return result.code;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(error instanceof LabError ? `lab: ${error.message}\n` : `${error.stack}\n`);
    process.exit(1);
  },
);
