import { spawn } from 'node:child_process';

export interface LoadTally {
  succeeded: number;
  failed: number;
}

export interface FastLoad {
  tally(): LoadTally;
  /** Resolves once at least n requests have been answered or failed. */
  reach(n: number): Promise<void>;
  stop(): Promise<LoadTally>;
}

// Like lab.loadLoop, but one curl process makes `perProcess` requests in a row (a new TCP connection each,
// "Connection: close"), so under TCG the rate is bounded by the network path, not by process start-up.
// One line per request: its HTTP status, 000 when it failed or timed out.
const LOOP = [
  'end=$(( $(date +%s) + $2 ))',
  'while [ "$(date +%s)" -lt "$end" ]; do',
  '  i=0; while [ "$i" -lt "$3" ]; do echo "url = \\"$1\\""; echo \'output = "/dev/null"\'; i=$((i+1)); done |',
  '    curl -s -m "$4" -H "Connection: close" -w "%{http_code}\\n" -K -',
  'done',
].join('\n');

export function startFastLoad(enter: readonly string[], url: string, { seconds = 600, perProcess = 200, timeoutSeconds = 2 } = {}): FastLoad {
  const argv = [...enter, 'sh', '-c', LOOP, 'fast-load', url, String(seconds), String(perProcess), String(timeoutSeconds)];
  const child = spawn(argv[0]!, argv.slice(1), { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (output += d));
  const tally = (): LoadTally => {
    const lines = output.split('\n').slice(0, -1);
    const succeeded = lines.filter((l) => l === '200').length;
    return { succeeded, failed: lines.length - succeeded };
  };
  const finished = new Promise<LoadTally>((resolve) => child.on('close', () => resolve(tally())));
  return {
    tally,
    async reach(n) {
      while (tally().succeeded + tally().failed < n) {
        if (child.exitCode !== null || child.signalCode !== null) throw new Error(`load ended early at ${JSON.stringify(tally())}`);
        await new Promise((r) => setTimeout(r, 500));
      }
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null && child.pid) {
        try {
          process.kill(-child.pid, 'SIGTERM');
        } catch {
          // already gone
        }
      }
      return finished;
    },
  };
}
