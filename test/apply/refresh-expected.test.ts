import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fingerprintObserved } from '../../providers/host-read.js';
import { refreshHosts } from '../../src/apply/refresh.js';
import type { HostSpec } from '../../src/model/hosts.js';
import type { DesiredResource, ResourceInstance } from '../../src/model/resource.js';
import { ExecRunner } from '../../src/transport/exec-runner.js';
import { IPVS_DESTINATION, isIdentityAttr } from '../../src/model/schema/index.js';

const fixtures = new URL('../fixtures/captured/rich/', import.meta.url).pathname;

/** An exec prefix whose ipvsadm prints the captured rich table (with thresholds) and whose ip prints no address. */
function fakeDirector(): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'lvsplan-expected-'));
  writeFileSync(join(dir, 'ipvsadm'), `#!/bin/sh\ncase "$*" in *thresholds*) exec cat ${fixtures}ipvsadm-Ln-thresholds.txt;; *-S*) exec cat ${fixtures}ipvsadm-Sn.txt;; esac\nexit 0\n`);
  writeFileSync(join(dir, 'ip'), '#!/bin/sh\nexit 0\n');
  writeFileSync(join(dir, 'host'), `#!/bin/sh\nPATH=${dir}:$PATH exec "$@"\n`);
  for (const f of ['ipvsadm', 'ip', 'host']) chmodSync(join(dir, f), 0o755);
  return [join(dir, 'host')];
}

const command = fakeDirector();
const host: HostSpec = { name: 'd', role: 'director', connection: { type: 'exec', command }, exclusive: false };

async function read(desired: readonly DesiredResource[]): Promise<ResourceInstance[]> {
  const r = await refreshHosts({ hosts: [host], desired, runners: new Map([['d', new ExecRunner(command)]]), parallelism: 1 });
  expect(r.diagnostics).toEqual([]);
  return r.hosts[0]!.observed.resources;
}

/** What a read says of each object: its host, type, id and attributes (an object read as configured is the configured object, which says more). */
const said = (read: ResourceInstance[]): string => JSON.stringify(read.map(({ host, type, id, attrs }) => ({ host, type, id, attrs })));

/** The IPVS objects read, as a configuration that wants exactly them (copies: nothing shared with the read). */
const configured = (read: ResourceInstance[]): DesiredResource[] =>
  read.filter((r) => r.type === 'ipvs_service' || r.type === 'ipvs_destination').map((r) => ({ ...r, id: `${r.id}`, address: `x.${r.id}`, attrs: structuredClone(r.attrs) }) as DesiredResource);

describe('a director read beside its configuration', () => {
  it('gives the configured object itself for each object read as configured, its own for the others, with the same values, order and fingerprint', async () => {
    const alone = await read([]);
    const desired = configured(alone);
    const changed = desired.find((d) => d.type === 'ipvs_destination' && d.attrs.upper_threshold === 100)!;
    const changedService = desired.find((d) => d.type === 'ipvs_service' && d.attrs.scheduler === 'lblc')!;
    if (changed.type !== 'ipvs_destination' || changedService.type !== 'ipvs_service') throw new Error('fixture');
    changed.attrs.upper_threshold = 99;
    changedService.attrs.scheduler = 'rr';
    const beside = await read(desired);

    expect(said(beside)).toBe(said(alone));
    expect(fingerprintObserved(beside, null)).toBe(fingerprintObserved(alone, null));
    const byId = new Map(desired.map((d) => [`${d.type} ${d.id}`, d]));
    const shared = beside.filter((r) => byId.get(`${r.type} ${r.id}`) === r);
    expect(shared.length).toBe(desired.length - 2);
    const own = beside.filter((r) => (r.type === 'ipvs_service' || r.type === 'ipvs_destination') && !shared.includes(r));
    expect(own.map((r) => r.id).sort()).toEqual([changed.id, changedService.id].sort());
    expect(own.find((r) => r.id === changed.id)!.attrs).toMatchObject({ upper_threshold: 100, lower_threshold: 50 });
  });

  it('gives a destination an object of its own when any one attribute but those it is found by differs from its configuration', async () => {
    const alone = await read([]);
    const names = Object.keys(IPVS_DESTINATION).filter((n) => !isIdentityAttr('ipvs_destination', n));
    expect(names.length).toBeGreaterThan(5);
    for (const name of names) {
      const desired = configured(alone);
      const changed = desired.find((d) => d.type === 'ipvs_destination')!;
      (changed.attrs as unknown as Record<string, unknown>)[name] = 'not this';
      const beside = await read(desired);
      expect(said(beside), name).toBe(said(alone));
      const r = beside.find((x) => x.type === 'ipvs_destination' && x.id === changed.id)!;
      expect(r, name).not.toBe(changed);
      expect((r.attrs as unknown as Record<string, unknown>)[name], name).not.toBe('not this');
      expect(beside.filter((x) => desired.includes(x as DesiredResource)).length, name).toBe(desired.length - 1);
    }
  });
});
