import { MARK, SECTIONS, type SectionName } from './host-read-script.js';

/** Why a section could not be taken from the output: never begun, begun but not ended, or ended without a status. */
export type MissingReason = 'not-begun' | 'not-ended' | 'no-status';

export type Section =
  | { name: SectionName; status: 'ran'; stdout: string; stderr: string; rc: number }
  | { name: SectionName; status: 'skipped' }
  | { name: SectionName; status: 'missing'; reason: MissingReason };

export interface SplitOutput {
  sections: Map<SectionName, Section>;
  /** The script's closing marker arrived after the last section. */
  complete: boolean;
  /** The last section that arrived whole before the first missing one (null when none did). */
  lastWhole: SectionName | null;
}

/** Splits the host-read output into its sections, in the fixed order the script prints them. */
export function splitSections(stdout: string): SplitOutput {
  const sections = new Map<SectionName, Section>();
  let at = 0;
  let lastWhole: SectionName | null = null;
  let cut = false;
  for (const name of SECTIONS) {
    const skip = `${MARK}skip ${name}\n`;
    const begin = `${MARK}begin ${name}\n`;
    if (stdout.startsWith(skip, at)) {
      sections.set(name, { name, status: 'skipped' });
      at += skip.length;
      if (!cut) lastWhole = name;
      continue;
    }
    const b = stdout.indexOf(begin, at);
    const outStart = b + begin.length;
    const errMark = `\n${MARK}stderr ${name}\n`;
    const e = b < 0 ? -1 : stdout.indexOf(errMark, outStart - 1);
    const endMark = `\n${MARK}end ${name} `;
    const errStart = e + errMark.length;
    const f = e < 0 ? -1 : stdout.indexOf(endMark, errStart - 1);
    const nl = f < 0 ? -1 : stdout.indexOf('\n', f + endMark.length);
    const rc = nl < 0 ? NaN : Number(stdout.slice(f + endMark.length, nl));
    if (b < 0 || e < 0 || f < 0 || !Number.isInteger(rc)) {
      sections.set(name, { name, status: 'missing', reason: b < 0 ? 'not-begun' : e < 0 || f < 0 ? 'not-ended' : 'no-status' });
      cut = true;
      continue;
    }
    sections.set(name, {
      name,
      status: 'ran',
      stdout: ownCopy(stdout.slice(outStart, Math.max(outStart, e))),
      stderr: ownCopy(stdout.slice(errStart, Math.max(errStart, f))),
      rc,
    });
    at = nl + 1;
    if (!cut) lastWhole = name;
  }
  return { sections, complete: stdout.indexOf(`${MARK}done\n`, at) >= 0 || stdout.endsWith(`${MARK}done`), lastWhole };
}

/** True when every section and the closing marker arrived: the output was not cut. */
export function readIsComplete(stdout: string): boolean {
  const split = splitSections(stdout);
  return split.complete && [...split.sections.values()].every((s) => s.status !== 'missing');
}

/** Sections up to this size are copied (see ownCopy); the IPVS table's sections are parsed into strings of their own. */
const COPY_MAX_CHARS = 1 << 16;

/**
 * A small section's text as a string of its own. A slice shares the whole output's memory, so a sysctl name
 * kept from a small section would otherwise keep the whole read (megabytes on a large director) alive.
 */
function ownCopy(text: string): string {
  return text.length > COPY_MAX_CHARS ? text : Buffer.from(text, 'utf8').toString('utf8');
}
