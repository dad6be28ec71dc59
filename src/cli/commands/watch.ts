import type { Server } from 'node:http';
import { hasErrors } from '../../hcl/diagnostic.js';
import { emptyMetrics, renderMetrics } from '../../watch/metrics.js';
import { parseListen } from '../../watch/listen-address.js';
import { startMetricsServer } from '../../watch/metrics-server.js';
import { formatEvent, type WatchEvent } from '../../watch/watch-log.js';
import { startWatch, type WatchConfig } from '../../watch/watch-loop.js';
import { commandLog } from '../command-log.js';
import { HostRunners } from '../host-runners.js';
import { logDebug } from '../../transport/logging-runner.js';
import { EXIT_ERROR, type CliIO } from '../io.js';
import { loadConfig } from '../load-config.js';
import { printDiagnostics } from '../print-diagnostics.js';
import type { VariableInput } from '../variable-inputs.js';
import type { SignalSource } from '../signal-source.js';

export interface WatchOptions {
  dir: string;
  variables: VariableInput[];
  repairDrift: boolean;
  json: boolean;
  metricsListen?: string;
  parallelism: number;
  lockTimeout: number;
  driftInterval: number;
  color: boolean;
}

export async function runWatch(opts: WatchOptions, io: CliIO, signals: SignalSource = process): Promise<number> {
  const emit = (e: WatchEvent): void => (opts.json ? io.stdout : e.level === 'info' ? io.stdout : io.stderr)(formatEvent(e, opts.json, new Date()));
  const log = commandLog(io);
  const load = async () => {
    const loaded = loadConfig(opts.dir, opts.variables, io);
    if (!loaded.desired || hasErrors(loaded.diagnostics)) return { config: null, diagnostics: loaded.diagnostics, sources: loaded.sources };
    const runners = new HostRunners(loaded.desired.hosts, log);
    const config: WatchConfig & { close: () => Promise<void> } = { desired: loaded.desired, runners: runners.map, close: () => runners.close() };
    return { config, diagnostics: loaded.diagnostics, sources: loaded.sources };
  };
  // Signals are taken from the start: a SIGTERM while the configuration loads still ends cleanly, exit 0.
  let control: ReturnType<typeof startWatch> | null = null;
  let stopped = false;
  const stop = (): void => { stopped = true; control?.stop(); };
  const reload = (): void => control?.reload();
  signals.on('SIGTERM', stop);
  signals.on('SIGINT', stop);
  signals.on('SIGHUP', reload);
  let server: Server | null = null;
  try {
    const first = await load();
    if (!first.config) {
      printDiagnostics(io, first.diagnostics, first.sources, opts.color);
      return EXIT_ERROR;
    }
    const metrics = emptyMetrics();
    if (opts.metricsListen !== undefined) {
      const addr = parseListen(opts.metricsListen)!;
      try {
        server = await startMetricsServer(addr, () => renderMetrics(metrics));
      } catch (e) {
        await (first.config as WatchConfig & { close: () => Promise<void> }).close();
        io.stderr(`Error: Cannot serve metrics\n\nCould not listen on ${opts.metricsListen}: ${(e as Error).message}\n`);
        return EXIT_ERROR;
      }
    }
    control = startWatch(
      {
        load,
        release: (c) => (c as WatchConfig & { close: () => Promise<void> }).close(),
        emit,
        metrics,
        repairDrift: opts.repairDrift,
        parallelism: opts.parallelism,
        lockTimeoutMs: opts.lockTimeout,
        driftIntervalMs: opts.driftInterval,
        debug: log ? (host, text) => logDebug(log, host, text) : undefined,
      },
      first.config,
    );
    if (stopped) control.stop();
    return await control.done;
  } finally {
    signals.off('SIGTERM', stop);
    signals.off('SIGINT', stop);
    signals.off('SIGHUP', reload);
    if (server) await new Promise<void>((r) => server!.close(() => r()));
  }
}
