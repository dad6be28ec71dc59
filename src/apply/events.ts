import type { ResourceChange } from '../plan/types.js';

/** What the engine reports while it runs; views turn these into lines. */
export type ApplyEvent =
  | { kind: 'lock-wait'; host: string }
  | { kind: 'locked'; host: string }
  | { kind: 'start'; change: ResourceChange }
  | { kind: 'complete'; change: ResourceChange; elapsedMs: number }
  | { kind: 'failed'; change: ResourceChange; message: string }
  | { kind: 'skipped'; change: ResourceChange; reason: string }
  | { kind: 'draining'; change: ResourceChange; active: number; elapsedMs: number; timeoutMs: number }
  | { kind: 'drain-timeout'; change: ResourceChange; active: number }
  | { kind: 'verify'; host: string; ok: boolean };
