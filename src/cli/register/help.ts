import type { Command } from 'commander';
import { errorDiag } from '../../hcl/diagnostic.js';
import type { CliContext } from '../context.js';
import { commandHelp, findCommand, topLevelHelp } from '../help.js';
import { EXIT_ERROR, EXIT_OK } from '../io.js';

export function registerHelp(program: Command, ctx: CliContext): void {
  program
    .command('help')
    .summary('Show help for lvsplan or one of its commands')
    .description('Show the list of commands, or the help of COMMAND.')
    .argument('[command...]', 'a command, e.g. plan or "state list"')
    .action((words: string[]) =>
      ctx.run(async () => {
        if (words.length === 0) {
          ctx.io.stdout(topLevelHelp(program));
          return EXIT_OK;
        }
        const cmd = findCommand(program, words);
        if (cmd === null) {
          const topic = words.join(' ');
          const { printDiagnostics } = await import('../print-diagnostics.js');
          printDiagnostics(ctx.io, [errorDiag('Unknown help topic', `lvsplan has no command named "${topic}".\n\nTo see all of lvsplan's commands, run:\n  lvsplan -help`)], new Map(), ctx.color({}));
          return EXIT_ERROR;
        }
        ctx.io.stdout(commandHelp(cmd));
        return EXIT_OK;
      }),
    );
}
