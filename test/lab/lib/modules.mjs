// Kernel modules the lab VM loads at boot; their dependencies come from modules.dep.
export const REQUIRED_MODULES = [
  'crc32c_generic', // soft dependency of libcrc32c: without it ip_vs fails with "unknown symbol"
  'virtio_pci',
  '9pnet_virtio',
  '9p',
  'overlay',
  'ip_vs',
  'ip_vs_rr', 'ip_vs_wrr', 'ip_vs_lc', 'ip_vs_wlc', 'ip_vs_lblc', 'ip_vs_lblcr', 'ip_vs_dh',
  'ip_vs_sh', 'ip_vs_sed', 'ip_vs_nq', 'ip_vs_fo', 'ip_vs_ovf', 'ip_vs_mh',
  'ip_vs_pe_sip',
  'veth',
  'bridge',
  'dummy',
  'ipip',
  'tunnel4',
  'ip_tunnel',
  'ip_gre',
];

// Loaded when the kernel package has them (ip_vs_twos is newer than Debian 12's kernel).
export const OPTIONAL_MODULES = [
  'ip_vs_twos',
  'ip_vs_ftp',
  'fou',
  'fou6',
  'nf_tables',
  'nft_compat',
  'xt_mark',
  'iptable_mangle',
  'ip6table_mangle',
];
