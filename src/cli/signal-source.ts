/** Process signals, injected so that commands catching them (watch, apply's interrupts) can be driven in tests. */
export interface SignalSource {
  on(signal: 'SIGTERM' | 'SIGINT' | 'SIGHUP', fn: () => void): void;
  off(signal: 'SIGTERM' | 'SIGINT' | 'SIGHUP', fn: () => void): void;
}
