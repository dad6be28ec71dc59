import { describe, expect, it } from 'vitest';
import { parseRestoreErrors } from '../../../providers/ipvs/restore-errors.js';
import { fixture } from '../fixture.js';

interface Capture {
  argv: string[];
  stdin: string | null;
  exit: number;
  stderr: string;
}

const batches = (JSON.parse(fixture('captured/errors/ipvsadm-errors.json')) as Capture[]).filter((c) => c.argv[1] === '-R');

function linesOf(c: Capture): string[] {
  return c.stdin!.split('\n').filter((l) => l !== '');
}

describe('parseRestoreErrors on captured -R batches', () => {
  it('pins "Service already exists" in the middle of a batch that exited 0', () => {
    const c = batches[0]!;
    expect(c.exit).toBe(0);
    const r = parseRestoreErrors(c.stderr, linesOf(c), c.exit);
    // Three -A lines could each say it; the exit status says the last one did not.
    expect(r.failures).toHaveLength(1);
    expect(r.failures[0]!.message).toBe('Service already exists');
    expect(r.failures[0]!.candidateCount).toBe(2);
    expect([...r.blame.keys()].sort()).toEqual([0, 1]);
    expect(r.abort).toBeNull();
    expect(r.uncertain).toEqual([0, 1]);
    expect(r.succeeded).toEqual([2]);
  });

  it('pins the failing last line from a non-zero exit', () => {
    const c = batches[1]!;
    const r = parseRestoreErrors(c.stderr, linesOf(c), c.exit);
    expect(r.failures[0]).toMatchObject({ line: 2, message: 'Service already exists' });
    expect(r.succeeded).toEqual([0, 1]);
    expect(r.uncertain).toEqual([]);
  });

  it('matches a scheduler error to the only line that can produce it', () => {
    const c = batches[2]!;
    const lines = ['-d -t 10.0.0.1:80 -r 10.0.0.2:80', ...linesOf(c)];
    const noStatus = parseRestoreErrors(c.stderr, lines);
    expect(noStatus.failures[0]).toMatchObject({ line: null, candidateCount: 2 });
    const r = parseRestoreErrors(c.stderr, lines, c.exit);
    expect(r.failures[0]).toMatchObject({ line: 1, candidateCount: 1 });
    expect(r.succeeded).toEqual([0, 2]);
  });

  it('treats a usage error as an abort with later lines uncertain', () => {
    const c = batches[3]!;
    const r = parseRestoreErrors(c.stderr, linesOf(c), c.exit);
    expect(r.abort).toMatchObject({ kind: 'usage' });
    expect(r.failures).toEqual([]);
    expect(r.uncertain).toEqual([0, 1, 2]);
  });
});

describe('parseRestoreErrors message kinds', () => {
  const lines = [
    '-A -t 10.0.0.1:80 -s rr',
    '-a -t 10.0.0.1:80 -r 10.1.0.1:80 -g -w 1 -x 0 -y 0',
    '-a -t 10.0.0.1:80 -r 10.1.0.2:80 -g -w 1 -x 0 -y 0',
    '-d -t 10.0.0.2:80 -r 10.1.0.9:80',
    '-D -t 10.0.0.3:80',
  ];

  it('keeps message order: a later message cannot belong to an earlier line', () => {
    const r = parseRestoreErrors('Destination already exists\nNo such destination\nNo such service\n', lines);
    expect(r.failures.map((f) => f.candidateCount)).toEqual([2, 1, 1]);
    expect([...r.blame].sort((a, b) => a[0] - b[0])).toEqual([[1, 0], [2, 0], [3, 1], [4, 2]]);
    expect(r.failures.map((f) => f.line)).toEqual([null, 3, 4]);
    expect(r.succeeded).toEqual([0]);
    expect(r.uncertain).toEqual([1, 2]);
  });

  it('reports a validation failure (exit 2) as an abort after the last pinned failure', () => {
    const r = parseRestoreErrors('No such destination\nillegal weight specified\n', lines, 2);
    expect(r.abort).toMatchObject({ kind: 'validation', message: 'illegal weight specified' });
    expect(r.failures[0]!.line).toBe(3);
    expect(r.succeeded).toEqual([0, 1, 2]);
    expect(r.uncertain).toEqual([4]);
  });

  it('says nothing ran when ipvs cannot be initialised', () => {
    const r = parseRestoreErrors(
      "Can't initialize ipvs: Protocol not available\nAre you sure that IP Virtual Server is built in the kernel or as module?\n",
      lines,
      2,
    );
    expect(r.abort?.kind).toBe('init');
    expect(r.succeeded).toEqual([]);
    expect(r.uncertain).toEqual([0, 1, 2, 3, 4]);
  });

  it('lets any line own a generic kernel error such as EINVAL', () => {
    const r = parseRestoreErrors('Invalid operation.  Possibly wrong module version, address not unicast, ...\n', lines, 255);
    expect(r.failures[0]).toMatchObject({ line: 4, candidateCount: 5 });
  });

  it('reports an empty stderr as every line succeeded', () => {
    const r = parseRestoreErrors('', lines, 0);
    expect(r).toEqual({ failures: [], abort: null, blame: new Map(), succeeded: [0, 1, 2, 3, 4], uncertain: [] });
  });
});
