/**
 * The director sysctls import reads, with the kernel's defaults (Linux 6.1, Documentation/networking/
 * ipvs-sysctl.rst). A value other than the default is reported as a setting of the director.
 * Omitted: sync_qlen_max (sized from memory), est_* (newer kernels), debug_level (debug builds).
 */
export const DIRECTOR_SYSCTL_DEFAULTS: Readonly<Record<string, string>> = {
  'net.ipv4.ip_forward': '0',
  'net.ipv6.conf.all.forwarding': '0',
  'net.ipv4.vs.am_droprate': '10',
  'net.ipv4.vs.amemthresh': '1024',
  'net.ipv4.vs.backup_only': '0',
  'net.ipv4.vs.cache_bypass': '0',
  'net.ipv4.vs.conn_reuse_mode': '1',
  'net.ipv4.vs.conntrack': '0',
  'net.ipv4.vs.drop_entry': '0',
  'net.ipv4.vs.drop_packet': '0',
  'net.ipv4.vs.expire_nodest_conn': '0',
  'net.ipv4.vs.expire_quiescent_template': '0',
  'net.ipv4.vs.ignore_tunneled': '0',
  'net.ipv4.vs.nat_icmp_send': '0',
  'net.ipv4.vs.pmtu_disc': '1',
  'net.ipv4.vs.run_estimation': '1',
  'net.ipv4.vs.schedule_icmp': '0',
  'net.ipv4.vs.secure_tcp': '0',
  'net.ipv4.vs.sloppy_sctp': '0',
  'net.ipv4.vs.sloppy_tcp': '0',
  'net.ipv4.vs.snat_reroute': '1',
  'net.ipv4.vs.sync_persist_mode': '0',
  'net.ipv4.vs.sync_ports': '1',
  'net.ipv4.vs.sync_refresh_period': '0',
  'net.ipv4.vs.sync_retries': '0',
  'net.ipv4.vs.sync_sock_size': '0',
  'net.ipv4.vs.sync_threshold': '3 50',
  'net.ipv4.vs.sync_version': '1',
};
