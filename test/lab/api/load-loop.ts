import { spawn } from 'node:child_process';
import { killGroup } from './kill-group.js';

export interface LoadResult {
  succeeded: number;
  failed: number;
}

export interface LoadLoop {
  // Stops the loop (if still running) and returns the tally.
  stop(): Promise<LoadResult>;
  // Resolves when the loop finishes by itself (count or seconds reached).
  finished: Promise<LoadResult>;
}

// One line per request: "ok" when the answer was HTTP 200, "fail" otherwise.
const LOOP = [
  'end=$(( $(date +%s) + $2 )); i=0',
  'while [ "$i" -lt "$3" ] && [ "$(date +%s)" -lt "$end" ]; do',
  '  code=$(curl -s -o /dev/null -m "$4" -w "%{http_code}" "$1")',
  '  if [ "$code" = 200 ]; then echo ok; else echo fail; fi',
  '  i=$((i+1))',
  'done',
].join('\n');

export function startLoadLoop(prefix: readonly string[], url: string, count: number, seconds: number, timeoutSeconds: number): LoadLoop {
  const argv = [...prefix, 'sh', '-c', LOOP, 'load-loop', url, String(seconds), String(count), String(timeoutSeconds)];
  const child = spawn(argv[0]!, argv.slice(1), { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (output += d));
  const tally = (): LoadResult => {
    const lines = output.split('\n');
    return { succeeded: lines.filter((l) => l === 'ok').length, failed: lines.filter((l) => l === 'fail').length };
  };
  const finished = new Promise<LoadResult>((resolve) => child.on('close', () => resolve(tally())));
  return {
    finished,
    async stop() {
      killGroup(child);
      return finished;
    },
  };
}
