import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { addLockOptions, addPlanningOptions, type LockFlags, type PlanningFlags } from '../options.js';

export function registerPlan(program: Command, ctx: CliContext): void {
  addLockOptions(addPlanningOptions(
    program
      .command('plan')
      .summary('Show changes required by the current configuration')
      .description('Read every host of the configuration in DIR and show what apply would change.')
      .argument('[dir]', 'configuration directory', '.')
      .option('--detailed-exitcode', 'exit 0 when in sync, 1 on error, 2 when there are changes')
      .option('--json', "print the plan in Terraform's show -json format")
      .option('--out <file>', 'save the plan to FILE for a later apply')
      .option('--destroy', 'plan the removal of everything lvsplan manages'),
    ctx,
  )).action((dir: string, opts: PlanningFlags & LockFlags & { detailedExitcode?: boolean; json?: boolean; out?: string; destroy?: boolean }) =>
    ctx.run(async () =>
      (await import('../commands/plan.js')).runPlan(
        { ...opts, dir, detailedExitcode: !!opts.detailedExitcode, json: !!opts.json, destroy: !!opts.destroy, variables: ctx.variables, color: ctx.color(opts) },
        ctx.io,
      ),
    ),
  );
}
