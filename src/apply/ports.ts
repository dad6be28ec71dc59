import type { Attrs } from '../model/resource.js';
import type { HostSpec } from '../model/hosts.js';
import type { ObservedHostLike } from '../plan/observed.js';
import type { CommandResult } from '../transport/command-runner.js';

/**
 * What the apply engine needs from the outside, as small interfaces: providers build commands,
 * a reader turns one round trip into an observed host, a clock lets tests drive time.
 */
export type Built<T> = { ok: true; value: T } | { ok: false; error: string };

export interface RestoreFailureLike {
  message: string;
  line: number | null;
  candidateCount: number;
}

export interface RestoreReportLike {
  failures: RestoreFailureLike[];
  abort: { message: string; kind: string } | null;
  succeeded: number[];
  uncertain: number[];
  /** each line some message can belong to -> index in `failures` of the first such message */
  blame: ReadonlyMap<number, number>;
}

export interface CommandBuilders {
  serviceAddLine(attrs: Attrs): Built<string>;
  serviceEditLine(attrs: Attrs): Built<string>;
  serviceDeleteLine(attrs: Attrs): Built<string>;
  destinationAddLine(svc: Attrs, dest: Attrs): Built<string>;
  destinationEditLine(svc: Attrs, dest: Attrs): Built<string>;
  destinationDeleteLine(svc: Attrs, dest: Attrs): Built<string>;
  /** The destination as `ipvsadm -Sn` prints it. */
  destinationSavedLine(svc: Attrs, dest: Attrs): Built<string>;
  parseRestoreErrors(stderr: string, lines: readonly string[], exitCode?: number): RestoreReportLike;
  addressAddArgv(attrs: Attrs): Built<string[]>;
  addressDeleteArgv(attrs: Attrs): Built<string[]>;
  sysctlWriteArgv(name: string, value: string): Built<string[]>;
}

export type ReadOutcome = { ok: true; observed: ObservedHostLike } | { ok: false; error: string };

/**
 * Reads one host in one round trip: the command, and what its result says. Must read exactly as the
 * planner's read did, so fingerprints compare. Apart, so apply can run the read in the same remote
 * command as a step's changes.
 */
export interface HostReader {
  /** reread: the read that ends an apply step, which needs only the resources (no state record). */
  argv(host: HostSpec, opts?: { reread?: boolean }): Built<string[]>;
  parse(host: HostSpec, result: CommandResult): ReadOutcome;
}

export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};
