import type { ResourceType } from '../model/resource.js';
import type { Action } from '../plan/types.js';
import type { JsonAction } from './json-plan-types.js';

/** A change's actions as the JSON plan lists them. */
export const ACTIONS: Readonly<Record<Action, readonly JsonAction[]>> = {
  'no-op': ['no-op'],
  create: ['create'],
  update: ['update'],
  delete: ['delete'],
  replace: ['delete', 'create'],
};

/** A replacement under a new identity: created first, the old object deleted after. */
export const CREATE_THEN_DELETE: readonly JsonAction[] = ['create', 'delete'];

export const PROVIDERS: Readonly<Record<ResourceType, string>> = {
  ipvs_service: 'lvsplan/ipvs',
  ipvs_destination: 'lvsplan/ipvs',
  address: 'lvsplan/address',
  sysctl: 'lvsplan/sysctl',
};

/** The last label of an address: `web` for virtual_server.web, `lvs01` for ...backend["lvs01"]. */
export function nameOf(address: string): string {
  if (address.endsWith('"]')) {
    const open = address.lastIndexOf('["');
    if (open >= 0) {
      const quoted = address.slice(open + 2, -2);
      // Without a backslash the label is the quoted text itself (what JSON.parse gives, or the fallback when it refuses it).
      if (!quoted.includes('\\')) return quoted;
      try {
        return JSON.parse(`"${quoted}"`) as string;
      } catch {
        return quoted;
      }
    }
  }
  return address.slice(address.lastIndexOf('.') + 1);
}
