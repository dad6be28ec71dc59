import type { ResourceChange } from '../plan/types.js';

/** What the engine reports while it runs; views turn these into lines. */
export type ApplyEvent =
  | { kind: 'lock-wait'; host: string }
  | { kind: 'locked'; host: string }
  | { kind: 'start'; change: ResourceChange }
  | { kind: 'complete'; change: ResourceChange; elapsedMs: number }
  | { kind: 'failed'; change: ResourceChange; message: string }
  | { kind: 'skipped'; change: ResourceChange; reason: string }
  /** active is -1 when the table could not be read; inactive is given when the drain waits for it too. */
  | { kind: 'draining'; change: ResourceChange; active: number; inactive?: number; elapsedMs: number; timeoutMs: number }
  | { kind: 'drain-timeout'; change: ResourceChange; active: number; inactive?: number }
  | { kind: 'verify'; host: string; ok: boolean };
