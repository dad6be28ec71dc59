import type { AttrsOf, DesiredResource, ResourceInstance, ResourceType } from '../model/resource.js';
import type { ManagedEntry } from '../model/state-record.js';

/** What the plan knows of one object (host, type, id): as configured, as found on the host, as its state record lists it. */
export interface Joined {
  named?: DesiredResource;
  observed?: ResourceInstance;
  recorded?: ManagedEntry;
}

/** A destination's entry, found by its address and port within its service's entries. */
interface DestinationEntry extends Joined {
  readonly port: number;
  /** The entry of the same address on another port of the same service. */
  otherPort: DestinationEntry | undefined;
}

/** One object as each side gives it: a destination is found by the service, address and port its attributes name (model/identity.ts). */
type Indexed = Pick<ResourceInstance | ManagedEntry, 'type' | 'id' | 'attrs'>;
type DestinationKey = Pick<AttrsOf<'ipvs_destination'>, 'service' | 'address' | 'port'>;

/** The entries of one host: destinations by service, then address and port; every other object by type, then id. */
class HostEntries {
  readonly byType = new Map<ResourceType, Map<string, Joined>>();
  readonly byService = new Map<string, Map<string, DestinationEntry>>();
  // The ids of the type reached last, and the destinations of the service reached last: consecutive resources mostly share them.
  lastType: ResourceType | null = null;
  lastIds: Map<string, Joined> | undefined = undefined;
  lastService: string | null = null;
  lastDestinations: Map<string, DestinationEntry> | undefined = undefined;

  ids(type: ResourceType, make: boolean): Map<string, Joined> | undefined {
    if (type === this.lastType) return this.lastIds;
    let ids = this.byType.get(type);
    if (ids === undefined) {
      if (!make) return undefined;
      this.byType.set(type, (ids = new Map()));
    }
    this.lastType = type;
    return (this.lastIds = ids);
  }

  destinations(service: string, make: boolean): Map<string, DestinationEntry> | undefined {
    if (service === this.lastService) return this.lastDestinations;
    let byAddress = this.byService.get(service);
    if (byAddress === undefined) {
      if (!make) return undefined;
      this.byService.set(service, (byAddress = new Map()));
    }
    this.lastService = service;
    return (this.lastDestinations = byAddress);
  }
}

/**
 * One Joined per (host, type, id), found without building or hashing an id: a destination (nearly all
 * of a large director's objects) by its service id, then its address and port, read from its attributes,
 * which are strings shared by many objects; any other object by its id. The configured, observed and
 * recorded sides of an object share its entry, so the planner pairs them without lookups.
 */
export class ResourceIndex {
  private readonly hosts = new Map<string, HostEntries>();
  // The host reached last: consecutive resources mostly share it.
  private lastHost: string | null = null;
  private lastEntries: HostEntries | undefined = undefined;

  /** The entry of an object other than a destination. */
  get(host: string, type: Exclude<ResourceType, 'ipvs_destination'>, id: string): Joined | undefined {
    return this.host(host, false)?.ids(type, false)?.get(id);
  }

  /** The entry of the destination at address:port of service `service` (its id). */
  destination(host: string, d: DestinationKey): Joined | undefined {
    return findPort(this.host(host, false)?.destinations(d.service, false)?.get(d.address), d.port);
  }

  /** The entry of the object `r` (configured, observed or recorded) on `host`, made empty when there is none yet. */
  entry(host: string, r: Indexed): Joined {
    const entries = this.host(host, true)!;
    if (r.type === 'ipvs_destination') return destinationEntry(entries, r.attrs as DestinationKey);
    const ids = entries.ids(r.type, true)!;
    let e = ids.get(r.id);
    if (e === undefined) ids.set(r.id, (e = { named: undefined, observed: undefined, recorded: undefined }));
    return e;
  }

  private host(host: string, make: boolean): HostEntries | undefined {
    if (host === this.lastHost) return this.lastEntries;
    let entries = this.hosts.get(host);
    if (entries === undefined) {
      if (!make) return undefined;
      this.hosts.set(host, (entries = new HostEntries()));
    }
    this.lastHost = host;
    return (this.lastEntries = entries);
  }
}

function destinationEntry(entries: HostEntries, d: DestinationKey): Joined {
  const byAddress = entries.destinations(d.service, true)!;
  const first = byAddress.get(d.address);
  const found = findPort(first, d.port);
  if (found !== undefined) return found;
  const e: DestinationEntry = { named: undefined, observed: undefined, recorded: undefined, port: d.port, otherPort: first };
  byAddress.set(d.address, e);
  return e;
}

function findPort(e: DestinationEntry | undefined, port: number): DestinationEntry | undefined {
  while (e !== undefined && e.port !== port) e = e.otherPort;
  return e;
}
