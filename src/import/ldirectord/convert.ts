import { errorDiag, warningDiag, type Diagnostic } from '../../hcl/diagnostic.js';
import type { Protocol } from '../../model/identity.js';
import type { Forwarding, ImportedBackend, ImportedCluster, ImportedHealthCheck, ImportedService } from '../cluster.js';
import type { ConvertTarget } from '../convert-target.js';
import { commandArgv, timeoutWithinInterval } from '../health-check.js';
import { readEndpoint, type Endpoint } from './endpoint.js';
import type { LdirectordFile, Setting, VirtualBlock } from './parse.js';

const METHODS: Record<string, Forwarding> = { gate: 'dr', masq: 'nat', ipip: 'tunnel' };
const CHECK_KEYS = new Set(['checkinterval', 'checktimeout', 'negotiatetimeout', 'failurecount']);
const GLOBAL_NOTES: Record<string, string> = {
  autoreload: 'lvsplan applies configuration when you run apply.',
  callback: 'lvsplan runs no callbacks.',
  logfile: 'lvsplan logs to its own output.',
  emailalert: 'lvsplan sends no mail.',
  emailalertfreq: 'lvsplan sends no mail.',
  emailalertstatus: 'lvsplan sends no mail.',
  fork: 'not needed by lvsplan.',
  supervised: 'not needed by lvsplan.',
  maintenancedir: 'take a backend out by setting its weight to 0.',
  cleanstop: 'lvsplan leaves the table as applied when it exits.',
  readdquiescent: 'lvsplan has no quiescent re-adding.',
  quiescent: 'lvsplan has no setting for how a failed server leaves the table.',
  fallbackcommand: 'lvsplan runs no fallback commands.',
  smtp: 'lvsplan sends no mail.',
  execute: 'lvsplan starts no other instances.',
};

interface CheckSettings {
  interval: number;
  timeout: number | null;
  negotiateTimeout: number | null;
  failures: number;
}

/** ldirectord.cf to lvsplan services; every setting without an equivalent is a warning at its line. */
export function convertLdirectord(file: LdirectordFile, target: ConvertTarget, diags: Diagnostic[]): ImportedCluster {
  const check: CheckSettings = { interval: 10, timeout: null, negotiateTimeout: null, failures: 1 };
  let fallback: Setting | null = null;
  for (const g of file.globals) {
    if (CHECK_KEYS.has(g.key)) readCheckSetting(g, check, diags);
    else if (g.key === 'fallback' || g.key === 'fallback6') fallback = g;
    else notConverted(g, GLOBAL_NOTES[g.key] ?? `"${g.key}" has no equivalent in lvsplan.`, diags);
  }
  const services: ImportedService[] = [];
  for (const v of file.virtuals) {
    const s = convertVirtual(v, { ...check }, fallback, target, diags);
    if (s) services.push(s);
  }
  const director = target.director('ldirectord does not bind the VIPs (heartbeat or pacemaker does), so lvsplan does not either; set interface and remove bind_vips to have lvsplan bind them.');
  return { directors: [director], services, header: [] };
}

function notConverted(s: Setting, why: string, diags: Diagnostic[]): void {
  diags.push(warningDiag(`ldirectord "${s.key}" not converted`, why, s.keyRange));
}

function int(s: Setting, min: number, max: number, diags: Diagnostic[]): number | null {
  if (/^\d+$/.test(s.value) && Number(s.value) >= min && Number(s.value) <= max) return Number(s.value);
  diags.push(errorDiag(`Invalid ${s.key}`, `${s.key} takes a whole number from ${min} to ${max}.`, s.valueRange));
  return null;
}

function readCheckSetting(s: Setting, c: CheckSettings, diags: Diagnostic[]): void {
  const n = int(s, 1, 86400, diags);
  if (n === null) return;
  if (s.key === 'checkinterval') c.interval = n;
  else if (s.key === 'checktimeout') c.timeout = n;
  else if (s.key === 'negotiatetimeout') c.negotiateTimeout = n;
  else c.failures = n;
}

function convertVirtual(v: VirtualBlock, check: CheckSettings, globalFallback: Setting | null, target: ConvertTarget, diags: Diagnostic[]): ImportedService | null {
  const id = readVirtual(v.head, diags);
  if (!id) return null;
  const get = (k: string): Setting | undefined => v.settings.filter((s) => s.key === k).pop();
  const protocolSetting = get('protocol');
  let protocol: Protocol | null = id.fwmark !== null ? null : id.port === 53 ? 'udp' : 'tcp';
  if (protocolSetting && id.fwmark === null) {
    if (protocolSetting.value === 'tcp' || protocolSetting.value === 'udp') protocol = protocolSetting.value;
    else diags.push(errorDiag('Invalid protocol', 'protocol is tcp or udp for an address service (fwm for a fwmark service).', protocolSetting.valueRange));
  }
  const service: ImportedService = {
    group: null,
    director: target.directorName,
    protocol,
    address: id.address,
    port: id.port,
    fwmark: id.fwmark,
    family: v.head.key === 'virtual6' ? 'inet6' : 'inet',
    vips: [],
    scheduler: 'wrr',
    schedulerFlags: [],
    persistence: null,
    onePacket: false,
    backends: [],
    healthCheck: null,
    sorryServer: null,
    comments: [`From ${v.head.keyRange.filename}:${v.head.keyRange.start.line}.`],
  };
  let persistent: number | null = null;
  let netmask: Setting | null = null;
  let fallback = globalFallback;
  const perReal: { request: string; receive: string }[] = [];
  for (const s of v.settings) {
    switch (s.key) {
      case 'real':
      case 'real6':
        service.backends.push(...readReal(s, service, target, perReal, diags));
        break;
      case 'scheduler':
        if (/^[a-z]+$/.test(s.value)) service.scheduler = s.value;
        else diags.push(errorDiag('Invalid scheduler', 'scheduler is a name of lower-case letters such as wrr.', s.valueRange));
        break;
      case 'persistent':
        persistent = int(s, 1, 2678400, diags);
        break;
      case 'netmask':
        netmask = s;
        break;
      case 'schedflags':
        service.schedulerFlags = s.value.split(',').filter((f) => f !== '');
        break;
      case 'ops':
        service.onePacket = s.value === 'yes';
        break;
      case 'fallback':
      case 'fallback6':
        fallback = s;
        break;
      case 'protocol':
      case 'checktype':
      case 'service':
      case 'request':
      case 'receive':
      case 'checkport':
      case 'virtualhost':
      case 'checkcommand':
        break;
      default:
        if (CHECK_KEYS.has(s.key)) readCheckSetting(s, check, diags);
        else notConverted(s, GLOBAL_NOTES[s.key] ?? `"${s.key}" has no equivalent in lvsplan.`, diags);
    }
  }
  if (persistent !== null) {
    const mask = netmask ? (service.family === 'inet6' ? Number(netmask.value) : netmask.value) : null;
    service.persistence = { timeout: persistent, netmask: mask, engine: null };
  } else if (netmask) notConverted(netmask, 'ldirectord uses netmask only together with persistent.', diags);
  if (fallback) service.sorryServer = readFallback(fallback, service.port, diags);
  service.healthCheck = checkWithPort(healthCheck(v, get, check, perReal, service, diags), service, get('checktype') ?? v.head, diags);
  if (service.backends.length === 0) diags.push(warningDiag('Virtual service has no real servers', 'The service is converted with no backends.', v.head.keyRange));
  return service;
}

function readVirtual(s: Setting, diags: Diagnostic[]): { address: string | null; port: number | null; fwmark: number | null } | null {
  const v6 = s.key === 'virtual6';
  if (!v6 && /^\d+$/.test(s.value)) {
    if (Number(s.value) >= 1 && Number(s.value) <= 4294967295) return { address: null, port: null, fwmark: Number(s.value) };
    diags.push(errorDiag('Invalid firewall mark', 'A firewall mark is a whole number from 1 to 4294967295.', s.valueRange));
    return null;
  }
  const ep = readEndpoint(s, s.value, diags);
  if (!ep) return null;
  if (!sameFamily(s, ep, v6, diags)) return null;
  if (ep.port === null || ep.addresses.length > 1) {
    diags.push(errorDiag('Invalid virtual server', `${s.key} takes ${v6 ? '[IPv6]:port' : 'IP:port or a firewall mark'}: one address and its port.`, s.valueRange));
    return null;
  }
  return { address: ep.addresses[0]!, port: ep.port, fwmark: null };
}

function sameFamily(s: Setting, ep: Endpoint, v6: boolean, diags: Diagnostic[]): boolean {
  if ((ep.family === 'inet6') === v6) return true;
  diags.push(errorDiag('Address family mismatch', v6 ? `${s.key} takes IPv6 addresses in brackets, [2001:db8::1]:80.` : `${s.key} takes IPv4 addresses; use ${s.key}6= for IPv6.`, s.valueRange));
  return false;
}

const REAL_REST = /^\s+(gate|masq|ipip)(?:\s+(\d+))?(?:\s+"([^"]*)"[, ]\s*"([^"]*)")?(?:\s+l:(\d+))?(?:\s+u:(\d+))?\s*$/;

function readReal(s: Setting, svc: ImportedService, target: ConvertTarget, perReal: { request: string; receive: string }[], diags: Diagnostic[]): ImportedBackend[] {
  const word = /^\S*/.exec(s.value)![0];
  const m = REAL_REST.exec(s.value.slice(word.length));
  if (!m) {
    diags.push(errorDiag('Invalid real server', 'The line does not have the form of a real= entry. Expected ip[->ip][:port] gate|masq|ipip [weight] ["request", "receive"] [l:N] [u:N].', s.valueRange));
    return [];
  }
  const ep = readEndpoint(s, word, diags);
  if (!ep || !sameFamily(s, ep, s.key === 'real6', diags)) return [];
  const forwarding = METHODS[m[1]!]!;
  if (m[3] !== undefined) perReal.push({ request: m[3], receive: m[4]! });
  const destPort = svc.fwmark !== null ? ep.port ?? 0 : forwarding === 'nat' ? ep.port || svc.port! : svc.port!;
  return ep.addresses.map((address) => ({
    realserver: target.realserverAt(address),
    address,
    port: destPort,
    weight: m[2] !== undefined ? Number(m[2]) : 1,
    upper: m[6] !== undefined ? Number(m[6]) : 0,
    lower: m[5] !== undefined ? Number(m[5]) : 0,
    forwarding,
    tunnel: forwarding === 'tunnel' ? { type: 'ipip', port: null, checksum: null } : null,
    healthCheck: null,
  }));
}

function readFallback(s: Setting, servicePort: number | null, diags: Diagnostic[]): ImportedService['sorryServer'] {
  const word = /^\S*/.exec(s.value)![0];
  if (!/^(\s+(gate|masq|ipip))?\s*$/.test(s.value.slice(word.length))) {
    diags.push(errorDiag('Invalid fallback', 'fallback takes ip[:port] [gate|masq|ipip].', s.valueRange));
    return null;
  }
  const ep = readEndpoint(s, word, diags);
  if (!ep) return null;
  if (ep.addresses.length > 1) {
    diags.push(errorDiag('Invalid fallback', 'fallback takes one address, not a range.', s.valueRange));
    return null;
  }
  return { address: ep.addresses[0]!, port: ep.port ?? servicePort };
}

function within(h: ImportedHealthCheck, at: Setting, diags: Diagnostic[]): ImportedHealthCheck {
  const r = timeoutWithinInterval(h);
  if (r.clamped)
    diags.push(warningDiag('Check timeout shortened', `lvsplan needs a check's timeout shorter than its interval; ${h.timeout}s with checkinterval ${h.interval} becomes ${r.check.timeout}s.`, at.keyRange));
  return r.check;
}

/** A fwmark service's real servers may have no port (IPVS keeps the client's): lvsplan's check then needs checkport. */
function checkWithPort(h: ImportedHealthCheck | null, svc: ImportedService, at: Setting, diags: Diagnostic[]): ImportedHealthCheck | null {
  if (!h || h.port !== null || !svc.backends.some((b) => b.port === 0)) return h;
  diags.push(warningDiag('Check not converted: no port', 'This firewall-mark service has real servers without a port, so there is no port to check; add checkport=N to the virtual block (or port = N to the converted health_check).', at.keyRange));
  return null;
}

const SERVICE_BY_PORT: Record<number, string> = { 80: 'http', 443: 'https' };

/** ldirectord's checktype/service as one lvsplan health_check (connect: tcp; negotiate http/https: http/https; external: command). */
function healthCheck(
  v: VirtualBlock,
  get: (k: string) => Setting | undefined,
  c: CheckSettings,
  perReal: { request: string; receive: string }[],
  svc: ImportedService,
  diags: Diagnostic[],
): ImportedHealthCheck | null {
  const typeSetting = get('checktype');
  const checktype = typeSetting?.value ?? 'negotiate';
  const service = get('service')?.value ?? (svc.port !== null ? SERVICE_BY_PORT[svc.port] ?? 'none' : 'none');
  const checkport = get('checkport');
  const port = checkport ? int(checkport, 1, 65535, diags) : null;
  const base: ImportedHealthCheck = {
    type: 'tcp', port, interval: c.interval, timeout: c.timeout ?? c.negotiateTimeout ?? 5, rise: 1, fall: c.failures,
    path: null, host: null, expectStatus: null, expectBody: null, command: null,
  };
  const at = typeSetting ?? v.head;
  if (checktype === 'connect' || /^\d+$/.test(checktype)) return within(base, at, diags);
  if (checktype === 'external' || checktype === 'external-perl') {
    const cmd = get('checkcommand')?.value.replace(/^"|"$/g, '') ?? '/bin/true';
    diags.push(warningDiag('External check converted as a command', 'ldirectord passes the virtual and real addresses and ports to the command as arguments; lvsplan\'s command check does not: check the command\'s arguments.', at.keyRange));
    return within({ ...base, type: 'command', command: commandArgv(cmd) }, at, diags);
  }
  if (checktype === 'negotiate' && (service === 'http' || service === 'https')) {
    const request = get('request')?.value.replace(/^"|"$/g, '') ?? perReal[0]?.request ?? '/';
    const receive = get('receive')?.value.replace(/^"|"$/g, '') ?? perReal[0]?.receive ?? '';
    if (new Set(perReal.map((r) => `${r.request}\u0000${r.receive}`)).size > 1)
      diags.push(warningDiag('Real servers check differently', 'lvsplan has one health_check per service; the first real server\'s request and receive are converted.', v.head.keyRange));
    if (/[\\^$.*+?()[\]{}|]/.test(receive))
      diags.push(warningDiag('receive is a regular expression', 'ldirectord matches receive as a Perl regular expression; lvsplan\'s expect_body is a plain substring. Check the converted expect_body.', (get('receive') ?? at).valueRange));
    const https = service === 'https';
    return within(
      {
        ...base,
        type: https ? 'https' : 'http',
        port: port ?? (https ? svc.port : null),
        // ldirectord's default negotiatetimeout (30 s) exceeds its default interval; lvsplan's must not.
        timeout: c.negotiateTimeout ?? c.timeout ?? c.interval / 2,
        path: request.startsWith('/') ? request : `/${request}`,
        host: get('virtualhost')?.value.replace(/^"|"$/g, '') ?? null,
        expectBody: receive === '' ? null : receive,
      },
      at,
      diags,
    );
  }
  diags.push(warningDiag(`ldirectord check not converted`, `checktype=${checktype}${checktype === 'negotiate' ? ` with service=${service}` : ''} has no equivalent in lvsplan's health checks (tcp, http, https, command).`, at.keyRange));
  return null;
}
