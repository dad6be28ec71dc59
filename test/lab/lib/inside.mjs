import { readFileSync } from 'node:fs';

// Where the lab keeps its own files inside the VM (on the shared overlay, visible to every host).
export const LAB_ROOT = '/lab';

// The sysctls lab.reset() restores to their values at topology creation.
export const SNAPSHOT_PATTERN = '^net\\.ipv4\\.(vs\\.|ip_forward$|conf\\.(all|default|lo|eth0)\\.arp_)|^net\\.ipv6\\.conf\\.(all|default)\\.forwarding$';

export function readUptime() {
  return Number(readFileSync('/proc/uptime', 'utf8').split(' ')[0]);
}
