import { Command } from 'commander';
import { registerApply } from './commands/apply.js';
import { registerConsole } from './commands/console.js';
import { registerDestroy } from './commands/destroy.js';
import { registerFmt } from './commands/fmt.js';
import { registerGraph } from './commands/graph.js';
import { registerHelp } from './commands/help.js';
import { registerImport } from './commands/import.js';
import { registerPlan } from './commands/plan.js';
import { registerShow } from './commands/show.js';
import { registerState } from './commands/state.js';
import { registerValidate } from './commands/validate.js';
import { registerVersion } from './commands/version.js';
import { registerTest } from './commands/test.js';
import { registerWatch } from './commands/watch.js';
import type { CliContext } from './context.js';
import { commandHelp, topLevelHelp } from './help.js';

/** Every command lvsplan has: one module each under commands/, registering itself. */
const COMMANDS: ReadonlyArray<(program: Command, ctx: CliContext) => void> = [
  registerValidate,
  registerPlan,
  registerApply,
  registerDestroy,
  registerShow,
  registerImport,
  registerFmt,
  registerState,
  registerConsole,
  registerGraph,
  registerWatch,
  registerTest,
  registerVersion,
  registerHelp,
];

export function buildProgram(ctx: CliContext): Command {
  const program = new Command('lvsplan');
  program
    .description('Plan and apply Linux Virtual Server (IPVS) configuration declared in HCL')
    .option('--no-color', 'disable colour output')
    .helpCommand(false)
    .configureOutput({ writeOut: ctx.io.stdout, writeErr: ctx.io.stderr, outputError: () => undefined })
    .configureHelp({ formatHelp: (cmd) => (cmd.parent ? commandHelp(cmd) : topLevelHelp(cmd)) });
  for (const register of COMMANDS) register(program, ctx);
  return program;
}

/** Long option names accepted with Terraform's single dash. */
export function longOptionNames(program: Command): Set<string> {
  const names = new Set<string>(['help']);
  const visit = (cmd: Command): void => {
    for (const opt of cmd.options) if (opt.long) names.add(opt.long.replace(/^--(no-)?/, '')).add(opt.long.slice(2));
    cmd.commands.forEach(visit);
  };
  visit(program);
  return names;
}
