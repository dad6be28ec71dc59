import { readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { decodeSource, isIgnoredFile, readSourceFile, type SourceRead } from '../../config/read-source.js';
import { errorDiag, hasErrors, type Diagnostic } from '../../hcl/diagnostic.js';
import { formatHclSource } from '../../hcl/format/format-hcl.js';
import { FMT_HELP, parseFmtArgs } from '../fmt-args.js';
import { EXIT_ERROR, EXIT_OK, type CliIO } from '../io.js';
import { printDiagnostics } from '../print-diagnostics.js';
import { unifiedDiff } from '../unified-diff.js';

/** Exit status of -check when some input is not formatted (Terraform's). */
export const EXIT_NOT_FORMATTED = 3;

const EXTENSIONS = ['.hcl', '.lvsvars'];

export interface FmtDeps {
  /** All of standard input, for the "-" target. */
  readStdin: () => Promise<Buffer>;
}

async function readProcessStdin(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Output as Terraform's UiWriter gives it: each write ends with exactly one newline of its own. */
function uiWrite(io: CliIO): (text: string) => void {
  return (text) => io.stdout(`${text.endsWith('\n') ? text.slice(0, -1) : text}\n`);
}

/** `lvsplan fmt`: terraform fmt's behaviour, flags, output and -check status (3) for lvsplan's files. */
export async function runFmt(argv: readonly string[], io: CliIO, color: boolean, deps: FmtDeps = { readStdin: readProcessStdin }): Promise<number> {
  const args = parseFmtArgs(argv);
  if ('error' in args) {
    printDiagnostics(io, [errorDiag('Invalid fmt arguments', args.error, undefined)], new Map(), color);
    return EXIT_ERROR;
  }
  if (args.help) {
    io.stdout(FMT_HELP);
    return EXIT_OK;
  }
  const useColor = color && !args.noColor;
  const fromStdin = args.paths[0] === '-';
  let list = fromStdin ? false : args.list;
  let write = fromStdin ? false : args.write;
  const showList = list;
  const checked: string[] = [];
  const emit = args.check ? (text: string) => void checked.push(text) : uiWrite(io);
  if (args.check) {
    list = true;
    write = false;
  }

  const diags: Diagnostic[] = [];
  const sources = new Map<string, string>();
  const processSource = (read: SourceRead, displayPath: string): void => {
    if (read.text !== undefined) sources.set(read.path, read.text);
    if ('diagnostic' in read) {
      diags.push(read.diagnostic);
      return;
    }
    const r = formatHclSource(read.text, read.path);
    if (r.formatted === null) {
      diags.push(...r.diagnostics);
      return;
    }
    const result = r.formatted;
    if (result !== read.text) {
      if (list) emit(`${displayPath}\n`);
      if (write) {
        try {
          writeFileSync(read.path, result);
        } catch (e) {
          diags.push(errorDiag(`Failed to write ${displayPath}`, `${(e as NodeJS.ErrnoException).code ?? String(e)}: check the file's permissions and the disk.`, undefined));
          return;
        }
      }
      if (args.diff) emit(unifiedDiff(displayPath, read.text, result));
    }
    if (!list && !write && !args.diff) emit(result);
  };

  const cwd = process.cwd();
  const display = (p: string): string => relative(cwd, resolve(cwd, p)) || '.';
  const processDir = (dir: string): void => {
    let entries;
    try {
      entries = readdirSync(resolve(cwd, dir), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    } catch (e) {
      diags.push(errorDiag(`Cannot read directory ${dir}`, `${(e as NodeJS.ErrnoException).code ?? String(e)}: check that the directory exists and is readable.`, undefined));
      return;
    }
    for (const entry of entries) {
      if (isIgnoredFile(entry.name)) continue;
      const sub = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (args.recursive) processDir(sub);
        continue;
      }
      if (!EXTENSIONS.some((ext) => entry.name.endsWith(ext))) continue;
      processSource(readSourceFile(resolve(cwd, sub), display(sub)), display(sub));
    }
  };

  if (fromStdin) {
    processSource(decodeSource('<stdin>', await deps.readStdin()), '<stdin>');
  } else {
    for (const given of args.paths.length === 0 ? ['.'] : args.paths) {
      const p = display(given);
      let isDir: boolean;
      try {
        isDir = statSync(resolve(cwd, p)).isDirectory();
      } catch {
        diags.push(errorDiag(`No file or directory at ${p}`, 'Give an existing configuration directory, a .hcl or .lvsvars file, or - to read standard input.', undefined));
        break;
      }
      if (isDir) processDir(p);
      else if (!EXTENSIONS.some((ext) => p.endsWith(ext))) {
        diags.push(errorDiag('Only .hcl and .lvsvars files can be processed with lvsplan fmt', `${p} is neither; give a configuration directory, a .hcl or .lvsvars file, or - for standard input.`, undefined));
      } else processSource(readSourceFile(resolve(cwd, p), p), p);
    }
  }

  printDiagnostics(io, diags, sources, useColor);
  if (hasErrors(diags)) return EXIT_ERROR;
  if (args.check) {
    if (showList && checked.length > 0) uiWrite(io)(checked.join(''));
    return checked.length === 0 ? EXIT_OK : EXIT_NOT_FORMATTED;
  }
  return EXIT_OK;
}
