import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { addLockOptions, addPlanningOptions, type LockFlags, type PlanningFlags } from '../options.js';

type ApplyFlags = PlanningFlags & LockFlags & { autoApprove?: boolean; json?: boolean };

/** The options apply and destroy share; each registers its own command with them. */
export function addApplyOptions(cmd: Command, ctx: CliContext): Command {
  return addLockOptions(
    addPlanningOptions(
      cmd.option('--auto-approve', 'skip the interactive approval').option('--json', "Terraform's machine-readable UI: one JSON object per line (needs -auto-approve or a saved plan)"),
      ctx,
    ),
  );
}

export function applyAction(mode: 'apply' | 'destroy', ctx: CliContext) {
  return (dirOrPlan: string, opts: ApplyFlags): Promise<void> =>
    ctx.run(async () =>
      (await import('../commands/apply.js')).runApply(
        { ...opts, mode, dirOrPlan, autoApprove: !!opts.autoApprove, json: !!opts.json, version: ctx.version, variables: ctx.variables, color: ctx.color(opts) },
        ctx.io,
      ),
    );
}

export function registerApply(program: Command, ctx: CliContext): void {
  addApplyOptions(
    program
      .command('apply')
      .summary('Make the changes on the hosts')
      .description('Make the changes of a plan (of DIR, or a saved PLANFILE) on the hosts; asks first unless -auto-approve or a saved plan.')
      .argument('[dir-or-planfile]', 'configuration directory or saved plan file', '.'),
    ctx,
  ).action(applyAction('apply', ctx));
}
