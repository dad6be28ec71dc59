import { describe, expect, it } from 'vitest';
import { HolderOutput, type Frame, type HolderReport } from '../../src/apply/holder-output.js';

const frame = (id: string, stdout: string, stderr: string, rc: number) => `@@lvsplan-lock:begin ${id}\n${stdout}\n@@lvsplan-lock:stderr ${id}\n${stderr}\n@@lvsplan-lock:end ${id} ${rc}\n`;

/** Feeds `text` in pieces cut at `cuts`, requests `ids` expected; returns what the reader said. */
function read(text: string, opts: { readId?: string | null; ids?: string[]; cuts?: number[]; limit?: number } = {}) {
  const said: { locked?: HolderReport; frames: Frame[]; error?: string; readStarted: boolean } = { frames: [], readStarted: false };
  const out = new HolderOutput(opts.readId ?? null, opts.limit ?? 1000, {
    onReadStarted: () => (said.readStarted = true),
    onLocked: (r) => (said.locked = structuredClone(r)),
    onFrame: (f) => said.frames.push(f),
    onError: (why) => (said.error = why),
  });
  for (const id of opts.ids ?? []) out.expect(id);
  let at = 0;
  for (const cut of [...(opts.cuts ?? []), text.length]) {
    out.feed(text.slice(at, cut));
    at = cut;
  }
  return said;
}

describe('the lock holder\'s output, read as frames', () => {
  // Outputs that look like the protocol (another id's markers, "locked", no final newline), and empty ones.
  const readOut = 'locked\n@@lvsplan-lock:stderr 99\n@@lvsplan-lock:end 99 0\n@@lvsplan-lock:end tok\nlast';
  const transcript = [
    frame('tok', readOut, 'warn\n', 3),
    '@@lvsplan-lock:hold-released\n@@lvsplan-lock:requests\nlocked\n',
    frame('a1', '', '', 0),
    frame('b2', 'report\n@@lvsplan-lock:stderr a1\n', 'lvsplan-step 0\n\n', 7),
  ].join('');

  it('finds each frame and the locked report however the output is cut', () => {
    for (let cut = 0; cut <= transcript.length; cut++) {
      const said = read(transcript, { readId: 'tok', ids: ['a1', 'b2'], cuts: [cut, Math.min(transcript.length, cut + 7)] });
      expect(said.error, `cut at ${cut}`).toBeUndefined();
      expect(said.readStarted).toBe(true);
      expect(said.locked, `cut at ${cut}`).toEqual({ read: { id: 'tok', stdout: readOut, stderr: 'warn\n', exitCode: 3 }, holdReleased: true, answersRequests: true });
      expect(said.frames, `cut at ${cut}`).toEqual([
        { id: 'a1', stdout: '', stderr: '', exitCode: 0 },
        { id: 'b2', stdout: 'report\n@@lvsplan-lock:stderr a1\n', stderr: 'lvsplan-step 0\n\n', exitCode: 7 },
      ]);
    }
  });

  it('says locked without a read when none was asked for, and not before the read when one was', () => {
    expect(read('locked\n').locked).toEqual({ read: null, holdReleased: false, answersRequests: false });
    expect(read('locked\n', { readId: 'tok' }).error).toMatch(/^the lock holder printed a line that is not the lock holder's: locked$/);
  });

  it('stops at anything that is not the protocol: a stray line, an answer not asked for or out of order, a bad status, too much output', () => {
    expect(read('Welcome to host\nlocked\n').error).toBe("the lock holder printed a line that is not the lock holder's: Welcome to host");
    expect(read(`locked\n${frame('a1', '', '', 0)}`).error).toBe('the lock holder printed an answer to a1 where none was asked for');
    expect(read(`locked\n${frame('b2', '', '', 0)}`, { ids: ['a1', 'b2'] }).error).toBe('the lock holder printed an answer to b2 where a1 was due');
    expect(read('locked\n@@lvsplan-lock:begin a1\n\n@@lvsplan-lock:stderr a1\n\n@@lvsplan-lock:end a1 x\n', { ids: ['a1'] }).error).toMatch(/status that is not a number: x$/);
    expect(read(`locked\n${frame('a1', 'x'.repeat(2000), '', 0)}`, { ids: ['a1'], cuts: [100, 1500] }).error).toBe('the lock holder printed an answer (a1) larger than 1000 characters');
    const said = read(`locked\n${frame('a1', '', '', 0)}junk\n${frame('b2', '', '', 0)}`, { ids: ['a1', 'b2'] });
    expect(said.frames.map((f) => f.id)).toEqual(['a1']);
    expect(said.error).toMatch(/junk$/);
  });
});
