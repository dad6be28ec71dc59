import type { ImportedDirector } from './cluster.js';

/** Where converted services go: the director they attach to and the declared real servers they may name. */
export interface ConvertTarget {
  directorName: string;
  /** The declared realserver with this address, or null (an `address =` backend). */
  realserverAt(ip: string): string | null;
  /**
   * The director's settings for services whose VIPs lvsplan must not bind (`why` says who does):
   * a new block when none is declared, else the declared one with bind_vips = false.
   */
  director(why: string): ImportedDirector;
}
