import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { acquireHostLock } from '../../src/apply/host-lock.js';
import { providerBuilders } from '../../src/apply/provider-ports.js';
import { encodeEditRequest, parseEditAnswer, PROC_READ_MAX_DESTINATIONS, tableReadFor } from '../../src/apply/quick-edit-script.js';
import { planQuickEdits, QuickEditor, type QuickEdit } from '../../src/apply/quick-edit.js';
import type { Attrs } from '../../src/model/resource.js';
import type { ResourceChange } from '../../src/plan/types.js';
import { LocalRunner } from '../../src/transport/local-runner.js';
import { destAttrs, RS, serviceAttrs, SVC } from './support/cluster.js';
import { fakeDirector } from './support/fake-director.js';

const svcOf = (_host: string, id: string): Attrs | null => (id === SVC ? serviceAttrs() : null);
const fewDestinations = () => 2;
const weightChange = (rs: string, from: number, to: number, over: Partial<ResourceChange> = {}): ResourceChange => ({
  address: `virtual_server.web.backend["${rs}"]`, host: 'lvs-dr', type: 'ipvs_destination', id: `${SVC}->${RS[rs]}:80`,
  action: 'update', before: destAttrs(RS[rs]!, { weight: from }), after: destAttrs(RS[rs]!, { weight: to }), replacePaths: [], drift: false, phase: 3, ...over,
});
const LINE01 = `-a -t ${SVC.slice(4)} -r ${RS.lvs01}:80 -g -w 1`;
const LINE02 = `-a -t ${SVC.slice(4)} -r ${RS.lvs02}:80 -g -w 1`;

describe('which changes a quick edit makes', () => {
  it('weight updates of existing destinations: the -Sn line each assumes and its -e line, one edit per director', () => {
    const p = planQuickEdits([weightChange('lvs01', 1, 0), weightChange('lvs02', 1, 0), weightChange('lvs01', 1, 0, { host: 'other' })], providerBuilders, svcOf, fewDestinations);
    expect(p.ok).toBe(true);
    if (!p.ok) return;
    expect(p.edits.map((e) => [e.host, e.changes.length])).toEqual([['lvs-dr', 2], ['other', 1]]);
    expect(p.edits[0]!.pairs).toEqual([
      { expected: LINE01, edit: `-e -t ${SVC.slice(4)} -r ${RS.lvs01}:80 -g -w 0 -x 0 -y 0` },
      { expected: LINE02, edit: `-e -t ${SVC.slice(4)} -r ${RS.lvs02}:80 -g -w 0 -x 0 -y 0` },
    ]);
    expect(p.edits.map((e) => e.read)).toEqual(['proc', 'proc']);
  });

  it('reads /proc/net/ip_vs for IPv4 destinations that are not tunnelled, on a director of up to PROC_READ_MAX_DESTINATIONS; ipvsadm -Sn otherwise', () => {
    const pair = (expected: string) => ({ expected, edit: expected.replace('-a', '-e') });
    expect(tableReadFor([pair(LINE01), pair(LINE02.replace('-g', '-m'))], 2)).toBe('proc');
    expect(tableReadFor([pair(LINE01.replace('-t', '-u')), pair(LINE01.replace('-t', '--sctp-service'))], PROC_READ_MAX_DESTINATIONS)).toBe('proc');
    expect(tableReadFor([pair(LINE01)], PROC_READ_MAX_DESTINATIONS + 1)).toBe('ipvsadm');
    // /proc/net/ip_vs shows no tunnel type, port or checksum; its fwmark lines do not say the family; IPv6 there is another notation.
    for (const other of [`${LINE01.replace('-g', '-i')} --tun-type ipip`, '-a -f 10 -r 192.168.122.10:0 -g -w 1', '-a -t [2001:db8::1]:80 -r [2001:db8::10]:80 -m -w 1'])
      expect(tableReadFor([pair(LINE01), pair(other)], 2)).toBe('ipvsadm');
  });

  it('anything else needs the whole apply: a create, a delete, an edit of more than the weight, an unknown service', () => {
    const create = weightChange('lvs01', 1, 0, { action: 'create', before: null });
    const del = weightChange('lvs01', 1, 0, { action: 'delete', after: null });
    const threshold = weightChange('lvs01', 1, 0, { after: destAttrs(RS.lvs01!, { weight: 0, upper_threshold: 5 }) });
    for (const c of [create, del, threshold]) expect(planQuickEdits([weightChange('lvs02', 1, 0), c], providerBuilders, svcOf, fewDestinations)).toMatchObject({ ok: false, why: expect.stringContaining('is not a weight update') });
    expect(planQuickEdits([weightChange('lvs01', 1, 0)], providerBuilders, () => null, fewDestinations)).toMatchObject({ ok: false });
    expect(planQuickEdits([], providerBuilders, svcOf, fewDestinations).ok).toBe(false);
  });
});

describe('edit requests and answers', () => {
  const pair = { expected: LINE01, edit: LINE01.replace('-a', '-e').replace('-w 1', '-w 0') };
  it('encodes pairs as lines after a header; refuses what is not one printable destination line', () => {
    expect(encodeEditRequest(7, 10, [pair], 'proc')).toEqual({ ok: true, text: `edit 7 10 1 proc\n${pair.expected}\n${pair.edit}\n` });
    expect(encodeEditRequest(7, 10, [pair], 'ipvsadm')).toEqual({ ok: true, text: `edit 7 10 1 ipvsadm\n${pair.expected}\n${pair.edit}\n` });
    for (const bad of [`${LINE01}\n-C`, `${LINE01}\u00e9`, '-C', `-e ${LINE01.slice(3)}`]) expect(encodeEditRequest(1, 1, [{ ...pair, expected: bad }], 'proc').ok).toBe(false);
    expect(encodeEditRequest(1, 1, [{ ...pair, edit: pair.expected }], 'proc').ok).toBe(false);
    expect(encodeEditRequest(1, 1, [], 'proc').ok).toBe(false);
    expect(encodeEditRequest(-1, 1, [pair], 'proc').ok).toBe(false);
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
 * The editor run by the real bash with the real flock(1), on a private lock file, with a fake `ipvsadm` first
 * on PATH and a fake /proc/net/ip_vs (the kernel's IPVS is the lab's): -Sn prints a table file, -R applies -e
 * lines' weights to it and writes the table again as the kernel's /proc/net/ip_vs shows it. Each start is logged.
 */
describe('the editor process (real bash and flock, fake ipvsadm and /proc/net/ip_vs)', () => {
  const dirs: string[] = [];
  afterEach(() => {
    // An ipvsadm -R that was waiting when its editor was killed may still be ending.
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true, maxRetries: 5 });
  });
  const director = (table: string[]) => fakeDirector(dirs, table);
  const editOf = (...changes: ResourceChange[]): QuickEdit => {
    const p = planQuickEdits(changes, providerBuilders, svcOf, fewDestinations);
    if (!p.ok) throw new Error(p.why);
    return p.edits[0]!;
  };

  it('applies the -e lines when every line is as assumed, in one process for many edits, and leaves the lock free', async () => {
    const h = director([LINE01, LINE02]);
    const editor = new QuickEditor('lvsplan watch, pid 1 on ops', providerBuilders, h.lock, h.proc);
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
    const editor = new QuickEditor('watch', providerBuilders, h.lock, h.proc);
    try {
      const both = [weightChange('lvs01', 1, 0), weightChange('lvs02', 1, 0)];
      const out = await editor.edit(h.runner, editOf(...both), 5000);
      expect(out).toMatchObject({ status: 'moved', change: both[1] });
      expect(h.restored()).toBe('');
      expect(h.table()).toContain(LINE01);
      // A line that is only the start of another (weight 1 vs 10) does not pass for it.
      const h10 = director([LINE01.replace('-w 1', '-w 10')]);
      const editor10 = new QuickEditor('watch', providerBuilders, h10.lock, h10.proc);
      try {
        expect(await editor10.edit(h10.runner, editOf(weightChange('lvs01', 1, 0)), 5000)).toMatchObject({ status: 'moved' });
        expect(await editor10.edit(h10.runner, { ...editOf(weightChange('lvs01', 1, 0)), read: 'ipvsadm' }, 5000)).toMatchObject({ status: 'moved' });
      } finally {
        await editor10.close();
      }
      expect(h10.restored()).toBe('');
    } finally {
      await editor.close();
    }
  });

  it('waits for an apply that holds the lock and then applies; names it when the wait runs out', async () => {
    const h = director([LINE01, LINE02]);
    const editor = new QuickEditor('watch', providerBuilders, h.lock, h.proc);
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
    const editor = new QuickEditor('watch', providerBuilders, h.lock, h.proc);
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
    const editor = new QuickEditor('watch', providerBuilders, join(h.dir, 'missing', 'lvsplan.lock'), h.proc);
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
    writeFileSync(join(h.dir, 'ipvsadm'), `#!/bin/sh\ncase "$1" in -R) cat >/dev/null; echo 'Memory allocation problem' >&2; exit 1 ;; esac\n`);
    const editor = new QuickEditor('watch', providerBuilders, h.lock, h.proc);
    try {
      const c = weightChange('lvs01', 1, 0);
      const out = await editor.edit(h.runner, editOf(c), 5000);
      expect(out.status).toBe('applied');
      if (out.status === 'applied') expect(out.failed.get(c)).toContain('Memory allocation problem');
    } finally {
      await editor.close();
    }
  });
  const until = async (what: string, pred: () => boolean): Promise<void> => {
    for (let i = 0; i < 100 && !pred(); i++) await new Promise((r) => setTimeout(r, 50));
    expect(pred(), what).toBe(true);
  };

  it('reads the table from /proc/net/ip_vs (no program) and has the next ipvsadm -R waiting before an edit comes', async () => {
    const h = director([LINE01, LINE02]);
    const editor = new QuickEditor('watch', providerBuilders, h.lock, h.proc);
    try {
      await editor.prepare('lvs-dr', h.runner);
      await until('an ipvsadm -R waits', () => h.calls().length === 1);
      expect(h.calls()).toEqual(['-R']);
      expect(await editor.edit(h.runner, editOf(weightChange('lvs02', 1, 0)), 5000)).toMatchObject({ status: 'applied', failed: new Map() });
      expect(h.table()).toContain(LINE02.replace('-w 1', '-w 0'));
      // The edit started no ipvsadm of its own: the compare read /proc, the restore was the waiting one; the next waits.
      await until('the next ipvsadm -R waits', () => h.calls().length === 2);
      expect(h.calls()).toEqual(['-R', '-R']);
      // The ipvsadm read (tunnels, IPv6, fwmarks, large tables) runs ipvsadm -Sn.
      expect(await editor.edit(h.runner, { ...editOf(weightChange('lvs02', 0, 1)), read: 'ipvsadm' }, 5000)).toMatchObject({ status: 'applied' });
      expect(h.calls().slice(0, 3)).toEqual(['-R', '-R', '-Sn']);
      expect(h.table()).toContain(LINE02);
      expect(h.runner.starts).toBe(1);
    } finally {
      await editor.close();
    }
  });

  it('replaces a waiting ipvsadm -R that ended (it could not start) before writing the lines to it', async () => {
    const h = director([LINE01]);
    writeFileSync(join(h.dir, 'fail-once'), '');
    const editor = new QuickEditor('watch', providerBuilders, h.lock, h.proc);
    try {
      await editor.prepare('lvs-dr', h.runner);
      await until('the first ipvsadm -R failed', () => !existsSync(join(h.dir, 'fail-once')));
      await new Promise((r) => setTimeout(r, 200));
      expect(await editor.edit(h.runner, editOf(weightChange('lvs01', 1, 0)), 5000)).toMatchObject({ status: 'applied', failed: new Map() });
      expect(h.restored()).toBe(`${LINE01.replace('-a', '-e').replace('-w 1', '-w 0 -x 0 -y 0')}\n`);
    } finally {
      await editor.close();
    }
  });

  it("compares a destination under its own service in /proc/net/ip_vs: another service's line for the same server does not pass for it", async () => {
    const h = director([LINE01]);
    const proc = join(h.dir, 'ip_vs.static');
    const table = (tcpWeight: number, forward = 'Route') => writeFileSync(proc, [
      'IP Virtual Server version 1.2.1 (size=4096)', 'Prot LocalAddress:Port Scheduler Flags', '  -> RemoteAddress:Port Forward Weight ActiveConn InActConn',
      'UDP  [2001:0db8:0000:0000:0000:0000:0000:0001]:0050 rr ', '  -> [2001:0db8:0000:0000:0000:0000:0000:000a]:0050      Masq    1      0          0         ',
      'TCP  C0A87A32:0050 rr ', `  -> C0A87A0A:0050      ${forward.padEnd(7)} ${String(tcpWeight).padEnd(6)} 3          12        `,
      'FWM  0000000A rr ', '  -> C0A87A0A:0050      Route   1      0          0         ', '',
    ].join('\n'));
    const editor = new QuickEditor('watch', providerBuilders, h.lock, proc);
    try {
      table(5);
      expect(await editor.edit(h.runner, editOf(weightChange('lvs01', 1, 0)), 5000)).toMatchObject({ status: 'moved' });
      expect(h.restored()).toBe('');
      // Local forwarding is printed -g by ipvsadm -Sn, as here.
      table(1, 'Local');
      expect(await editor.edit(h.runner, editOf(weightChange('lvs01', 1, 0)), 5000)).toMatchObject({ status: 'applied', failed: new Map() });
      rmSync(proc);
      expect(await editor.edit(h.runner, editOf(weightChange('lvs01', 1, 0)), 5000)).toMatchObject({ status: 'failed', error: expect.stringContaining(`cannot read ${proc}`) });
      expect(h.calls().filter((c) => c === '-Sn')).toEqual([]);
    } finally {
      await editor.close();
    }
  });
  it('takes the lock ahead of an edit being planned: held until the edit, which applies and lets go of it; or until unlock', async () => {
    const h = director([LINE01, LINE02]);
    const editor = new QuickEditor('lvsplan watch, pid 1 on ops', providerBuilders, h.lock, h.proc);
    const tryLock = async () => {
      const other = await acquireHostLock({ runner: new LocalRunner(), token: 'cccc', holder: 'an apply', timeoutMs: 0, lockPath: h.lock });
      if (other.ok) await other.lock.release();
      return other;
    };
    try {
      await editor.lockAhead('lvs-dr', h.runner, 5000);
      await until('the lock is held ahead', () => h.lockText() === 'lvsplan watch, pid 1 on ops\n');
      expect(await tryLock()).toMatchObject({ ok: false });
      expect(await editor.edit(h.runner, editOf(weightChange('lvs02', 1, 0)), 5000)).toMatchObject({ status: 'applied', failed: new Map() });
      expect(h.table()).toContain(LINE02.replace('-w 1', '-w 0'));
      expect(h.lockText()).toBe('');
      expect(await tryLock()).toMatchObject({ ok: true });
      // A plan that needs no quick edit there after all: unlock.
      await editor.lockAhead('lvs-dr', h.runner, 5000);
      await until('the lock is held ahead again', () => h.lockText() !== '');
      await editor.release('lvs-dr', h.runner);
      await until('the lock is let go', () => h.lockText() === '');
      expect(await tryLock()).toMatchObject({ ok: true });
      expect(h.restored().split('\n').filter(Boolean)).toHaveLength(1);
      expect(h.runner.starts).toBe(1);
    } finally {
      await editor.close();
    }
  });

  it('lets go of a lock taken ahead when no edit comes within its hold, and when it ends', async () => {
    const h = director([LINE01]);
    const editor = new QuickEditor('watch', providerBuilders, h.lock, h.proc, 1);
    try {
      await editor.lockAhead('lvs-dr', h.runner, 5000);
      await until('the lock is held ahead', () => h.lockText() !== '');
      const held = Date.now();
      await until('the hold ran out', () => h.lockText() === '');
      expect(Date.now() - held).toBeGreaterThanOrEqual(700);
      const other = await acquireHostLock({ runner: new LocalRunner(), token: 'dddd', holder: 'apply', timeoutMs: 0, lockPath: h.lock });
      expect(other).toMatchObject({ ok: true });
      if (other.ok) await other.lock.release();
    } finally {
      await editor.close();
    }
    // Ended while it holds a lock taken ahead (the watch stopped): the lock is free and its file empty.
    const editor2 = new QuickEditor('watch', providerBuilders, h.lock, h.proc);
    await editor2.lockAhead('lvs-dr', h.runner, 5000);
    await until('the lock is held ahead', () => h.lockText() !== '');
    await editor2.close();
    expect(h.lockText()).toBe('');
  });

  it('a lock taken ahead that stays busy answers its edit busy, naming the holder, without a second wait', async () => {
    const h = director([LINE01]);
    const editor = new QuickEditor('watch', providerBuilders, h.lock, h.proc);
    const human = await acquireHostLock({ runner: new LocalRunner(), token: 'eeee', holder: 'pid 9 on ops, an apply', timeoutMs: 1000, lockPath: h.lock });
    try {
      await editor.lockAhead('lvs-dr', h.runner, 1000);
      expect(await editor.edit(h.runner, editOf(weightChange('lvs01', 1, 0)), 1000)).toMatchObject({ status: 'busy', holder: 'pid 9 on ops, an apply' });
      if (human.ok) await human.lock.release();
      expect(await editor.edit(h.runner, editOf(weightChange('lvs01', 1, 0)), 1000)).toMatchObject({ status: 'applied' });
      // One that stayed busy and whose edit does not come is forgotten at unlock.
      const again = await acquireHostLock({ runner: new LocalRunner(), token: 'ffff', holder: 'another apply', timeoutMs: 1000, lockPath: h.lock });
      await editor.lockAhead('lvs-dr', h.runner, 1000);
      await editor.release('lvs-dr', h.runner);
      if (again.ok) await again.lock.release();
      expect(await editor.edit(h.runner, editOf(weightChange('lvs01', 0, 1)), 1000)).toMatchObject({ status: 'applied' });
    } finally {
      if (human.ok) await human.lock.release();
      await editor.close();
    }
  });
});
