import { errorDiag, type Diagnostic } from '../hcl/diagnostic.js';
import type { BackendCheck, HealthCheckSpec, HealthConfig, LifecycleSpec, SorryServerSpec } from '../model/health.js';
import type { DesiredResource } from '../model/resource.js';
import type { BackendDecl } from './decl.js';
import { effectiveCheck } from './decode-health-check.js';
import { checkLifecycle } from './decode-lifecycle.js';
import { backendDestination, destinationResource } from './derive-ipvs.js';
import { backendAddress, backendId, type ResolvedBackend, type ResolvedConfig, type ResolvedService } from './resolve.js';

/** Checks, sorry servers and lifecycle rules, resolved against the derived IPVS resources. */
export function deriveHealth(resolved: ResolvedConfig, resources: readonly DesiredResource[], diags: Diagnostic[]): HealthConfig {
  const out: HealthConfig = { checks: [], sorryServers: [], lifecycle: {}, probes: resolved.decl.probes };
  // Only lifecycle blocks need attribute names; most configurations have none.
  let byAddress: Map<string, DesiredResource> | null = null;
  const attrsOf = (address: string): string[] => {
    if (!byAddress) {
      byAddress = new Map();
      for (const r of resources) if (!byAddress.has(r.address)) byAddress.set(r.address, r);
    }
    return Object.keys(byAddress.get(address)?.attrs ?? {});
  };
  for (const s of resolved.services) {
    if (!s.id) continue;
    deriveChecks(s, out.checks, diags);
    const sorry = deriveSorry(s, diags);
    out.sorryServers.push(...sorry);
    const destAttrs = () => (s.backends.length > 0 ? attrsOf(backendAddress(s, s.backends[0]!)) : []);
    const svcLife = s.decl.lifecycle ? checkLifecycle(s.decl.lifecycle, [...new Set([...attrsOf(s.decl.address), ...destAttrs()])], diags) : null;
    if (svcLife) out.lifecycle[s.decl.address] = svcLife;
    for (const b of s.backends) {
      const own = b.decl.lifecycle ? checkLifecycle(b.decl.lifecycle, attrsOf(backendAddress(s, b)), diags) : null;
      const merged = mergeLifecycle(svcLife, own);
      if (merged) out.lifecycle[backendAddress(s, b)] = merged;
    }
    if (svcLife && sorry[0]) out.lifecycle[sorry[0].address] = svcLife;
  }
  return out;
}

function mergeLifecycle(svc: LifecycleSpec | null, own: LifecycleSpec | null): LifecycleSpec | null {
  if (!svc && !own) return null;
  return {
    ignoreChanges: [...new Set([...(svc?.ignoreChanges ?? []), ...(own?.ignoreChanges ?? [])])],
    preventDestroy: (own ?? svc)!.preventDestroy,
  };
}

function deriveChecks(s: ResolvedService, out: BackendCheck[], diags: Diagnostic[]): void {
  let inherited: HealthCheckSpec | null | undefined;
  for (const b of s.backends) {
    if (!b.ip) continue;
    // A backend without its own block shares the service's check, validated (and reported) once.
    const spec = b.decl.healthCheck
      ? effectiveCheck(s.decl.healthCheck, b.decl.healthCheck, b.decl.range, diags)
      : inherited !== undefined ? inherited : (inherited = effectiveCheck(s.decl.healthCheck, null, b.decl.range, diags));
    if (!spec) continue;
    const port = spec.port ?? b.port;
    if (port === 0) {
      if (!b.decl.healthCheck) inherited = null;
      diags.push(errorDiag('Missing health check port', 'This backend has no port of its own (fwmark or port-0 service): give the health_check a port = N.', (b.decl.healthCheck ?? s.decl.healthCheck)!.range));
      continue;
    }
    // Its destination's sensitivity was checked with the destination (derive-ipvs.ts).
    const destinationId = backendId(s, b)!;
    const address = backendAddress(s, b);
    for (const d of s.directors) out.push({ host: d.name, serviceId: s.id!, destinationId, address, target: b.ip, port, spec });
  }
}

function deriveSorry(s: ResolvedService, diags: Diagnostic[]): SorryServerSpec[] {
  const ss = s.decl.sorryServer;
  if (!ss?.ip) return [];
  const forwarding = ss.forwarding?.v ?? s.decl.forwarding.v;
  const port = s.decl.fwmark ? ss.port?.v ?? 0 : forwarding === 'nat' ? ss.port?.v ?? s.decl.port?.v ?? 0 : s.decl.port?.v ?? 0;
  const decl: BackendDecl = {
    name: 'sorry_server', range: ss.range, realserver: null, ip: ss.ip, weight: null, upper: null, lower: null,
    port: ss.port, forwarding: null, tunnel: null, healthCheck: null, lifecycle: null,
  };
  const backend: ResolvedBackend = { decl, tail: '.sorry_server', ip: ss.ip.v, rs: null, forwarding, port };
  // Checked once for all its directors (none: not at all, as no resource is made).
  const shared = s.directors.length > 0 ? backendDestination(backend, diags) : null;
  return s.directors.map((d) => ({
    host: d.name,
    serviceId: s.id!,
    address: backendAddress(s, backend),
    target: ss.ip!.v,
    port,
    forwarding,
    resource: destinationResource(shared!, s, d.name),
  }));
}
