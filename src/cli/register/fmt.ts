import type { Command } from 'commander';
import type { CliContext } from '../context.js';

export function registerFmt(program: Command, ctx: CliContext): void {
  program
    .command('fmt')
    .summary('Reformat your configuration in the standard style')
    .description('Rewrite configuration files in the canonical layout, byte for byte what terraform fmt writes.')
    .argument('[flags-and-targets...]', '-check, -diff, -list=false, -write=false, -recursive; DIR, FILE or - (stdin)')
    .allowUnknownOption()
    .helpOption(false)
    .action((argv: string[]) => ctx.run(async () => (await import('../commands/fmt.js')).runFmt(argv, ctx.io, ctx.color({}))));
}
