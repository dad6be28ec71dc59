/** The complete attrs of a plain TCP ipvs_service as lvsplan records them (state records are validated in full). */
export function serviceAttrs(address: string, port: number, scheduler = 'rr') {
  return {
    family: 'inet', protocol: 'tcp', address, port, fwmark: null, scheduler, persistent: false,
    persistence_timeout: null, persistence_netmask: null, persistence_engine: null, one_packet: false, scheduler_flags: [],
  };
}
