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
  readonly address: string;
  readonly port: number;
}

/**
 * The destinations of one service: a list read through while it is short (most services have a few
 * destinations, and a Map of ten costs more memory than its lookups save), a Map by address once it is long.
 */
class ServiceDestinations {
  private readonly list: DestinationEntry[] = [];
  /** Each address's entries (one per port), once the list is long. */
  private byAddress: Map<string, DestinationEntry[]> | null = null;

  find(address: string, port: number): DestinationEntry | undefined {
    const candidates = this.byAddress === null ? this.list : this.byAddress.get(address);
    if (candidates !== undefined) for (const e of candidates) if (e.port === port && e.address === address) return e;
    return undefined;
  }

  add(address: string, port: number): DestinationEntry {
    const e: DestinationEntry = { named: undefined, observed: undefined, recorded: undefined, address, port };
    this.list.push(e);
    if (this.byAddress !== null) addByAddress(this.byAddress, e);
    else if (this.list.length > LIST_MAX) {
      this.byAddress = new Map();
      for (const x of this.list) addByAddress(this.byAddress, x);
    }
    return e;
  }
}

/** Destinations of one service read through as a list; more go in a Map. */
const LIST_MAX = 16;

function addByAddress(byAddress: Map<string, DestinationEntry[]>, e: DestinationEntry): void {
  const same = byAddress.get(e.address);
  if (same === undefined) byAddress.set(e.address, [e]);
  else same.push(e);
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
  readonly byService = new RecentMap<string, ServiceDestinations>();
}

const newMap = <K, V>(): Map<K, V> => new Map<K, V>();
const newHost = (): HostEntries => new HostEntries();
const newService = (): ServiceDestinations => new ServiceDestinations();

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
    return this.hosts.at(host)?.byService.at(d.service)?.find(d.address, d.port);
  }

  /** The entry of the object `r` (configured, observed or recorded) on `host`, made empty when there is none yet. */
  entry(host: string, r: Indexed): Joined {
    const entries = this.hosts.at(host, newHost)!;
    if (r.type === 'ipvs_destination') {
      const d = r.attrs as DestinationKey;
      const service = entries.byService.at(d.service, newService)!;
      return service.find(d.address, d.port) ?? service.add(d.address, d.port);
    }
    const ids = entries.byType.at(r.type, newMap)!;
    let e = ids.get(r.id);
    if (e === undefined) ids.set(r.id, (e = { named: undefined, observed: undefined, recorded: undefined }));
    return e;
  }
}
