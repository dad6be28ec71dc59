import { spawn } from 'node:child_process';
import { killGroup } from '../../lab/api/kill-group.js';

/**
 * How late a request's stamp can be: it is taken when the loop reads curl's line, which on a loaded machine comes up
 * to tens of ms after curl wrote it, so `startedMs` (the stamp minus curl's duration) can be that much late too.
 */
export const LOAD_STAMP_LAG_MS = 50;

/**
 * A request that did not get a 200: curl's exit code (7 refused, 28 timed out, 52/56 reset), how long its
 * TCP connect took (0 when it never connected: a SYN unanswered or refused), and when it started and ended
 * (Date.now() scale, stamped in the client as the loop read curl's line, so the test's own lag does not count,
 * the loop's does: see LOAD_STAMP_LAG_MS).
 */
export interface FailedRequest {
  status: string;
  curlExit: number;
  connectSeconds: number;
  /** The client port it connected from: its entry in the director's connection table (ipvsadm -Lnc) says where it went. */
  localPort: number;
  startedMs: number;
  atMs: number;
}

/** An answered request that took a second or more (a SYN dropped and retransmitted on the way, usually). */
export interface SlowRequest {
  seconds: number;
  connectSeconds: number;
  localPort: number;
  startedMs: number;
  atMs: number;
}

export interface LoadTally {
  succeeded: number;
  failed: number;
  /** How many answered requests took a second or more (slowRequests.length). */
  slow: number;
  failures: FailedRequest[];
  slowRequests: SlowRequest[];
}

export interface FastLoad {
  tally(): LoadTally;
  /** Resolves once at least n requests have been answered or failed. */
  reach(n: number): Promise<void>;
  stop(): Promise<LoadTally>;
}

export interface FastLoadOptions {
  seconds?: number;
  perProcess?: number;
  timeoutSeconds?: number;
  /**
   * Requests a second, started at that pace whatever they take (curl --rate; a request that takes longer delays the
   * next): the failures of a stretch then count its length, not how fast the machine answered meanwhile.
   */
  rate?: number;
  /** Called as each failed request's line arrives (to look at the director while its traces are fresh). */
  onFailure?: (f: FailedRequest) => void;
}

// Like lab.loadLoop, but one curl process makes `perProcess` requests in a row (a new TCP connection each,
// "Connection: close"), so under TCG the rate is bounded by the network path, not by process start-up.
// One line per request: when curl printed it (bash's $EPOCHREALTIME in microseconds, read by a builtin loop:
// no process per line), its HTTP status (000 when it failed), curl's exit code for it, its duration and its
// connect time and the client port.
const LOOP = [
  'end=$(( EPOCHSECONDS + $2 ))',
  'while (( EPOCHSECONDS < end )); do',
  '  for (( i = 0; i < $3; i++ )); do echo "url = \\"$1\\""; echo \'output = "/dev/null"\'; done |',
  // stdbuf: curl's stdout is a pipe, so without it each line came when 4 KB had gathered or the curl ended,
  // seconds after its request, and failures were counted late (or after the quiesce they preceded).
  '    stdbuf -oL curl -s -m "$4" ${5:+--rate "$5/s"} -H "Connection: close" -w "%{http_code} %{exitcode} %{time_total} %{time_connect} %{local_port}\\n" -K - |',
  '    while IFS= read -r line; do printf \'%s %s\\n\' "${EPOCHREALTIME/./}" "$line"; done',
  'done',
].join('\n');

export function startFastLoad(enter: readonly string[], url: string, { seconds = 600, perProcess = 200, timeoutSeconds = 2, rate, onFailure }: FastLoadOptions = {}): FastLoad {
  const argv = [...enter, 'bash', '-c', LOOP, 'fast-load', url, String(seconds), String(perProcess), String(timeoutSeconds), rate === undefined ? '' : String(rate)];
  const child = spawn(argv[0]!, argv.slice(1), { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let partial = '';
  let succeeded = 0;
  const slowRequests: SlowRequest[] = [];
  const failures: FailedRequest[] = [];
  child.stdout.setEncoding('utf8').on('data', (d: string) => {
    const lines = (partial + d).split('\n');
    partial = lines.pop()!;
    for (const line of lines) {
      const [stamp = '', status = '', exit = '', took = '', connect = '', port = ''] = line.split(' ');
      const atMs = Number(stamp) / 1000;
      const startedMs = atMs - Number(took) * 1000;
      if (status === '200') {
        succeeded++;
        if (Number(took) >= 1) slowRequests.push({ seconds: Number(took), connectSeconds: Number(connect), localPort: Number(port), startedMs, atMs });
      } else {
        const failure = { status, curlExit: Number(exit), connectSeconds: Number(connect), localPort: Number(port), startedMs, atMs };
        failures.push(failure);
        onFailure?.(failure);
      }
    }
  });
  const tally = (): LoadTally => ({ succeeded, failed: failures.length, slow: slowRequests.length, failures: [...failures], slowRequests: [...slowRequests] });
  const finished = new Promise<LoadTally>((resolve) => child.on('close', () => resolve(tally())));
  return {
    tally,
    async reach(n) {
      while (succeeded + failures.length < n) {
        if (child.exitCode !== null || child.signalCode !== null) throw new Error(`load ended early at ${JSON.stringify(tally())}`);
        await new Promise((r) => setTimeout(r, 500));
      }
    },
    async stop() {
      killGroup(child);
      return finished;
    },
  };
}
