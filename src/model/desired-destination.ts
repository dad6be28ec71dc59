import type { Range } from '../hcl/range.js';
import { destinationIdOf } from './identity.js';
import type { AttrsOf, DesiredOf, ResourceOf } from './resource.js';

type Attrs = AttrsOf<'ipvs_destination'>;
/** A destination's attributes but its service's id: the same for every service a backend is part of. */
export type SharedDestinationAttrs = Omit<Attrs, 'service'>;

/** What the destinations of one backend share, whichever service they are of. */
export interface DestinationShared {
  /** The addr:port part of their ids. */
  readonly target: string;
  readonly attrs: SharedDestinationAttrs;
  /** What their addresses add to their service's: .backend["lvs01"]. */
  readonly tail: string;
  readonly declRange: Range;
  readonly realserver: string | undefined;
  readonly sensitive: string[] | undefined;
}

/**
 * A configured destination that holds only what is its own (host, service) and what its backend's destinations share:
 * its id, address and attributes are made when asked for. A large director's 100,000 destinations are read and
 * planned mostly through serviceOf and sharedAttrsOf (the host read, the planner's index, a no-op's comparison), so
 * few of them ever make an id or an attributes object. Never spread it ({...d} has none of the made fields): withAttrs.
 * JSON.stringify gives the plain object.
 */
export class DesiredDestination implements DesiredOf<'ipvs_destination'> {
  readonly type = 'ipvs_destination' as const;
  private made: Attrs | null = null;

  constructor(
    readonly host: string,
    /** The service's id. */
    readonly service: string,
    /** The service's address: virtual_server.web. */
    private readonly serviceAddress: string,
    readonly shared: DestinationShared,
  ) {}

  get id(): string {
    return destinationIdOf(this.service, this.shared.target);
  }

  get address(): string {
    return this.serviceAddress + this.shared.tail;
  }

  get declRange(): Range {
    return this.shared.declRange;
  }

  get realserver(): string | undefined {
    return this.shared.realserver;
  }

  get sensitive(): string[] | undefined {
    return this.shared.sensitive;
  }

  get attrs(): Attrs {
    if (this.made !== null) return this.made;
    const a = this.shared.attrs;
    // Each attribute named, no spread: a spread after `service` copies property by property.
    return (this.made = {
      service: this.service,
      address: a.address,
      port: a.port,
      forwarding: a.forwarding,
      weight: a.weight,
      upper_threshold: a.upper_threshold,
      lower_threshold: a.lower_threshold,
      tunnel_type: a.tunnel_type,
      tunnel_port: a.tunnel_port,
      tunnel_checksum: a.tunnel_checksum,
    });
  }

  /** The same destination with other attributes, as a plain object. */
  withAttrs(attrs: Attrs): DesiredOf<'ipvs_destination'> {
    const r: DesiredOf<'ipvs_destination'> = { host: this.host, type: this.type, id: this.id, address: this.address, declRange: this.declRange, attrs };
    if (this.realserver !== undefined) r.realserver = this.realserver;
    if (this.sensitive !== undefined) r.sensitive = this.sensitive;
    return r;
  }

  /** As JSON, the plain object it stands for. */
  toJSON(): DesiredOf<'ipvs_destination'> {
    return this.withAttrs(this.attrs);
  }
}

/** A destination's service id, without making its attributes. */
export function serviceOf(d: ResourceOf<'ipvs_destination'>): string {
  return d instanceof DesiredDestination ? d.service : d.attrs.service;
}

/** A destination's attributes but the service (the object may have it too), without making them. */
export function sharedAttrsOf(d: ResourceOf<'ipvs_destination'>): SharedDestinationAttrs {
  return d instanceof DesiredDestination ? d.shared.attrs : d.attrs;
}

/** `r` with other attributes (a DesiredDestination's made fields are not its own, so it cannot be spread). */
export function withAttrs<R extends ResourceOf<'ipvs_destination'> | { attrs: unknown }>(r: R, attrs: R['attrs']): R {
  if (r instanceof DesiredDestination) return r.withAttrs(attrs as Attrs) as unknown as R;
  return { ...r, attrs };
}
