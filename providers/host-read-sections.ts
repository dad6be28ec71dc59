import { MARK, SECTIONS, type SectionName } from './host-read-script.js';

export type Section =
  | { name: SectionName; status: 'ran'; stdout: string; stderr: string; rc: number }
  | { name: SectionName; status: 'skipped' }
  | { name: SectionName; status: 'missing' };

/** Splits the host-read output into its sections, in the fixed order the script prints them. */
export function splitSections(stdout: string): { sections: Map<SectionName, Section>; complete: boolean } {
  const sections = new Map<SectionName, Section>();
  let at = 0;
  for (const name of SECTIONS) {
    const skip = `${MARK}skip ${name}\n`;
    const begin = `${MARK}begin ${name}\n`;
    if (stdout.startsWith(skip, at)) {
      sections.set(name, { name, status: 'skipped' });
      at += skip.length;
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
      sections.set(name, { name, status: 'missing' });
      continue;
    }
    sections.set(name, {
      name,
      status: 'ran',
      stdout: stdout.slice(outStart, Math.max(outStart, e)),
      stderr: stdout.slice(errStart, Math.max(errStart, f)),
      rc,
    });
    at = nl + 1;
  }
  return { sections, complete: stdout.indexOf(`${MARK}done\n`, at) >= 0 || stdout.endsWith(`${MARK}done`) };
}
