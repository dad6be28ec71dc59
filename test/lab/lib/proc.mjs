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
