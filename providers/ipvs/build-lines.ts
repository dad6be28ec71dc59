import { formatAddrPort, parseIpAddress, type Family } from '../../src/model/ip-address.js';
import type { Attrs } from '../../src/model/resource.js';
import { IPVS_DESTINATION as D, IPVS_SERVICE as S, validateAttrs, type IpvsDestinationAttrs, type IpvsServiceAttrs } from '../../src/model/schema/index.js';
import { ok, refuse, type Built } from '../result.js';
import { ipvsServiceId } from './service-id.js';

/**
 * Lines for an `ipvsadm -R` batch (no leading "ipvsadm", no comments). -E and -e lines always carry
 * the complete attribute set, because ipvsadm resets every omitted field to its default
 * (ipvs-reference §3.1). Attributes are checked against their schema first, so anything ipvsadm
 * would refuse or misread is refused here instead. Who has checked them already (a state record's
 * reader checks each entry once) builds from the checked forms: checkService, checkedServiceAddLine,
 * checkedDestinationAddLine.
 */
export interface CheckedService {
  attrs: IpvsServiceAttrs;
  /** The service's part of each of its lines and its destinations' (`-t 10.0.0.1:80`, `-f 7 -6`). */
  designation: string;
  id: string;
}

/** The service's attributes checked against the schema, with what its lines are made of; or why they are not valid. */
export function checkService(attrs: Attrs): CheckedService | string {
  const problem = validateAttrs('ipvs_service', attrs);
  if (problem) return problem;
  const a = attrs as IpvsServiceAttrs;
  const designation =
    a.fwmark !== null
      ? a.family === 'inet6' ? `${S.fwmark.option} ${a.fwmark} -6` : `${S.fwmark.option} ${a.fwmark}`
      : `${S.protocol.options[a.protocol!]} ${formatAddrPort(a.address!, a.port!)}`;
  return { attrs: a, designation, id: ipvsServiceId(a) };
}

function serviceOptions(a: IpvsServiceAttrs): string[] {
  const out: string[] = [S.scheduler.option, a.scheduler];
  if (a.persistent) out.push(S.persistence_timeout.option, String(a.persistence_timeout));
  if (a.persistence_netmask !== null) out.push(S.persistence_netmask.option, a.persistence_netmask);
  if (a.persistence_engine !== null) out.push(S.persistence_engine.option, a.persistence_engine);
  if (a.one_packet) out.push(S.one_packet.option);
  if (a.scheduler_flags.length > 0) out.push(S.scheduler_flags.option, a.scheduler_flags.join(','));
  return out;
}

function serviceLine(command: '-A' | '-E', attrs: Attrs): Built<string> {
  const s = checkService(attrs);
  return typeof s === 'string' ? refuse(s) : ok(checkedServiceLine(command, s));
}

function checkedServiceLine(command: '-A' | '-E', s: CheckedService): string {
  return `${command} ${s.designation} ${serviceOptions(s.attrs).join(' ')}`;
}

/** serviceAddLine of a checked service. */
export function checkedServiceAddLine(s: CheckedService): string {
  return checkedServiceLine('-A', s);
}

export function serviceAddLine(attrs: Attrs): Built<string> {
  return serviceLine('-A', attrs);
}

export function serviceEditLine(attrs: Attrs): Built<string> {
  return serviceLine('-E', attrs);
}

export function serviceDeleteLine(attrs: Attrs): Built<string> {
  const s = checkService(attrs);
  return typeof s === 'string' ? refuse(s) : ok(`-D ${s.designation}`);
}

/** The destination's attributes, checked against the schema and against the service it belongs to. */
function destination(svcAttrs: Attrs, destAttrs: Attrs): { svc: CheckedService; d: IpvsDestinationAttrs } | string {
  const svc = checkService(svcAttrs);
  if (typeof svc === 'string') return svc;
  const problem = validateAttrs('ipvs_destination', destAttrs);
  if (problem) return problem;
  const d = destAttrs as IpvsDestinationAttrs;
  return destinationOfServiceProblem(svc, d) ?? { svc, d };
}

/** Why a destination whose attributes are valid cannot belong to the checked service (ipvsadm's rules between the two), or null. */
function destinationOfServiceProblem(svc: CheckedService, d: IpvsDestinationAttrs): string | null {
  if (d.service !== svc.id) return `destination belongs to ${JSON.stringify(d.service)}, not ${svc.id}`;
  const family: Family = parseIpAddress(d.address)!.family;
  if (family !== svc.attrs.family && d.forwarding !== 'tunnel') return 'a destination of another address family needs forwarding = tunnel';
  if (svc.attrs.fwmark === null && d.forwarding !== 'nat' && d.port !== svc.attrs.port) {
    return `with ${d.forwarding} forwarding the destination port must equal the service port ${svc.attrs.port}`;
  }
  return null;
}

/** With thresholds for -R input; without them as `ipvsadm -S` prints a destination (it never prints -x/-y). */
function destinationOptions(d: IpvsDestinationAttrs, thresholds: boolean): string[] {
  const out: string[] = [D.forwarding.options[d.forwarding], D.weight.option, String(d.weight)];
  if (thresholds) out.push(D.upper_threshold.option, String(d.upper_threshold), D.lower_threshold.option, String(d.lower_threshold));
  if (d.tunnel_type === null) return out;
  out.push(D.tunnel_type.option, d.tunnel_type);
  if (d.tunnel_port !== null) out.push(D.tunnel_port.option, String(d.tunnel_port));
  if (d.tunnel_checksum !== null) out.push(D.tunnel_checksum.options[d.tunnel_checksum]);
  return out;
}

function destinationLine(command: '-a' | '-e' | '-d', svcAttrs: Attrs, destAttrs: Attrs, thresholds = true): Built<string> {
  const x = destination(svcAttrs, destAttrs);
  return typeof x === 'string' ? refuse(x) : ok(checkedDestinationLine(command, x.svc, x.d, thresholds));
}

function checkedDestinationLine(command: '-a' | '-e' | '-d', svc: CheckedService, d: IpvsDestinationAttrs, thresholds: boolean): string {
  const head = `${command} ${svc.designation} ${D.address.option} ${formatAddrPort(d.address, d.port)}`;
  return command === '-d' ? head : `${head} ${destinationOptions(d, thresholds).join(' ')}`;
}

/** destinationAddLine of a destination whose attributes are valid (validateAttrs), against a checked service. */
export function checkedDestinationAddLine(svc: CheckedService, d: IpvsDestinationAttrs): Built<string> {
  const problem = destinationOfServiceProblem(svc, d);
  return problem ? refuse(problem) : ok(checkedDestinationLine('-a', svc, d, true));
}

export function destinationAddLine(svcAttrs: Attrs, destAttrs: Attrs): Built<string> {
  return destinationLine('-a', svcAttrs, destAttrs);
}

export function destinationEditLine(svcAttrs: Attrs, destAttrs: Attrs): Built<string> {
  return destinationLine('-e', svcAttrs, destAttrs);
}

/** The destination's line exactly as `ipvsadm -Sn` prints it (ipvs-reference §1.4): what a compare-and-swap looks for. */
export function destinationSavedLine(svcAttrs: Attrs, destAttrs: Attrs): Built<string> {
  return destinationLine('-a', svcAttrs, destAttrs, false);
}

export function destinationDeleteLine(svcAttrs: Attrs, destAttrs: Attrs): Built<string> {
  return destinationLine('-d', svcAttrs, destAttrs);
}
