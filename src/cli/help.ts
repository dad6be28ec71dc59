import { Help, type Command } from 'commander';

/** The workflow commands Terraform users reach for first; listed before the rest. */
const MAIN_COMMANDS = ['validate', 'plan', 'apply', 'destroy'];

function commandList(commands: readonly Command[]): string {
  return commands.map((c) => `  ${c.name().padEnd(13)} ${c.summary() || c.description()}`).join('\n');
}

/** `lvsplan -help`: Terraform's layout. */
export function topLevelHelp(program: Command): string {
  const visible = program.commands.filter((c) => c.name() !== 'help');
  const main = MAIN_COMMANDS.flatMap((n) => visible.filter((c) => c.name() === n));
  const other = visible.filter((c) => !MAIN_COMMANDS.includes(c.name())).sort((a, b) => a.name().localeCompare(b.name()));
  return `Usage: lvsplan [global options] <subcommand> [args]

The available commands for execution are listed below.
The primary workflow commands are given first, followed by
less common or more advanced commands.

Main commands:
${commandList(main)}

All other commands:
${commandList(other)}

Global options (use these before the subcommand, if any):
  -chdir=DIR    Switch to a different working directory before executing the
                given subcommand.
  -help         Show this help output, or the help for a specified subcommand.
  -version      An alias for the "version" subcommand.
`;
}

/** A command's help with flags in Terraform's single-dash spelling. */
export function commandHelp(cmd: Command): string {
  const text = new Help().formatHelp(cmd, cmd.createHelp());
  return text.replace(/(^|[\s,])--([a-z])/g, '$1-$2').replace(/^Usage: /, 'Usage: lvsplan ').replace(/^Usage: lvsplan lvsplan /, 'Usage: lvsplan ');
}

/** Finds `state list` from ["state", "list"]; null when there is no such command. */
export function findCommand(program: Command, words: readonly string[]): Command | null {
  let cmd: Command = program;
  for (const word of words) {
    const next = cmd.commands.find((c) => c.name() === word || c.aliases().includes(word));
    if (!next) return null;
    cmd = next;
  }
  return cmd;
}
