import type { SignalSource } from './signal-source.js';

const SIGNALS = ['SIGINT', 'SIGTERM'] as const;

export interface Interrupts {
  /** Aborted at the first Ctrl-C or SIGTERM: start nothing new, let what runs finish. */
  graceful: AbortSignal;
  /** Aborted at the second: stop the commands still running (their process groups are killed). */
  immediate: AbortSignal;
  /** Stops listening; the signals' default behaviour comes back. */
  dispose(): void;
}

/**
 * Catches SIGINT and SIGTERM for the length of an apply, as Terraform does: the first asks for a
 * graceful stop, the second stops the running commands too. Either way lvsplan itself goes on to
 * release its locks, close its connections and print what was and was not applied.
 */
export function catchInterrupts(say: (text: string) => void, signals: SignalSource = process): Interrupts {
  const graceful = new AbortController();
  const immediate = new AbortController();
  const on = (): void => {
    if (!graceful.signal.aborted) {
      say('\nInterrupt received.\nPlease wait for lvsplan to exit or the hosts may be left half-changed.\nGracefully shutting down: no new changes start; running ones finish and are recorded...\n');
      graceful.abort();
    } else if (!immediate.signal.aborted) {
      say('\nTwo interrupts received. Stopping the running commands now; the hosts may be left half-changed (run "lvsplan plan" to see).\n');
      immediate.abort();
    }
  };
  for (const s of SIGNALS) signals.on(s, on);
  return {
    graceful: graceful.signal,
    immediate: immediate.signal,
    dispose: () => {
      for (const s of SIGNALS) signals.off(s, on);
    },
  };
}
