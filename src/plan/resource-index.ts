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

/** A Map that remembers the key reached last: consecutive resources mostly share their host, type and service. */
class RecentMap<K, V> {
  private readonly map = new Map<K, V>();
  private lastKey: K | undefined = undefined;
  private lastValue: V | undefined = undefined;

  /** The value at `key`; made by `make` when there is none and `make` is given. */
  at(key: K, make?: () => V): V | undefined {
    if (key === this.lastKey && this.lastValue !== undefined) return this.lastValue;
    let value = this.map.get(key);
    if (value === undefined) {
      if (make === undefined) return undefined;
      this.map.set(key, (value = make()));
    }
    this.lastKey = key;
    return (this.lastValue = value);
  }
}

/** The entries of one host: destinations by service id, then address (and port); every other object by type, then id. */
class HostEntries {
  readonly byType = new RecentMap<ResourceType, Map<string, Joined>>();
  readonly byService = new RecentMap<string, Map<string, DestinationEntry>>();
}

const newMap = <K, V>(): Map<K, V> => new Map<K, V>();
const newHost = (): HostEntries => new HostEntries();

/**
 * One Joined per (host, type, id), found without building or hashing an id: a destination (nearly all
 * of a large director's objects) by its service id, then its address and port, read from its attributes,
 * which are strings shared by many objects; any other object by its id. The configured, observed and
 * recorded sides of an object share its entry, so the planner pairs them without lookups.
 */
export class ResourceIndex {
  private readonly hosts = new RecentMap<string, HostEntries>();

  /** The entry of an object other than a destination. */
  get(host: string, type: Exclude<ResourceType, 'ipvs_destination'>, id: string): Joined | undefined {
    return this.hosts.at(host)?.byType.at(type)?.get(id);
  }

  /** The entry of the destination at address:port of service `service` (its id). */
  destination(host: string, d: DestinationKey): Joined | undefined {
    return findPort(this.hosts.at(host)?.byService.at(d.service)?.get(d.address), d.port);
  }

  /** The entry of the object `r` (configured, observed or recorded) on `host`, made empty when there is none yet. */
  entry(host: string, r: Indexed): Joined {
    const entries = this.hosts.at(host, newHost)!;
    if (r.type === 'ipvs_destination') return destinationEntry(entries.byService.at((r.attrs as DestinationKey).service, newMap)!, r.attrs as DestinationKey);
    const ids = entries.byType.at(r.type, newMap)!;
    let e = ids.get(r.id);
    if (e === undefined) ids.set(r.id, (e = { named: undefined, observed: undefined, recorded: undefined }));
    return e;
  }
}

function destinationEntry(byAddress: Map<string, DestinationEntry>, d: DestinationKey): Joined {
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
