import type { Attrs } from '../model/resource.js';
import type { ResourceChange } from '../plan/types.js';
import { succeeded, type CommandRunner } from '../transport/command-runner.js';
import { WarmSessions } from '../transport/warm-session.js';
import { describeFailure } from './describe-result.js';
import { blameBatch, buildBatch, IPVS_RESTORE_ARGV, type BatchPlan } from './ipvs-batch.js';
import type { CommandBuilders } from './ports.js';
import { LOCK_PATH } from '../model/state-record.js';
import { editAnswered, editorArgv, encodeEditRequest, IPVS_PROC_TABLE, lockAheadRequest, parseEditAnswer, tableReadFor, UNLOCK_REQUEST, type EditPair, type EditTimes, type TableRead } from './quick-edit-script.js';

/** One director's share of a quick edit: weight updates of destinations it has, as `-e` lines and the lines they replace. */
export interface QuickEdit {
  host: string;
  changes: ResourceChange[];
  pairs: EditPair[];
  batch: BatchPlan;
  /** How the editor reads the table to compare the pairs' expected lines. */
  read: TableRead;
}

/** Attributes of a service on a host, as the plan saw them. */
export type HostServiceLookup = (host: string, serviceId: string) => Attrs | null;

/** How many destinations a host had when the plan read it. */
export type HostDestinationCount = (host: string) => number;

/** A change a quick edit can make: a weight update of an existing destination, nothing else about it changing. */
function weightOnly(c: ResourceChange): boolean {
  if (c.type !== 'ipvs_destination' || c.action !== 'update' || !c.before || !c.after) return false;
  const keys = new Set([...Object.keys(c.before), ...Object.keys(c.after)]);
  return [...keys].every((k) => k === 'weight' || JSON.stringify(c.before![k]) === JSON.stringify(c.after![k]));
}

/**
 * The quick edits that make `changes`, one per director, or why they need a whole apply (anything but
 * weight updates of existing destinations: creating, deleting, draining, switching schedulers).
 */
export function planQuickEdits(changes: readonly ResourceChange[], builders: CommandBuilders, svcOf: HostServiceLookup, destinationsOn: HostDestinationCount): { ok: true; edits: QuickEdit[] } | { ok: false; why: string } {
  if (changes.length === 0) return { ok: false, why: 'nothing to change' };
  const byHost = new Map<string, ResourceChange[]>();
  for (const c of changes) {
    if (!weightOnly(c)) return { ok: false, why: `${c.address} on ${c.host} is not a weight update` };
    byHost.set(c.host, [...(byHost.get(c.host) ?? []), c]);
  }
  const edits: QuickEdit[] = [];
  for (const [host, hostChanges] of byHost) {
    const batch = buildBatch(hostChanges, builders, (id) => svcOf(host, id));
    const refused = [...batch.refused.values()][0];
    if (refused !== undefined) return { ok: false, why: refused };
    const pairs: EditPair[] = [];
    for (const [i, c] of batch.owner.entries()) {
      const svc = svcOf(host, String(c.before!.service));
      const expected = svc ? builders.destinationSavedLine(svc, c.before!) : { ok: false as const, error: 'its service is not known' };
      if (!expected.ok) return { ok: false, why: `${c.address}: ${expected.error}` };
      pairs.push({ expected: expected.value, edit: batch.lines[i]! });
    }
    edits.push({ host, changes: hostChanges, pairs, batch, read: tableReadFor(pairs, destinationsOn(host)) });
  }
  return { ok: true, edits };
}

export type QuickEditOutcome =
  /** The `-e` lines were run; `failed` holds the changes ipvsadm refused, with why. */
  | { status: 'applied'; failed: Map<ResourceChange, string>; times: EditTimes }
  /** Nothing was applied: the director no longer has the line `change` assumed. */
  | { status: 'moved'; change: ResourceChange; times: EditTimes }
  /** Nothing was applied: another apply held the lock for the whole wait. */
  | { status: 'busy'; holder: string; times: EditTimes }
  | { status: 'failed'; error: string; times?: EditTimes };

const lockWaitSeconds = (lockTimeoutMs: number) => Math.max(0, Math.ceil(lockTimeoutMs / 1000));

/** How long an edit may take once it has the lock (the read and the restore), on top of the lock wait. */
const EDIT_LIMIT_MS = 60_000;

/**
 * `lvsplan watch`'s editors: one long-lived editor process per director (see quick-edit-script.ts), fed
 * an edit per request, so a quiesce costs no process start on lvsplan's side and, over ssh, no session.
 */
export class QuickEditor {
  private readonly sessions = new WarmSessions();
  private nextId = 1;

  constructor(
    private readonly holder: string,
    private readonly builders: CommandBuilders,
    private readonly lockPath?: string,
    private readonly procTable?: string,
    private readonly lockAheadHoldSeconds?: number,
  ) {}

  /** How many editor processes were started. */
  get started(): number {
    return this.sessions.started;
  }

  /**
   * Whose a lock taken ahead is (the holder the editor writes into the lock file while it holds it) and where the
   * table is read: what a check process armed with an edit checks and reads before it makes it (see CheckArm).
   */
  lockOwner(): { holder: string; lockPath: string; table: string } {
    return { holder: this.holder, lockPath: this.lockPath ?? LOCK_PATH, table: this.procTable ?? IPVS_PROC_TABLE };
  }

  /** Starts a director's editor ahead of its first edit, unless it runs. */
  prepare(host: string, runner: CommandRunner): Promise<void> {
    return this.sessions.prepare(host, runner, this.argv());
  }

  /**
   * Takes a director's apply lock ahead of an edit being planned there, so the edit finds it held (the lock's
   * program start overlaps the planning); the edit lets go of it, or release() when none will come.
   */
  lockAhead(host: string, runner: CommandRunner, lockTimeoutMs: number): Promise<void> {
    return this.sessions.tell(host, runner, this.argv(), lockAheadRequest(lockWaitSeconds(lockTimeoutMs)));
  }

  /** Lets go of a lock taken ahead whose edit will not come. */
  release(host: string, runner: CommandRunner): Promise<void> {
    return this.sessions.tell(host, runner, this.argv(), UNLOCK_REQUEST);
  }

  async edit(runner: CommandRunner, e: QuickEdit, lockTimeoutMs: number): Promise<QuickEditOutcome> {
    const id = this.nextId++;
    const waitSeconds = lockWaitSeconds(lockTimeoutMs);
    const request = encodeEditRequest(id, waitSeconds, e.pairs, e.read);
    if (!request.ok) return { status: 'failed', error: request.error };
    const r = await this.sessions.exchange(e.host, runner, { argv: this.argv(), stdin: request.text, answered: (out) => editAnswered(out, id), timeoutMs: waitSeconds * 1000 + EDIT_LIMIT_MS });
    const answer = r.exitCode === 0 && !r.timedOut ? parseEditAnswer(r.stdout, id, e.pairs.length) : null;
    if (!answer) return { status: 'failed', error: succeeded(r) ? `the editor's answer was not understood: ${JSON.stringify(r.stdout.slice(-200))}` : describeFailure(r, 'the editor') };
    switch (answer.status) {
      case 'applied': {
        const result = { argv: [...IPVS_RESTORE_ARGV], exitCode: answer.exitCode, signal: null, stdout: '', stderr: answer.stderr, durationMs: r.durationMs };
        return { status: 'applied', failed: blameBatch(result, e.batch, this.builders), times: answer.times };
      }
      case 'moved':
        return { status: 'moved', change: e.batch.owner[answer.index]!, times: answer.times };
      default:
        return answer;
    }
  }

  close(): Promise<void> {
    return this.sessions.close();
  }

  private argv(): string[] {
    return editorArgv(this.holder, this.lockPath, this.procTable, this.lockAheadHoldSeconds);
  }
}
