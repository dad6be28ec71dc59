import type { Forwarding, TunnelChecksum, TunnelType } from '../../src/model/schema/index.js';

export type { Forwarding, TunnelChecksum, TunnelType };

/** A destination's thresholds as `ipvsadm -Ln --thresholds` shows them. */
export interface Thresholds {
  upper: number;
  lower: number;
}
