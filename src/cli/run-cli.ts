import { CommanderError, type Command } from 'commander';
import { resolve } from 'node:path';
import { errorDiag, type Diagnostic } from '../hcl/diagnostic.js';
import type { CliContext } from './context.js';
import { splitGlobalArgs, withEnvironmentArgs } from './global-args.js';
import { topLevelHelp } from './help.js';
import { EXIT_ERROR, EXIT_OK, type CliIO } from './io.js';
import { BOOLEAN_VALUE_FLAGS } from './options.js';
import { buildProgram, longOptionNames } from './program.js';
import { normaliseTerraformFlags } from './terraform-flags.js';
import { UsageError, usageDiagnostic } from './usage-error.js';

/** Terraform exits 127 when run without a command. */
export const EXIT_NO_COMMAND = 127;

class HelpShown extends Error {}

/** Every commander parse failure of `cmd` (and below) becomes a UsageError naming the command. */
function reportUsageErrors(cmd: Command, path: string): void {
  cmd.exitOverride((err: CommanderError) => {
    if (err.exitCode === 0 || err.code === 'commander.helpDisplayed') throw new HelpShown();
    throw new UsageError(usageDiagnostic(err), path);
  });
  for (const sub of cmd.commands) reportUsageErrors(sub, path ? `${path} ${sub.name()}` : sub.name());
}

/** Runs lvsplan with these arguments (no program name); returns the exit code. */
export async function runCli(argv: readonly string[], io: CliIO, version: string): Promise<number> {
  const plainColor = io.color && !argv.some((a) => /^--?no-color$/.test(a));
  // The diagnostics' renderer (and the HCL parser it uses for snippets) is loaded only when there is one to print.
  const fail = async (diags: Diagnostic[], command?: string): Promise<number> => {
    const { printDiagnostics } = await import('./print-diagnostics.js');
    printDiagnostics(io, diags, new Map(), plainColor);
    if (command !== undefined) io.stderr(`\nFor more help on using this command, run:\n  lvsplan ${command ? `${command} ` : ''}-help\n`);
    return EXIT_ERROR;
  };

  const global = splitGlobalArgs(argv);
  let exitCode = EXIT_OK;
  const ctx: CliContext = {
    io,
    version,
    variables: [],
    color: (opts) => plainColor && opts.color !== false,
    run: async (fn) => {
      try {
        exitCode = await fn();
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        const stack = io.env.LVSPLAN_DEBUG && err instanceof Error ? `\n\n${err.stack}` : '';
        exitCode = await fail([errorDiag('Internal error', `${message}\n\nThis is a bug in lvsplan; set LVSPLAN_DEBUG=1 for details and report it.${stack}`)]);
      }
    },
  };
  const program = buildProgram(ctx);
  reportUsageErrors(program, '');

  let rest = global.rest;
  if (global.version) rest = ['version', ...rest];
  else if (global.help) rest = ['help', ...rest.filter((a) => !a.startsWith('-')).slice(0, 2)];
  if (rest.length === 0) {
    io.stdout(topLevelHelp(program));
    return EXIT_NO_COMMAND;
  }
  const withEnv = withEnvironmentArgs(rest, io.env, (name) => program.commands.find((c) => c.name() === name)?.commands.map((c) => c.name()) ?? []);
  if (withEnv.diagnostics.length > 0) return fail(withEnv.diagnostics);

  const previousDir = process.cwd();
  if (global.chdir !== undefined) {
    try {
      process.chdir(resolve(global.chdir));
    } catch (e) {
      return await fail([errorDiag('Error handling -chdir option', `Cannot change to directory ${global.chdir}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}.`)]);
    }
  }
  try {
    await program.parseAsync(normaliseTerraformFlags(withEnv.args, longOptionNames(program), BOOLEAN_VALUE_FLAGS), { from: 'user' });
  } catch (err) {
    if (err instanceof HelpShown) return EXIT_OK;
    if (err instanceof UsageError) return await fail([err.diagnostic], err.diagnostic.summary === 'Unknown command' ? undefined : err.command);
    throw err;
  } finally {
    process.chdir(previousDir);
  }
  return exitCode;
}
