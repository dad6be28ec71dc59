import { describe, expect, it } from 'vitest';
import { parseHostRead } from '../../providers/host-read.js';
import { MARK } from '../../providers/host-read-script.js';
import { readIsComplete, splitSections } from '../../providers/host-read-sections.js';
import { ReadBytes } from '../../providers/read-bytes.js';
import { fixture } from './fixture.js';

/** The text's bytes in pieces of `size` (the last one shorter), as a pipe might deliver them. */
function pieces(text: string, size: number): Buffer[] {
  const all = Buffer.from(text, 'utf8');
  const out: Buffer[] = [];
  for (let i = 0; i < all.length; i += size) out.push(all.subarray(i, i + size));
  return out;
}

const section = (name: string, stdout: string, stderr: string, rc: number) => `${MARK}begin ${name}\n${stdout}\n${MARK}stderr ${name}\n${stderr}\n${MARK}end ${name} ${rc}\n`;

/** A director's read as the host-read script prints it: the captured IPVS table, an address, a warning with non-ASCII text. */
const directorRead = [
  section('has-ipvsadm', '/usr/sbin/ipvsadm', '', 0),
  section('ipvs-save', fixture('captured/rich/ipvsadm-Sn.txt').trimEnd(), '', 0),
  section('ipvs-thresholds', fixture('captured/rich/ipvsadm-Ln-thresholds.txt').trimEnd(), 'avertissement : déjà lu', 0),
  section('addresses', '2: eth0    inet 192.168.122.50/32 scope global eth0\\       valid_lft forever preferred_lft forever', '', 0),
  section('sysctls', '', '', 0),
  section('state', '', '', 44),
  `${MARK}done\n`,
].join('');

const SIZES = [1, 2, 3, 7, 13, 64, 4096];

describe('ReadBytes: output read from the pieces it arrived in', () => {
  const text = 'one\nzwei drei\n\nvier ünï fünf\nlast';

  it.each(SIZES)('gives the lines split("\\n") gives, across pieces of %i bytes', (size) => {
    const lines: string[] = [];
    ReadBytes.of(pieces(text, size)).eachLine((buf, start, end, n) => {
      expect(n).toBe(lines.length);
      lines.push(buf.toString('utf8', start, end));
    });
    expect(lines).toEqual(text.split('\n'));
  });

  it.each(SIZES)('finds, compares and decodes across pieces of %i bytes as the text does', (size) => {
    const bytes = ReadBytes.of(pieces(text, size));
    const whole = Buffer.from(text, 'utf8');
    expect(bytes.length).toBe(whole.length);
    for (const pattern of ['\n', 'drei\n\nvier', 'ünï', 'last', 'nowhere']) {
      const p = Buffer.from(pattern);
      for (let from = 0; from <= whole.length; from += 3) expect(bytes.indexOf(p, from)).toBe(whole.indexOf(p, from));
      expect(bytes.startsWith(p, whole.indexOf(p))).toBe(whole.includes(p));
    }
    expect(bytes.endsWith(Buffer.from('\nlast'))).toBe(true);
    expect(bytes.text()).toBe(text);
    expect(bytes.text(4, 13)).toBe('zwei drei');
    expect(bytes.view(4, 13).text()).toBe('zwei drei');
    expect(bytes.view(20, 1000).text()).toBe(whole.subarray(20).toString('utf8'));
  });

  it('reads no pieces and an empty text as one empty line', () => {
    for (const empty of [ReadBytes.of([]), ReadBytes.of('')]) {
      const lines: string[] = [];
      empty.eachLine((buf, start, end) => lines.push(buf.toString('utf8', start, end)));
      expect(lines).toEqual(['']);
      expect(empty.indexOf(Buffer.from('x'))).toBe(-1);
      expect(empty.text()).toBe('');
    }
  });
});

describe('a host read parsed from its pieces', () => {
  it.each(SIZES)('gives what its text gives: sections, resources, diagnostics (pieces of %i bytes)', (size) => {
    const fromText = parseHostRead('d', 'director', directorRead);
    expect(fromText.observed.resources.filter((r) => r.type === 'ipvs_destination').length).toBeGreaterThan(3);
    expect(fromText.diagnostics).toEqual([]);
    const fromPieces = parseHostRead('d', 'director', pieces(directorRead, size));
    expect(fromPieces.observed.resources).toEqual(fromText.observed.resources);
    expect(fromPieces.diagnostics).toEqual(fromText.diagnostics);
    const sections = (x: string | Buffer[]) => [...splitSections(x).sections.values()].map((s) => (s.status === 'ran' ? { ...s, bytes: undefined } : s));
    expect(sections(pieces(directorRead, size))).toEqual(sections(directorRead));
    expect(sections(directorRead).find((s) => s.name === 'ipvs-thresholds')).toMatchObject({ stderr: 'avertissement : déjà lu' });
  });

  it('splits the pieces of one output once: the check that it was not cut and the parse share the split', () => {
    const read = pieces(directorRead, 4096);
    const split = splitSections(read);
    expect(readIsComplete(read)).toBe(true);
    expect(splitSections(read)).toBe(split);
    // Other pieces with the same bytes are split again, and the same.
    const again = splitSections(pieces(directorRead, 4096));
    expect(again).not.toBe(split);
    expect(again.sections.get('ipvs-save')).toMatchObject({ status: 'ran', rc: 0 });
    expect(parseHostRead('d', 'director', read).observed.resources).toEqual(parseHostRead('d', 'director', directorRead).observed.resources);
  });

  it.each(SIZES)('reports a read cut in the IPVS table as its text does: where, what is missing, the last characters (pieces of %i bytes)', (size) => {
    const cut = directorRead.slice(0, directorRead.indexOf('déjà') + 3);
    const fromText = parseHostRead('d', 'director', cut);
    expect(fromText.diagnostics.map((d) => d.summary)).toEqual([expect.stringContaining('incomplete')]);
    expect(parseHostRead('d', 'director', pieces(cut, size)).diagnostics).toEqual(fromText.diagnostics);
  });
});
