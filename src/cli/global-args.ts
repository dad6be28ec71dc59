import { errorDiag, type Diagnostic } from '../hcl/diagnostic.js';
import { shellWords } from './shell-words.js';

/** The options Terraform takes before the subcommand, and the rest of the command line. */
export interface GlobalArgs {
  chdir?: string;
  help: boolean;
  version: boolean;
  rest: string[];
}

export function splitGlobalArgs(argv: readonly string[]): GlobalArgs {
  const out: GlobalArgs = { help: false, version: false, rest: [] };
  let i = 0;
  for (; i < argv.length; i++) {
    const arg = argv[i]!;
    const chdir = /^--?chdir=(.*)$/s.exec(arg);
    if (chdir) out.chdir = chdir[1];
    else if (['-h', '-help', '--help'].includes(arg)) out.help = true;
    else if (['-v', '-version', '--version'].includes(arg)) out.version = true;
    else break;
  }
  out.rest = argv.slice(i);
  return out;
}

/**
 * LVSPLAN_CLI_ARGS and LVSPLAN_CLI_ARGS_<command> (like TF_CLI_ARGS): words inserted right after the
 * command name, so flags typed on the command line come later and win. A command with subcommands is
 * named by both words, joined with "_" as Terraform joins them (LVSPLAN_CLI_ARGS_state_list), and the
 * words go after the subcommand; "-" in a name becomes "_".
 */
export function withEnvironmentArgs(
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  subcommands: (command: string) => readonly string[] = () => [],
): { args: string[]; diagnostics: Diagnostic[] } {
  let at = args.findIndex((a) => !a.startsWith('-'));
  if (at < 0) return { args: [...args], diagnostics: [] };
  const path = [args[at]!];
  if (args[at + 1] !== undefined && subcommands(args[at]!).includes(args[at + 1]!)) path.push(args[++at]!);
  let out = [...args];
  const diagnostics: Diagnostic[] = [];
  for (const name of ['LVSPLAN_CLI_ARGS', `LVSPLAN_CLI_ARGS_${path.join('_').replace(/-/g, '_')}`]) {
    const value = env[name];
    if (!value) continue;
    const words = shellWords(value);
    if (words === null) diagnostics.push(errorDiag(`Invalid ${name}`, `The value of the environment variable ${name} has an unterminated quote: ${value}`));
    else out = [...out.slice(0, at + 1), ...words, ...out.slice(at + 1)];
  }
  return { args: out, diagnostics };
}
