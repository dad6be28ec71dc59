import type { AttrsOf, DesiredResource, ResourceInstance, ResourceType } from '../model/resource.js';
import type { ManagedEntry } from '../model/state-record.js';
import { DestinationList } from '../model/destination-list.js';
import { DesiredDestination } from '../model/desired-destination.js';
import { RecentMap } from '../model/recent-map.js';

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

/** The entries of one service's destinations. */
class ServiceDestinations extends DestinationList<DestinationEntry> {
  protected addressOf(e: DestinationEntry): string {
    return e.address;
  }
  protected portOf(e: DestinationEntry): number {
    return e.port;
  }
}

/** One object as each side gives it: a destination is found by the service, address and port its attributes name (model/identity.ts). */
type Indexed = Pick<ResourceInstance | ManagedEntry, 'type' | 'id' | 'attrs'>;
type DestinationKey = Pick<AttrsOf<'ipvs_destination'>, 'service' | 'address' | 'port'>;

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
    // A configured destination (and one read as configured) is found without making its attributes.
    if (r instanceof DesiredDestination) return this.destinationEntry(host, r.service, r.shared.attrs.address, r.shared.attrs.port);
    if (r.type === 'ipvs_destination') {
      const d = r.attrs as DestinationKey;
      return this.destinationEntry(host, d.service, d.address, d.port);
    }
    const entries = this.hosts.at(host, newHost)!;
    const ids = entries.byType.at(r.type, newMap)!;
    let e = ids.get(r.id);
    if (e === undefined) ids.set(r.id, (e = { named: undefined, observed: undefined, recorded: undefined }));
    return e;
  }

  private destinationEntry(host: string, serviceId: string, address: string, port: number): Joined {
    const service = this.hosts.at(host, newHost)!.byService.at(serviceId, newService)!;
    return service.find(address, port) ?? service.add({ named: undefined, observed: undefined, recorded: undefined, address, port });
  }
}
