import { readFileSync } from 'node:fs';

// Where the lab keeps its own files inside the VM (on the shared overlay, visible to every host).
export const LAB_ROOT = '/lab';

// The sysctls lab.reset() restores to their values at topology creation, as /proc/sys globs
// (read by one grep per host: a `sysctl -a` per host costs seconds under TCG).
export const SNAPSHOT_GLOBS = [
  'net/ipv4/vs/*',
  'net/ipv4/ip_forward',
  'net/ipv4/conf/{all,default,lo,eth0}/arp_*',
  'net/ipv6/conf/{all,default}/forwarding',
];

export function readUptime() {
  return Number(readFileSync('/proc/uptime', 'utf8').split(' ')[0]);
}
