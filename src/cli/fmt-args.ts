/** `lvsplan fmt` arguments, spelled as for `terraform fmt` (Go flag syntax: -flag, -flag=bool, also --flag). */
export interface FmtArgs {
  list: boolean;
  write: boolean;
  diff: boolean;
  check: boolean;
  recursive: boolean;
  noColor: boolean;
  help: boolean;
  paths: string[];
}

const BOOL_FLAGS = ['list', 'write', 'diff', 'check', 'recursive', 'no-color'] as const;

/** Go's strconv.ParseBool. */
function parseBool(v: string): boolean | null {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(v)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(v)) return false;
  return null;
}

export function parseFmtArgs(argv: readonly string[]): FmtArgs | { error: string } {
  const a: FmtArgs = { list: true, write: true, diff: false, check: false, recursive: false, noColor: false, help: false, paths: [] };
  let onlyPaths = false;
  for (const arg of argv) {
    if (onlyPaths || arg === '-' || !arg.startsWith('-')) {
      a.paths.push(arg);
      continue;
    }
    if (arg === '--') {
      onlyPaths = true;
      continue;
    }
    const m = /^--?([a-z-]+)(?:=(.*))?$/s.exec(arg);
    const name = m?.[1] ?? '';
    if (name === 'help' || name === 'h') {
      a.help = true;
      continue;
    }
    if (!m || !(BOOL_FLAGS as readonly string[]).includes(name)) {
      return { error: `flag provided but not defined: ${arg.replace(/=.*$/s, '')}. The flags of fmt are -list, -write, -diff, -check, -recursive and -no-color (see lvsplan fmt -help).` };
    }
    const value = m[2] === undefined ? true : parseBool(m[2]);
    if (value === null) return { error: `invalid boolean value ${JSON.stringify(m[2])} for -${name}: use true or false.` };
    if (name === 'no-color') a.noColor = value;
    else a[name as Exclude<(typeof BOOL_FLAGS)[number], 'no-color'>] = value;
  }
  return a;
}

export const FMT_HELP = `Usage: lvsplan fmt [options] [target...]

  Rewrites lvsplan configuration files (.hcl) and variables files (.lvsvars) to
  the canonical format and style: the layout terraform fmt writes.

  By default, fmt scans the current directory for configuration files. If you
  provide a directory for the target argument, then fmt will scan that
  directory instead. If you provide a file, then fmt will process just that
  file. If you provide a single dash ("-"), then fmt will read from standard
  input (STDIN) and write the result to standard output.

Options:

  -list=false    Don't list files whose formatting differs
                 (always disabled if using STDIN)

  -write=false   Don't write to source files
                 (always disabled if using STDIN or -check)

  -diff          Display diffs of formatting changes

  -check         Check if the input is formatted. Exit status will be 0 if all
                 input is properly formatted, 3 if not, 1 on an error.

  -no-color      If specified, output won't contain any color.

  -recursive     Also process files in subdirectories. By default, only the
                 given directory (or current directory) is processed.
`;
