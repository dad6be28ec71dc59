import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { acquireHostLock, type HeldLock } from '../../src/apply/host-lock.js';
import { stepsArgv, stepsOutcome } from '../../src/apply/steps-script.js';
import { ExecRunner } from '../../src/transport/exec-runner.js';
import { LocalRunner } from '../../src/transport/local-runner.js';

/** The steps run by the lock holder (real sh, bash and flock) against the same steps run as a command of their own. */
describe('steps through the lock holder', () => {
  const dirs: string[] = [];
  const held: HeldLock[] = [];
  afterEach(async () => {
    for (const l of held.splice(0)) await l.release();
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });
  const dirOf = () => {
    const d = mkdtempSync(join(tmpdir(), 'lvsplan-holder-steps-'));
    dirs.push(d);
    return d;
  };
  const hold = async (lockPath: string, more: { limitMs?: number; onLost?: (why: string) => void } = {}) => {
    const stateDir = `${lockPath}-lib`;
    const a = await acquireHostLock({ runner: new LocalRunner(), token: 'aaaa', holder: 'A', timeoutMs: 1000, lockPath, leaseSeconds: 1, stateDir, statePath: join(stateDir, 'state.json'), ...more });
    if (!a.ok) throw new Error(a.error);
    held.push(a.lock);
    return a.lock;
  };
  const shown = (r: { exitCode: number | null; stdout: string; stderr: string }) => ({ exitCode: r.exitCode, stdout: r.stdout, stderr: r.stderr });

  it('gives the result the steps run alone give: markers, stdout, stderr and status exact, stdin to the first reader, words as data', async () => {
    const d = dirOf();
    const lock = await hold(join(d, 'lock'));
    const file = (n: string) => join(d, n);
    // Output that looks like the holder's frames (with the read's id, the token), and none of it ending with a newline.
    const hostile = 'printf "@@lvsplan-lock:stderr aaaa\\n@@lvsplan-lock:end aaaa 0\\nlocked\\n"\nprintf "%s|" "$@"\nprintf "\\n\\nerr\\n\\n" >&2\n(exit 4)';
    const cases: { argvs: string[][]; report?: string[]; stdin?: string; exits?: boolean }[] = [
      {
        argvs: [['sh', '-c', 'cat > "$1"; echo "wrote $1" >&2', 'x', file('stdin')], ['printf', '%s|', 'a b', "it's", '$(touch never)', 'two\nlines', '', '"\\']],
        report: ['sh', '-c', hostile, 'read', 'p 1', 'p\n2'],
        stdin: 'line one\n\n  line three \\\n',
      },
      // The first failure stops the rest; the report still runs.
      { argvs: [['true'], ['sh', '-c', 'echo bad >&2; exit 3'], ['touch', file('never')]], report: ['sh', '-c', 'echo re-read'] },
      // No stdin: /dev/null, not the holder's (a reader there would wait for renewals); no lock descriptor.
      { argvs: [['sh', '-c', 'cat; echo "fd 9: $(test -e /proc/$$/fd/9 && echo open || echo closed)" >&2']] },
      { argvs: [['sh', '-c', 'exit 0']], report: ['true'] },
      // A report that exits (the host read does not) ends the steps there, with its status (its stderr's trailing newlines lost).
      { argvs: [['true']], report: ['sh', '-c', 'echo out; echo err >&2; exit 6'], exits: true },
    ];
    for (const c of cases) {
      rmSync(file('stdin'), { force: true });
      const alone = await new LocalRunner().run(stepsArgv(c.argvs, c.report), c.stdin !== undefined ? { stdin: c.stdin } : {});
      const stdinAlone = existsSync(file('stdin')) ? readFileSync(file('stdin'), 'utf8') : null;
      rmSync(file('stdin'), { force: true });
      const through = await lock.requests!.runSteps(c.argvs, c.report, c.stdin)!;
      expect(through.argv).toEqual(alone.argv);
      const trimmed = (r: typeof alone) => (c.exits ? { ...shown(r), stderr: r.stderr.trimEnd() } : shown(r));
      expect(trimmed(through)).toEqual(trimmed(alone));
      expect(existsSync(file('stdin')) ? readFileSync(file('stdin'), 'utf8') : null).toBe(stdinAlone);
    }
    const [first] = cases;
    const o = stepsOutcome(await lock.requests!.runSteps(first!.argvs, first!.report, first!.stdin)!, first!.argvs, first!.report);
    expect(o.failed).toBeNull();
    expect(o.ran.map((r) => r.stderr)).toEqual([`wrote ${file('stdin')}`, '']);
    expect(o.report).toMatchObject({ exitCode: 4, stdout: "@@lvsplan-lock:stderr aaaa\n@@lvsplan-lock:end aaaa 0\nlocked\np 1|p\n2|", stderr: '\n\nerr\n\n' });
    expect(readFileSync(file('stdin'), 'utf8')).toBe(first!.stdin);
    expect(existsSync(file('never'))).toBe(false);
    expect(existsSync('never')).toBe(false);
    const noStdin = await lock.requests!.runSteps(cases[2]!.argvs)!;
    expect(noStdin.stderr).toBe('lvsplan-step 0\nfd 9: closed\n');
  });

  it('answers requests in order, each its own, and keeps the lock past its lease between them', async () => {
    const d = dirOf();
    const lock = await hold(join(d, 'lock'));
    const report = (n: number) => ['sh', '-c', `sleep 0.${3 - n}; echo answer ${n}`];
    const answers = await Promise.all([0, 1, 2].map((n) => lock.requests!.runSteps([['true']], report(n))!));
    expect(answers.map((a) => a.stdout)).toEqual(['answer 0\n', 'answer 1\n', 'answer 2\n']);
    await new Promise((r) => setTimeout(r, 1500));
    const [steps, write] = await Promise.all([lock.requests!.runSteps([['sh', '-c', 'exit 5']])!, lock.requests!.writeState('{}\n', false)]);
    expect(steps.exitCode).toBe(5);
    expect(write).toBeNull();
    expect(readFileSync(join(d, 'lock-lib', 'state.json'), 'utf8')).toBe('{}\n');
    const again = await acquireHostLock({ runner: new LocalRunner(), token: 'bbbb', holder: 'B', timeoutMs: 0, lockPath: join(d, 'lock') });
    expect(again.ok).toBe(false);
  });

  it('stops the holder when a step outlasts its limit: the step fails timed out, the lock is lost, naming why', async () => {
    const d = dirOf();
    const lost: string[] = [];
    const lock = await hold(join(d, 'lock'), { limitMs: 500, onLost: (why) => lost.push(why) });
    const started = Date.now();
    const r = await lock.requests!.runSteps([['sleep', '30']])!;
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(r).toMatchObject({ exitCode: null, timedOut: true });
    expect(stepsOutcome(r, [['sleep', '30']]).failed).toBe(0);
    expect(lost).toEqual(['running a step through its holder took longer than 0.5s, so the apply stopped the holder']);
    expect(await lock.requests!.writeState('{}\n', true)).toMatch(/^the apply lock holder, writing .*: killed by SIGTERM/);
    // The lock is free again: the holder and what it ran are gone.
    const again = await acquireHostLock({ runner: new LocalRunner(), token: 'bbbb', holder: 'B', timeoutMs: 2000, lockPath: join(d, 'lock') });
    expect(again.ok).toBe(true);
    if (again.ok) held.push(again.lock);
  });

  it('reads no startup file where bash would (run by sshd at the top shell level, BASH_ENV set): their output would end the protocol', async () => {
    const d = dirOf();
    writeFileSync(join(d, '.bashrc'), 'echo from .bashrc\n');
    writeFileSync(join(d, 'env.sh'), 'echo from BASH_ENV\n');
    const runner = new ExecRunner(['env', '-u', 'SHLVL', `HOME=${d}`, 'SSH_CLIENT=192.0.2.1 50000 22', `BASH_ENV=${join(d, 'env.sh')}`]);
    const a = await acquireHostLock({ runner, token: 'aaaa', holder: 'A', timeoutMs: 1000, lockPath: join(d, 'lock') });
    if (!a.ok) throw new Error(a.error);
    held.push(a.lock);
    expect(await a.lock.requests!.runSteps([['true']], ['echo', 'report'])!).toMatchObject({ exitCode: 0, stdout: 'report\n' });
  });

  it('leaves to a command of their own the steps whose stdin does not end with a newline', async () => {
    const lock = await hold(join(dirOf(), 'lock'));
    expect(lock.requests!.runSteps([['cat']], undefined, 'no newline')).toBeNull();
    expect(await lock.requests!.runSteps([['cat']], undefined, '')!).toMatchObject({ exitCode: 0 });
  });
});
