import { Command } from 'commander';
import { registerApply } from './register/apply.js';
import { registerConsole } from './register/console.js';
import { registerDestroy } from './register/destroy.js';
import { registerFmt } from './register/fmt.js';
import { registerGraph } from './register/graph.js';
import { registerHelp } from './register/help.js';
import { registerImport } from './register/import.js';
import { registerPlan } from './register/plan.js';
import { registerShow } from './register/show.js';
import { registerState } from './register/state.js';
import { registerValidate } from './register/validate.js';
import { registerVersion } from './register/version.js';
import { registerTest } from './register/test.js';
import { registerWatch } from './register/watch.js';
import type { CliContext } from './context.js';
import { commandHelp, topLevelHelp } from './help.js';

/**
 * Every command lvsplan has: one module each under register/, its command line, whose action imports the command's
 * work (commands/) when it runs, so that a process loads and compiles only what its command needs.
 */
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
