import { describe, expect, it } from 'vitest';
import { PHASES, phaseOf } from '../../src/plan/ordering.js';
import { REPLACING_ATTRS } from '../../src/model/schema/index.js';
import { replacePaths } from '../../src/plan/replace-rules.js';

describe('phaseOf: the ordering table', () => {
  const cases: [Parameters<typeof phaseOf>, number][] = [
    [['sysctl', 'realserver', 'update'], PHASES.prepare],
    [['sysctl', 'director', 'update'], PHASES.prepare],
    [['address', 'realserver', 'create'], PHASES.prepare],
    [['address', 'realserver', 'replace'], PHASES.prepare],
    [['ipvs_service', 'director', 'create'], PHASES.service],
    [['ipvs_service', 'director', 'update'], PHASES.service],
    [['ipvs_destination', 'director', 'create'], PHASES.destination],
    [['ipvs_destination', 'director', 'update'], PHASES.destination],
    [['address', 'director', 'create'], PHASES.directorAddress],
    [['ipvs_destination', 'director', 'delete'], PHASES.drainDestination],
    [['ipvs_service', 'director', 'delete'], PHASES.removeService],
    [['address', 'director', 'delete'], PHASES.removeDirectorAddress],
    [['address', 'realserver', 'delete'], PHASES.removeRealServerPrep],
    [['sysctl', 'realserver', 'update', 'restore_because_no_resource_config'], PHASES.removeRealServerPrep],
  ];
  it.each(cases)('%j -> %i', (args, phase) => {
    expect(phaseOf(...args)).toBe(phase);
  });

  it('creates run in the order prep, service, destinations, VIP and removals in the reverse', () => {
    const create = [PHASES.prepare, PHASES.service, PHASES.destination, PHASES.directorAddress];
    const remove = [PHASES.drainDestination, PHASES.removeService, PHASES.removeDirectorAddress, PHASES.removeRealServerPrep];
    expect([...create, ...remove]).toEqual([...create, ...remove].sort((a, b) => a - b));
    expect(new Set([...create, ...remove]).size).toBe(8);
  });
});

describe('replace rules', () => {
  it('only identity-like attributes force replacement', () => {
    expect(replacePaths('ipvs_service', ['scheduler', 'port'])).toEqual(['port']);
    expect(replacePaths('ipvs_destination', ['weight', 'forwarding', 'tunnel_type'])).toEqual([]);
    expect(replacePaths('address', ['prefix_length'])).toEqual(['prefix_length']);
    expect(replacePaths('sysctl', ['value'])).toEqual([]);
    expect(Object.keys(REPLACING_ATTRS).sort()).toEqual(['address', 'ipvs_destination', 'ipvs_service', 'sysctl']);
  });
});
