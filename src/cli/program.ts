import { Command, Option } from 'commander';
import type { CliIO } from './io.js';
import { EXIT_ERROR } from './io.js';
import type { VariableInput } from './variable-inputs.js';

export interface CommonPlanOptions {
  variables: VariableInput[];
  target: string[];
  parallelism: number;
  color: boolean;
}

function parseParallelism(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > 1000) throw new Error(`--parallelism must be an integer from 1 to 1000, got "${v}"`);
  return n;
}

function collect(v: string, prev: string[] = []): string[] {
  return [...prev, v];
}

/** Builds the commander program; each command's module is imported only when it runs (fast start-up). */
export function buildProgram(io: CliIO, version: string, setExitCode: (code: number) => void): Command {
  const program = new Command('lvsplan');
  program
    .description('Plan and apply Linux Virtual Server (IPVS) configuration declared in HCL')
    .version(version, '-v, --version')
    .option('--no-color', 'disable colour output')
    .showHelpAfterError('(run lvsplan --help for usage)')
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .exitOverride();

  const variables: VariableInput[] = [];
  const addVariableOptions = (cmd: Command): Command =>
    cmd
      .option('--var <name=value>', 'set a variable (repeatable)', (v: string) => {
        variables.push({ kind: 'var', value: v });
        return v;
      })
      .option('--var-file <file>', 'read variables from a file (repeatable)', (v: string) => {
        variables.push({ kind: 'var-file', path: v });
        return v;
      });
  const addPlanningOptions = (cmd: Command): Command =>
    addVariableOptions(cmd)
      .option('--target <address>', 'limit planning to a resource and what it depends on (repeatable)', collect, [])
      .option('--parallelism <n>', 'hosts read and changed at once', parseParallelism, 10)
      .option('--no-color', 'disable colour output');

  const colorOf = (opts: { color?: boolean }): boolean => io.color && opts.color !== false && program.opts().color !== false;
  const run = async (fn: () => Promise<number>): Promise<void> => {
    try {
      setExitCode(await fn());
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      const stack = io.env.LVSPLAN_DEBUG && err instanceof Error ? `\n${err.stack}` : '';
      io.stderr(`Error: internal error: ${message}\n\nThis is a bug in lvsplan; set LVSPLAN_DEBUG=1 for details and report it.${stack}\n`);
      setExitCode(EXIT_ERROR);
    }
  };

  addVariableOptions(program.command('validate'))
    .description('check the configuration in DIR (default: current directory) without contacting any host')
    .argument('[dir]', 'configuration directory', '.')
    .option('--json', "print diagnostics in Terraform's validate -json format")
    .option('--no-color', 'disable colour output')
    .action((dir: string, opts: { json?: boolean; color?: boolean }) =>
      run(async () => (await import('./commands/validate.js')).runValidate({ dir, json: !!opts.json, color: colorOf(opts), variables }, io)),
    );

  addPlanningOptions(
    program
      .command('plan')
      .description('show the changes that apply would make to the hosts')
      .argument('[dir]', 'configuration directory', '.')
      .option('--detailed-exitcode', 'exit 0 when in sync, 1 on error, 2 when there are changes')
      .option('--json', "print the plan in Terraform's show -json format")
      .option('--out <file>', 'save the plan to FILE for a later apply')
      .option('--destroy', 'plan the removal of everything lvsplan manages'),
  ).action((dir: string, opts: Record<string, unknown>) =>
    run(async () =>
      (await import('./commands/plan.js')).runPlan(
        {
          dir,
          detailedExitcode: !!opts.detailedExitcode,
          json: !!opts.json,
          out: opts.out as string | undefined,
          destroy: !!opts.destroy,
          variables,
          target: opts.target as string[],
          parallelism: opts.parallelism as number,
          color: colorOf(opts),
        },
        io,
      ),
    ),
  );

  program
    .command('show')
    .description('print a saved plan file')
    .argument('<file>', 'plan file written by plan --out')
    .option('--json', "print in Terraform's show -json format")
    .option('--no-color', 'disable colour output')
    .action((file: string, opts: { json?: boolean; color?: boolean }) =>
      run(async () => (await import('./commands/show.js')).runShow({ file, json: !!opts.json, color: colorOf(opts) }, io)),
    );

  for (const name of ['apply', 'destroy'] as const) {
    const cmd = program
      .command(name)
      .description(
        name === 'apply'
          ? 'make the changes in a plan (of DIR, or a saved PLANFILE) on the hosts'
          : 'remove everything lvsplan manages and restore the sysctls it changed',
      )
      .argument('[dir-or-planfile]', 'configuration directory or saved plan file', '.')
      .option('--auto-approve', 'skip the interactive approval')
      .option('--lock-timeout <duration>', 'how long to wait for another apply to release a host (e.g. 30s)', '0s');
    if (name === 'apply') cmd.addOption(new Option('--json', 'machine-readable result').hideHelp());
    addPlanningOptions(cmd).action((target: string, opts: Record<string, unknown>) =>
      run(async () =>
        (await import('./commands/apply.js')).runApply(
          {
            mode: name,
            target,
            autoApprove: !!opts.autoApprove,
            lockTimeout: String(opts.lockTimeout),
            variables,
            targets: opts.target as string[],
            parallelism: opts.parallelism as number,
            color: colorOf(opts),
          },
          io,
        ),
      ),
    );
  }
  return program;
}

/** Long option names accepted with Terraform's single dash. */
export function longOptionNames(program: Command): Set<string> {
  const names = new Set<string>();
  const visit = (cmd: Command): void => {
    for (const opt of cmd.options) if (opt.long) names.add(opt.long.replace(/^--(no-)?/, '')).add(opt.long.slice(2));
    cmd.commands.forEach(visit);
  };
  visit(program);
  return names;
}
