import { MARK, SECTIONS, type SectionName } from './host-read-script.js';
import { ReadBytes } from './read-bytes.js';

/** Why a section could not be taken from the output: never begun, begun but not ended, or ended without a status. */
export type MissingReason = 'not-begun' | 'not-ended' | 'no-status';

export type Section =
  | { name: SectionName; status: 'ran'; stdout: string; stderr: string; rc: number; bytes: ReadBytes }
  | { name: SectionName; status: 'skipped' }
  | { name: SectionName; status: 'missing'; reason: MissingReason };

export interface SplitOutput {
  sections: Map<SectionName, Section>;
  /** The script's closing marker arrived after the last section. */
  complete: boolean;
  /** The last section that arrived whole before the first missing one (null when none did). */
  lastWhole: SectionName | null;
}

/**
 * Splits the host-read output (its text, or the pieces it arrived in) into its sections, in the fixed order the
 * script prints them. The pieces of one output are split once: the read's check that it was not cut
 * (readIsComplete) and its parse ask for the same 13 MB of a large director.
 */
export function splitSections(output: string | readonly Buffer[] | ReadBytes): SplitOutput {
  if (typeof output === 'string' || output instanceof ReadBytes) return split(ReadBytes.of(output));
  let s = splitPieces.get(output);
  if (s === undefined) splitPieces.set(output, (s = split(ReadBytes.of(output))));
  return s;
}

/** Each output's split, by its pieces (never changed once a command has ended). */
const splitPieces = new WeakMap<readonly Buffer[], SplitOutput>();

function split(out: ReadBytes): SplitOutput {
  const sections = new Map<SectionName, Section>();
  let at = 0;
  let lastWhole: SectionName | null = null;
  let cut = false;
  for (const name of SECTIONS) {
    const m = MARKS[name];
    if (out.startsWith(m.skip, at)) {
      sections.set(name, { name, status: 'skipped' });
      at += m.skip.length;
      if (!cut) lastWhole = name;
      continue;
    }
    const b = out.indexOf(m.begin, at);
    const outStart = b + m.begin.length;
    const e = b < 0 ? -1 : out.indexOf(m.stderr, outStart - 1);
    const errStart = e + m.stderr.length;
    const f = e < 0 ? -1 : out.indexOf(m.end, errStart - 1);
    const nl = f < 0 ? -1 : out.indexOf(NEWLINE, f + m.end.length);
    const rc = nl < 0 ? NaN : Number(out.text(f + m.end.length, nl));
    if (b < 0 || e < 0 || f < 0 || !Number.isInteger(rc)) {
      sections.set(name, { name, status: 'missing', reason: b < 0 ? 'not-begun' : e < 0 || f < 0 ? 'not-ended' : 'no-status' });
      cut = true;
      continue;
    }
    sections.set(name, ranSection(name, out.view(outStart, Math.max(outStart, e)), out.text(errStart, Math.max(errStart, f)), rc));
    at = nl + 1;
    if (!cut) lastWhole = name;
  }
  return { sections, complete: out.indexOf(DONE_LINE, at) >= 0 || out.endsWith(DONE), lastWhole };
}

/** True when every section and the closing marker arrived: the output was not cut. */
export function readIsComplete(output: string | readonly Buffer[] | ReadBytes): boolean {
  const split = splitSections(output);
  return split.complete && [...split.sections.values()].every((s) => s.status !== 'missing');
}

/** Each section's markers, as bytes. */
const MARKS = Object.fromEntries(
  SECTIONS.map((name) => [
    name,
    {
      skip: Buffer.from(`${MARK}skip ${name}\n`),
      begin: Buffer.from(`${MARK}begin ${name}\n`),
      stderr: Buffer.from(`\n${MARK}stderr ${name}\n`),
      end: Buffer.from(`\n${MARK}end ${name} `),
    },
  ]),
) as Record<SectionName, { skip: Buffer; begin: Buffer; stderr: Buffer; end: Buffer }>;
const NEWLINE = Buffer.from('\n');
const DONE = Buffer.from(`${MARK}done`);
const DONE_LINE = Buffer.from(`${MARK}done\n`);

/**
 * A section that ran: its output as bytes (the IPVS table's sections are parsed from them) and as text,
 * decoded when first asked for. The text is a string of its own: a slice of the whole output's text would
 * keep all of it alive as long as, say, a sysctl name kept from a small section.
 */
function ranSection(name: SectionName, bytes: ReadBytes, stderr: string, rc: number): Section {
  let stdout: string | undefined;
  return {
    name,
    status: 'ran',
    bytes,
    get stdout() {
      return (stdout ??= bytes.text());
    },
    stderr,
    rc,
  };
}
