import type { HostRole } from '../model/hosts.js';
import type { ResourceType } from '../model/resource.js';
import type { Action, ActionReason } from './types.js';

/**
 * Cross-host ordering. Every ResourceChange gets one phase; apply runs phases in ascending order
 * (hosts in parallel within a phase). Creates and edits come first, removals after them, so a
 * replaced backend set never leaves a service with an empty pool.
 *
 * | phase | what                                                                           | why                                           |
 * |-------|--------------------------------------------------------------------------------|-----------------------------------------------|
 * | 1     | create/update sysctls (any host); create real-server addresses (lo/tunl0 VIP)  | real servers must not answer ARP for the VIP  |
 * | 2     | create/update/replace ipvs_service                                             | destinations need their service               |
 * | 3     | create/update/replace ipvs_destination                                         | backends ready before the VIP is answered     |
 * | 4     | create/replace director addresses (the VIP)                                    | VIP bound last, once backends exist           |
 * | 5     | delete ipvs_destination (drained to weight 0 first)                            | connections finish before removal             |
 * | 6     | delete ipvs_service                                                            | after its destinations are gone               |
 * | 7     | delete director addresses                                                      | VIP unbound once nothing serves it            |
 * | 8     | delete real-server addresses; restore sysctls                                  | real servers stay ARP-safe until traffic ends |
 *
 * No-op changes take the phase they would have as a create; apply does nothing for them.
 */
export const PHASES = {
  prepare: 1,
  service: 2,
  destination: 3,
  directorAddress: 4,
  drainDestination: 5,
  removeService: 6,
  removeDirectorAddress: 7,
  removeRealServerPrep: 8,
} as const;

export function isRemoval(action: Action, reason: ActionReason | undefined): boolean {
  return action === 'delete' || reason === 'restore_because_no_resource_config';
}

export function phaseOf(
  type: ResourceType,
  role: HostRole,
  action: Action,
  reason?: ActionReason,
): number {
  const removal = isRemoval(action, reason);
  switch (type) {
    case 'sysctl':
      return removal ? PHASES.removeRealServerPrep : PHASES.prepare;
    case 'ipvs_service':
      return removal ? PHASES.removeService : PHASES.service;
    case 'ipvs_destination':
      return removal ? PHASES.drainDestination : PHASES.destination;
    case 'address':
      if (role === 'director') return removal ? PHASES.removeDirectorAddress : PHASES.directorAddress;
      return removal ? PHASES.removeRealServerPrep : PHASES.prepare;
  }
}
