import { CHECK_ARGV, EDIT_PRESTART, ROUND_DONE } from '../../providers/health/check-script.js';
import type { CommandRunner } from '../transport/command-runner.js';
import { WarmSessions } from '../transport/warm-session.js';
import type { CheckRoundRunner } from './health-checks.js';

const roundDone = (out: string) => out === `${ROUND_DONE}\n` || out.endsWith(`\n${ROUND_DONE}\n`);

/**
 * One long-lived check process per director for `lvsplan watch`: a round is written to its stdin and
 * answered on its stdout (see WarmSessions), so no process starts per round.
 */
export class WarmChecks {
  private readonly sessions = new WarmSessions();

  /** How many check processes were started. */
  get started(): number {
    return this.sessions.started;
  }

  readonly run: CheckRoundRunner = (host, runner, run, onOutput) => this.sessions.exchange(host, runner, { argv: run.argv, stdin: run.stdin, answered: roundDone, timeoutMs: run.timeoutMs, onOutput });

  /** Has a director's check process start the `ipvsadm -R` of an armed edit that may come (see CheckArm), after its round. */
  prestartEdit(host: string, runner: CommandRunner): Promise<void> {
    return this.sessions.tell(host, runner, CHECK_ARGV, `${EDIT_PRESTART}\n`);
  }

  close(): Promise<void> {
    return this.sessions.close();
  }
}
