import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { addApplyOptions, applyAction } from './apply.js';

export function registerDestroy(program: Command, ctx: CliContext): void {
  addApplyOptions(
    program
      .command('destroy')
      .summary('Remove what lvsplan manages')
      .description('Remove everything lvsplan manages on the hosts of DIR and restore the sysctls it changed.')
      .argument('[dir]', 'configuration directory', '.'),
    ctx,
  ).action(applyAction('destroy', ctx));
}
