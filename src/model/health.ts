import { SENSITIVE_TEXT } from './sensitive-text.js';

/**
 * Health checks, sorry servers, lifecycle rules and probes: what the configuration asks lvsplan to
 * observe and respect. The attribute table below is the one place their names, defaults and limits live.
 */
export type CheckType = 'tcp' | 'http' | 'https' | 'command';
export const CHECK_TYPES: readonly CheckType[] = ['tcp', 'http', 'https', 'command'];
export type CheckFrom = 'director' | 'local';
export const CHECK_FROM: readonly CheckFrom[] = ['director', 'local'];

/** Defaults and limits of a health_check block (durations in milliseconds). */
export const CHECK_LIMITS = {
  intervalMs: { default: 5000, min: 100, max: 3_600_000 },
  timeoutMs: { default: 2000, min: 50, max: 600_000 },
  rise: { default: 2, min: 1, max: 100 },
  fall: { default: 3, min: 1, max: 100 },
  expectStatus: { default: [200, 299] as const, min: 100, max: 599 },
  /** How much of an HTTP answer is read (and searched for expect_body). */
  maxResponseBytes: 65536,
} as const;

export interface HealthCheckSpec {
  type: CheckType;
  /** Port checked; the destination port when not set. */
  port: number | null;
  intervalMs: number;
  timeoutMs: number;
  rise: number;
  fall: number;
  path: string;
  /** HTTP Host header; the backend address when null. */
  host: string | null;
  /** Accepted status codes as inclusive ranges. */
  expectStatus: [number, number][];
  expectBody: string | null;
  command: string[];
  from: CheckFrom;
  /** Arguments whose value derives from a sensitive variable: never printed (absent when none). */
  sensitive?: SensitiveCheckArg[];
}

/** The arguments of a check that can be sensitive; its type, port and timings cannot hide a secret. */
export type SensitiveCheckArg = 'path' | 'host' | 'expectBody' | 'command';
export const SENSITIVE_CHECK_ARGS: readonly SensitiveCheckArg[] = ['path', 'host', 'expectBody', 'command'];

/** The argument as a message may show it: itself, or (sensitive value) as Terraform writes it. */
export function shownCheckArg(spec: HealthCheckSpec, arg: SensitiveCheckArg): string {
  if (spec.sensitive?.includes(arg)) return SENSITIVE_TEXT;
  const v = spec[arg];
  return Array.isArray(v) ? v.join(' ') : arg === 'expectBody' ? JSON.stringify(v) : String(v);
}

/** One backend's check, resolved against its destination. */
export interface BackendCheck {
  /** The director the destination lives on (checks run from there unless from = "local"). */
  host: string;
  serviceId: string;
  destinationId: string;
  /** virtual_server.web.backend["lvs01"] */
  address: string;
  target: string;
  port: number;
  spec: HealthCheckSpec;
}

export interface SorryServerSpec {
  host: string;
  serviceId: string;
  /** virtual_server.web.sorry_server */
  address: string;
  target: string;
  port: number;
  forwarding: 'dr' | 'nat' | 'tunnel';
  /** Its IPVS destination at weight 1, derived like any backend's. */
  resource: import('./resource.js').DesiredResource;
}

export interface LifecycleSpec {
  ignoreChanges: string[];
  preventDestroy: boolean;
}

export interface ProbeSpec {
  name: string;
  /** Where the probe runs from (a client host: in DR mode the director cannot reach its own VIP). */
  connection: import('./hosts.js').ConnectionSpec;
  kind: 'http' | 'tcp';
  /** URL for http, "address:port" for tcp. */
  url: string;
  address: string;
  port: number;
  path: string;
  requests: number;
  timeoutMs: number;
  expectStatus: [number, number][];
  expectBody: string | null;
  /** expect_body derives from a sensitive variable: messages show (sensitive value) instead. */
  expectBodySensitive?: boolean;
  minDistinct: number;
  arpCheck: { vip: string; interface: string } | null;
}

export interface HealthConfig {
  checks: BackendCheck[];
  sorryServers: SorryServerSpec[];
  /** Keyed by resource address (virtual_server.web, virtual_server.web.backend["lvs01"]). */
  lifecycle: Record<string, LifecycleSpec>;
  probes: ProbeSpec[];
}

export const emptyHealthConfig = (): HealthConfig => ({ checks: [], sorryServers: [], lifecycle: {}, probes: [] });

/** One observation of one check. */
export interface CheckResult {
  healthy: boolean;
  latencyMs: number;
  /** Why it failed (or "HTTP 200"), e.g. "HTTP GET / on 192.168.122.20:80: connection refused". */
  reason: string;
}

export function checkKey(c: Pick<BackendCheck, 'host' | 'destinationId'>): string {
  return `${c.host}\u0000${c.destinationId}`;
}

export function statusAccepted(status: number, ranges: readonly [number, number][]): boolean {
  return ranges.some(([lo, hi]) => status >= lo && status <= hi);
}

/** "HTTP GET /health on 192.168.122.20:80", "TCP connect to 10.0.0.1:443", "command check-app on ...". */
export function describeCheck(c: Pick<BackendCheck, 'target' | 'port' | 'spec'>): string {
  const where = c.target.includes(':') ? `[${c.target}]:${c.spec.port ?? c.port}` : `${c.target}:${c.spec.port ?? c.port}`;
  switch (c.spec.type) {
    case 'tcp':
      return `TCP connect to ${where}`;
    case 'http':
    case 'https':
      return `${c.spec.type.toUpperCase()} GET ${shownCheckArg(c.spec, 'path')} on ${where}`;
    case 'command':
      return `command ${shownCheckArg(c.spec, 'command')} for ${where}`;
  }
}

/** The Host header of an http(s) check: `host`, else the backend address (with the port unless it is the scheme's). */
export function httpHostHeader(c: Pick<BackendCheck, 'target' | 'port' | 'spec'>): string {
  if (c.spec.host) return c.spec.host;
  const port = c.spec.port ?? c.port;
  const urlhost = c.target.includes(':') ? `[${c.target}]` : c.target;
  return port === (c.spec.type === 'https' ? 443 : 80) ? urlhost : `${urlhost}:${port}`;
}
