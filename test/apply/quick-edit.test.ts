import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { acquireHostLock } from '../../src/apply/host-lock.js';
import { providerBuilders } from '../../src/apply/provider-ports.js';
import { encodeEditRequest, parseEditAnswer } from '../../src/apply/quick-edit-script.js';
import { planQuickEdits, QuickEditor, type QuickEdit } from '../../src/apply/quick-edit.js';
import type { Attrs } from '../../src/model/resource.js';
import type { ResourceChange } from '../../src/plan/types.js';
import { ExecRunner } from '../../src/transport/exec-runner.js';
import { LocalRunner } from '../../src/transport/local-runner.js';
import { countingRunner } from '../support/counting-runner.js';
import { destAttrs, RS, serviceAttrs, SVC } from './support/cluster.js';

const svcOf = (_host: string, id: string): Attrs | null => (id === SVC ? serviceAttrs() : null);
const weightChange = (rs: string, from: number, to: number, over: Partial<ResourceChange> = {}): ResourceChange => ({
  address: `virtual_server.web.backend["${rs}"]`, host: 'lvs-dr', type: 'ipvs_destination', id: `${SVC}->${RS[rs]}:80`,
  action: 'update', before: destAttrs(RS[rs]!, { weight: from }), after: destAttrs(RS[rs]!, { weight: to }), replacePaths: [], drift: false, phase: 3, ...over,
});
const LINE01 = `-a -t ${SVC.slice(4)} -r ${RS.lvs01}:80 -g -w 1`;
const LINE02 = `-a -t ${SVC.slice(4)} -r ${RS.lvs02}:80 -g -w 1`;

describe('which changes a quick edit makes', () => {
  it('weight updates of existing destinations: the -Sn line each assumes and its -e line, one edit per director', () => {
    const p = planQuickEdits([weightChange('lvs01', 1, 0), weightChange('lvs02', 1, 0), weightChange('lvs01', 1, 0, { host: 'other' })], providerBuilders, svcOf);
    expect(p.ok).toBe(true);
    if (!p.ok) return;
    expect(p.edits.map((e) => [e.host, e.changes.length])).toEqual([['lvs-dr', 2], ['other', 1]]);
    expect(p.edits[0]!.pairs).toEqual([
      { expected: LINE01, edit: `-e -t ${SVC.slice(4)} -r ${RS.lvs01}:80 -g -w 0 -x 0 -y 0` },
      { expected: LINE02, edit: `-e -t ${SVC.slice(4)} -r ${RS.lvs02}:80 -g -w 0 -x 0 -y 0` },
    ]);
  });

  it('anything else needs the whole apply: a create, a delete, an edit of more than the weight, an unknown service', () => {
    const create = weightChange('lvs01', 1, 0, { action: 'create', before: null });
    const del = weightChange('lvs01', 1, 0, { action: 'delete', after: null });
    const threshold = weightChange('lvs01', 1, 0, { after: destAttrs(RS.lvs01!, { weight: 0, upper_threshold: 5 }) });
    for (const c of [create, del, threshold]) expect(planQuickEdits([weightChange('lvs02', 1, 0), c], providerBuilders, svcOf)).toMatchObject({ ok: false, why: expect.stringContaining('is not a weight update') });
    expect(planQuickEdits([weightChange('lvs01', 1, 0)], providerBuilders, () => null)).toMatchObject({ ok: false });
    expect(planQuickEdits([], providerBuilders, svcOf).ok).toBe(false);
  });
});

describe('edit requests and answers', () => {
  const pair = { expected: LINE01, edit: LINE01.replace('-a', '-e').replace('-w 1', '-w 0') };
  it('encodes pairs as lines after a header; refuses what is not one printable destination line', () => {
    expect(encodeEditRequest(7, 10, [pair])).toEqual({ ok: true, text: `edit 7 10 1\n${pair.expected}\n${pair.edit}\n` });
    for (const bad of [`${LINE01}\n-C`, `${LINE01}\u00e9`, '-C', `-e ${LINE01.slice(3)}`]) expect(encodeEditRequest(1, 1, [{ ...pair, expected: bad }]).ok).toBe(false);
    expect(encodeEditRequest(1, 1, [{ ...pair, edit: pair.expected }]).ok).toBe(false);
    expect(encodeEditRequest(1, 1, []).ok).toBe(false);
    expect(encodeEditRequest(-1, 1, [pair]).ok).toBe(false);
  });

  it('parses each outcome of its own request only, with how long the lock, the read and the restore took', () => {
    const times = { lockMs: 2, readMs: 150, restoreMs: 1 };
    const t = '2000 150000 1400';
    expect(parseEditAnswer(`@@edit-done 3 applied 0 ${t}\n`, 3, 1)).toEqual({ status: 'applied', exitCode: 0, stderr: '', times });
    expect(parseEditAnswer(`Memory allocation problem\n@@edit-done 3 applied 1 ${t}\n`, 3, 1)).toEqual({ status: 'applied', exitCode: 1, stderr: 'Memory allocation problem', times });
    expect(parseEditAnswer(`1\n@@edit-done 3 moved 0 ${t}\n`, 3, 2)).toEqual({ status: 'moved', index: 1, times });
    expect(parseEditAnswer(`pid 9 on ops\n@@edit-done 3 busy 1 ${t}\n`, 3, 1)).toEqual({ status: 'busy', holder: 'pid 9 on ops', times });
    expect(parseEditAnswer(`ipvsadm: not found\n@@edit-done 3 failed 127 ${t}\n`, 3, 1)).toEqual({ status: 'failed', error: 'ipvsadm: not found', times });
    expect(parseEditAnswer(`@@edit-done 2 applied 0 ${t}\n`, 3, 1)).toBeNull();
    expect(parseEditAnswer(`@@edit-done 3 applied 0 ${t}`, 3, 1)).toBeNull();
    expect(parseEditAnswer('@@edit-done 3 applied 0\n', 3, 1)).toBeNull();
    expect(parseEditAnswer(`5\n@@edit-done 3 moved 0 ${t}\n`, 3, 2)).toBeNull();
  });
});

/**
 * The editor run by the real sh with the real flock(1), on a private lock file, with a fake `ipvsadm` first
 * on PATH (the kernel's IPVS is the lab's): -Sn prints a table file, -R applies -e lines' weights to it.
 */
describe('the editor process (real sh and flock, fake ipvsadm)', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });
  const FAKE_IPVSADM = `#!/bin/sh
t=$FAKE_IPVS/table
case "$1" in
  -Sn) cat "$t" ;;
  -R) while IFS= read -r l; do
        echo "$l" >> "$FAKE_IPVS/restored"
        set -- $l
        sed -i "s|^-a $2 $3 $4 $5 $6 -w [0-9]*|-a $2 $3 $4 $5 $6 -w $8|" "$t"
      done ;;
  *) exit 2 ;;
esac
`;
  const director = (table: string[]) => {
    const d = mkdtempSync(join(tmpdir(), 'lvsplan-edit-'));
    dirs.push(d);
    writeFileSync(join(d, 'ipvsadm'), FAKE_IPVSADM);
    chmodSync(join(d, 'ipvsadm'), 0o755);
    writeFileSync(join(d, 'table'), `${[`-A -t ${SVC.slice(4)} -s rr`, ...table].join('\n')}\n`);
    const runner = countingRunner(new ExecRunner(['env', `PATH=${d}:${process.env.PATH}`, `FAKE_IPVS=${d}`]));
    return { dir: d, lock: join(d, 'lvsplan.lock'), runner, table: () => readFileSync(join(d, 'table'), 'utf8'), restored: () => (existsSync(join(d, 'restored')) ? readFileSync(join(d, 'restored'), 'utf8') : '') };
  };
  const editOf = (...changes: ResourceChange[]): QuickEdit => {
    const p = planQuickEdits(changes, providerBuilders, svcOf);
    if (!p.ok) throw new Error(p.why);
    return p.edits[0]!;
  };

  it('applies the -e lines when every line is as assumed, in one process for many edits, and leaves the lock free', async () => {
    const h = director([LINE01, LINE02]);
    const editor = new QuickEditor('lvsplan watch, pid 1 on ops', providerBuilders, h.lock);
    try {
      expect(await editor.edit(h.runner, editOf(weightChange('lvs02', 1, 0)), 5000)).toMatchObject({ status: 'applied', failed: new Map() });
      expect(h.table()).toContain(LINE02.replace('-w 1', '-w 0'));
      expect(await editor.edit(h.runner, editOf(weightChange('lvs02', 0, 1), weightChange('lvs01', 1, 3)), 5000)).toMatchObject({ status: 'applied', failed: new Map() });
      expect(h.table()).toContain(`${LINE01.replace('-w 1', '-w 3')}\n${LINE02}\n`);
      expect(h.runner.starts).toBe(1);
      expect(readFileSync(h.lock, 'utf8')).toBe('');
    } finally {
      await editor.close();
    }
  });

  it('applies nothing when a line moved (changed by hand since the plan read it), naming the change', async () => {
    const h = director([LINE01, LINE02.replace('-w 1', '-w 5')]);
    const editor = new QuickEditor('watch', providerBuilders, h.lock);
    try {
      const both = [weightChange('lvs01', 1, 0), weightChange('lvs02', 1, 0)];
      const out = await editor.edit(h.runner, editOf(...both), 5000);
      expect(out).toMatchObject({ status: 'moved', change: both[1] });
      expect(h.restored()).toBe('');
      expect(h.table()).toContain(LINE01);
      // A line that is only the start of another (weight 1 vs 10) does not pass for it.
      const h10 = director([LINE01.replace('-w 1', '-w 10')]);
      expect(await editor.edit(h10.runner, editOf(weightChange('lvs01', 1, 0)), 5000)).toMatchObject({ status: 'moved' });
      expect(h10.restored()).toBe('');
    } finally {
      await editor.close();
    }
  });

  it('waits for an apply that holds the lock and then applies; names it when the wait runs out', async () => {
    const h = director([LINE01, LINE02]);
    const editor = new QuickEditor('watch', providerBuilders, h.lock);
    const human = await acquireHostLock({ runner: new LocalRunner(), token: 'aaaa', holder: 'pid 9 on ops, an apply', timeoutMs: 1000, lockPath: h.lock });
    expect(human.ok).toBe(true);
    try {
      const busy = await editor.edit(h.runner, editOf(weightChange('lvs02', 1, 0)), 1000);
      expect(busy).toMatchObject({ status: 'busy', holder: 'pid 9 on ops, an apply' });
      if (busy.status === 'busy') expect(busy.times.lockMs).toBeGreaterThanOrEqual(900);
      expect(h.restored()).toBe('');
      const started = Date.now();
      const waiting = editor.edit(h.runner, editOf(weightChange('lvs02', 1, 0)), 10_000);
      await new Promise((r) => setTimeout(r, 1000));
      expect(h.restored()).toBe('');
      if (human.ok) await human.lock.release();
      expect(await waiting).toMatchObject({ status: 'applied', failed: new Map() });
      expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
      expect(h.table()).toContain(LINE02.replace('-w 1', '-w 0'));
    } finally {
      if (human.ok) await human.lock.release();
      await editor.close();
    }
  });

  it('starts the editor again after it died; an edit it died in is a failure, not applied', async () => {
    const h = director([LINE01, LINE02]);
    const editor = new QuickEditor('watch', providerBuilders, h.lock);
    try {
      expect((await editor.edit(h.runner, editOf(weightChange('lvs01', 1, 0)), 5000)).status).toBe('applied');
      h.runner.kill();
      await h.runner.ended.at(-1);
      expect((await editor.edit(h.runner, editOf(weightChange('lvs01', 0, 1)), 5000)).status).toBe('applied');
      expect(h.runner.starts).toBe(2);
      // Killed while it waits for the lock: the edit fails; the next one starts a third editor.
      const human = await acquireHostLock({ runner: new LocalRunner(), token: 'bbbb', holder: 'apply', timeoutMs: 1000, lockPath: h.lock });
      const dying = editor.edit(h.runner, editOf(weightChange('lvs01', 1, 0)), 10_000);
      await new Promise((r) => setTimeout(r, 300));
      h.runner.kill();
      expect(await dying).toMatchObject({ status: 'failed', error: expect.stringContaining('the editor') });
      if (human.ok) await human.lock.release();
      expect(h.restored().split('\n').filter(Boolean)).toHaveLength(2);
      expect((await editor.edit(h.runner, editOf(weightChange('lvs01', 1, 0)), 5000)).status).toBe('applied');
      expect(h.runner.starts).toBe(3);
    } finally {
      await editor.close();
    }
  });

  it('a lock file it cannot open fails the edit and keeps the editor', async () => {
    const h = director([LINE01]);
    const editor = new QuickEditor('watch', providerBuilders, join(h.dir, 'missing', 'lvsplan.lock'));
    try {
      for (let i = 0; i < 2; i++) expect(await editor.edit(h.runner, editOf(weightChange('lvs01', 1, 0)), 1000)).toMatchObject({ status: 'failed', error: expect.stringContaining('cannot open the lock file') });
      expect(h.runner.starts).toBe(1);
      expect(h.restored()).toBe('');
    } finally {
      await editor.close();
    }
  });

  it('reports what ipvsadm -R refused, per change', async () => {
    const h = director([LINE01]);
    writeFileSync(join(h.dir, 'ipvsadm'), `#!/bin/sh\ncase "$1" in -Sn) cat "$FAKE_IPVS/table" ;; -R) cat >/dev/null; echo 'Memory allocation problem' >&2; exit 1 ;; esac\n`);
    const editor = new QuickEditor('watch', providerBuilders, h.lock);
    try {
      const c = weightChange('lvs01', 1, 0);
      const out = await editor.edit(h.runner, editOf(c), 5000);
      expect(out.status).toBe('applied');
      if (out.status === 'applied') expect(out.failed.get(c)).toContain('Memory allocation problem');
    } finally {
      await editor.close();
    }
  });
});
