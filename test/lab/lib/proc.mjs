import { spawnSync } from 'node:child_process';
import { fail } from './fail.mjs';

// Runs argv synchronously; returns stdout or fails with the command's stderr.
export function run(argv, options = {}) {
  const result = spawnSync(argv[0], argv.slice(1), {
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    ...options,
  });
  if (result.error) fail(`cannot run ${argv[0]}: ${result.error.message}`);
  if (result.status !== 0) {
    fail(`command failed (exit ${result.status}): ${argv.join(' ')}\n${result.stderr ?? ''}`);
  }
  return result.stdout ?? '';
}

export function which(name) {
  const result = spawnSync('sh', ['-c', 'command -v "$1"', 'sh', name], { encoding: 'utf8' });
  return result.status === 0 ? result.stdout.trim() : null;
}

// One progress line for a slow first-use step; its commands' output is kept and shown only if it fails.
export function progress(what, fn) {
  process.stderr.write(`lab: ${what} ... `);
  const t0 = Date.now();
  try {
    const result = fn();
    process.stderr.write(`done (${Math.round((Date.now() - t0) / 1000)}s)\n`);
    return result;
  } catch (error) {
    process.stderr.write('FAILED\n');
    throw error;
  }
}
