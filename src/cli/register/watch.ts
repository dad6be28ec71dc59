import { InvalidArgumentError, Option, type Command } from 'commander';
import { parseListen } from '../../watch/listen-address.js';
import type { CliContext } from '../context.js';
import { parseDurationMs } from '../duration.js';
import { addVariableOptions, parseLockTimeout, parseParallelism, DEFAULT_PARALLELISM } from '../options.js';

function parseListenOption(v: string): string {
  if (!parseListen(v)) throw new InvalidArgumentError(`"${v}" is not a listen address; write it like 127.0.0.1:9310, :9310 or [::1]:9310.`);
  return v;
}

function parseInterval(v: string): number {
  const ms = parseDurationMs(v);
  if (ms === null || ms < 1000) throw new InvalidArgumentError(`"${v}" is not a duration of at least 1s; write it like 30s or 5m.`);
  return ms;
}

export function registerWatch(program: Command, ctx: CliContext): void {
  addVariableOptions(program.command('watch'), ctx)
    .summary('Check backends and keep the pools healthy, continuously')
    .description(
      'Check every backend on its interval (rise/fall), quiesce and restore backends and manage sorry servers as they fail and recover; ' +
        'with --repair-drift also apply any other drift. SIGHUP reloads the configuration; SIGTERM/SIGINT stop cleanly (exit 0).',
    )
    .argument('[dir]', 'configuration directory', '.')
    .option('--repair-drift', 'apply every change, not only health changes (default: report drift and leave it)')
    .option('--json', 'log JSON lines')
    .option('--metrics-listen <addr>', 'serve Prometheus metrics on ADDR/metrics, e.g. 127.0.0.1:9310', parseListenOption)
    .addOption(new Option('--drift-interval <duration>', 'how often the hosts are read when no backend changed state').argParser(parseInterval).default(30_000, '30s'))
    .option('--parallelism <n>', 'hosts read and changed at once', parseParallelism, DEFAULT_PARALLELISM)
    .addOption(new Option('--lock-timeout <duration>', 'how long a change waits for another apply to release a host').argParser(parseLockTimeout).default(10_000, '10s'))
    .option('--no-color', 'disable colour output')
    .action((dir: string, opts: { repairDrift?: boolean; json?: boolean; metricsListen?: string; driftInterval: number; parallelism: number; lockTimeout: number; color?: boolean }) =>
      ctx.run(async () =>
        (await import('../commands/watch.js')).runWatch(
          { dir, variables: ctx.variables, repairDrift: !!opts.repairDrift, json: !!opts.json, metricsListen: opts.metricsListen, parallelism: opts.parallelism, lockTimeout: opts.lockTimeout, driftInterval: opts.driftInterval, color: ctx.color(opts) },
          ctx.io,
        ),
      ),
    );
}
