import type { Block } from '../hcl/ast.js';
import { errorDiag, type Diagnostic } from '../hcl/diagnostic.js';
import type { Range } from '../hcl/range.js';
import { CHECK_FROM, CHECK_LIMITS, CHECK_TYPES, SENSITIVE_CHECK_ARGS, type HealthCheckSpec, type SensitiveCheckArg } from '../model/health.js';
import { checkBody, schema } from './body-schema.js';
import { enumValue } from './enum-value.js';
import { evalExpr, evalInt, evalString, evalStringList, type Vars } from './eval-attr.js';
import { parseCheckDuration } from './health-duration.js';
import type { Located } from './located.js';
import { expectStatusOf } from './expect-status.js';

const HEALTH_CHECK = schema(['type', 'port', 'interval', 'timeout', 'rise', 'fall', 'path', 'host', 'expect_status', 'expect_body', 'command', 'from']);
const HTTP_ONLY = ['path', 'host', 'expect_status', 'expect_body'] as const;
/** A request path: printable ASCII without spaces, starting with "/". */
const HTTP_PATH = /^\/[\x21-\x7e]{0,2047}$/;
const HTTP_HOST = /^[A-Za-z0-9_.:[\]-]{1,255}$/;

/** A decoded health_check block; `set` lists the arguments written, so a backend's block overrides only those. */
export interface HealthCheckDecl {
  range: Range;
  spec: Partial<HealthCheckSpec>;
  set: Set<keyof HealthCheckSpec>;
  /** The arguments written here whose value derives from a sensitive variable. */
  sensitive: Set<SensitiveCheckArg>;
}

export function decodeHealthCheck(b: Block, vars: Vars, diags: Diagnostic[]): HealthCheckDecl {
  const c = checkBody(b.body, HEALTH_CHECK, diags);
  const spec: Partial<HealthCheckSpec> = {};
  const sensitive = new Set<SensitiveCheckArg>();
  const type = enumValue(evalString(c.attrs.get('type'), vars, diags), CHECK_TYPES, 'health check type', diags);
  if (type) spec.type = type.v;
  const port = evalInt(c.attrs.get('port'), vars, diags);
  if (port && inRange(port, 1, 65535, 'health check port', diags)) spec.port = port.v;
  const interval = parseCheckDuration(c.attrs.get('interval'), vars, diags);
  if (interval && inRange(interval, CHECK_LIMITS.intervalMs.min, CHECK_LIMITS.intervalMs.max, 'interval (ms)', diags)) spec.intervalMs = interval.v;
  const timeout = parseCheckDuration(c.attrs.get('timeout'), vars, diags);
  if (timeout && inRange(timeout, CHECK_LIMITS.timeoutMs.min, CHECK_LIMITS.timeoutMs.max, 'timeout (ms)', diags)) spec.timeoutMs = timeout.v;
  for (const k of ['rise', 'fall'] as const) {
    const n = evalInt(c.attrs.get(k), vars, diags);
    if (n && inRange(n, CHECK_LIMITS[k].min, CHECK_LIMITS[k].max, k, diags)) spec[k] = n.v;
  }
  const path = evalString(c.attrs.get('path'), vars, diags);
  if (path) {
    if (path.sensitive) sensitive.add('path');
    if (HTTP_PATH.test(path.v)) spec.path = path.v;
    else diags.push(errorDiag('Invalid health check path', 'path is the request path: it starts with "/" and holds no spaces, quotes are fine but control characters and non-ASCII are not (percent-encode them).', path.r));
  }
  const host = evalString(c.attrs.get('host'), vars, diags);
  if (host) {
    if (host.sensitive) sensitive.add('host');
    if (HTTP_HOST.test(host.v)) spec.host = host.v;
    else diags.push(errorDiag('Invalid health check host', 'host is the HTTP Host header: a host name or address, optionally with :port.', host.r));
  }
  const status = c.attrs.get('expect_status');
  if (status) {
    const ranges = expectStatusOf(evalExpr(status.expr, vars, diags), status.expr.range, diags);
    if (ranges) spec.expectStatus = ranges;
  }
  const body = evalString(c.attrs.get('expect_body'), vars, diags);
  if (body) {
    if (body.sensitive) sensitive.add('expectBody');
    if (body.v.length > 0 && !/[\0\n\r]/.test(body.v)) spec.expectBody = body.v;
    else diags.push(errorDiag('Invalid expect_body', 'expect_body is a non-empty substring of the answer on one line.', body.r));
  }
  const cmd = evalStringList(c.attrs.get('command'), vars, diags);
  if (cmd) {
    if (cmd.some((x) => x.sensitive)) sensitive.add('command');
    if (cmd.length === 0 || cmd.some((x) => x.v === '' || /[\0\n\r]/.test(x.v)))
      diags.push(errorDiag('Invalid health check command', 'command is an argv list such as ["/usr/local/bin/check-app", "--quick"]: non-empty, without line breaks.', c.attrs.get('command')!.expr.range));
    else spec.command = cmd.map((x) => x.v);
  }
  const from = enumValue(evalString(c.attrs.get('from'), vars, diags), CHECK_FROM, 'health check origin ("from")', diags);
  if (from) spec.from = from.v;
  const set = new Set(Object.keys(spec) as (keyof HealthCheckSpec)[]);
  if (type && type.v !== 'http' && type.v !== 'https')
    for (const k of HTTP_ONLY)
      if (c.attrs.has(k)) diags.push(errorDiag('Argument only for HTTP checks', `${JSON.stringify(k)} applies to type = "http" or "https", not ${JSON.stringify(type.v)}.`, c.attrs.get(k)!.nameRange));
  if (type && type.v !== 'command' && c.attrs.has('command'))
    diags.push(errorDiag('Argument only for command checks', 'command applies to type = "command".', c.attrs.get('command')!.nameRange));
  return { range: b.typeRange, spec, set, sensitive };
}

function inRange(n: Located<number>, min: number, max: number, what: string, diags: Diagnostic[]): boolean {
  if (n.v >= min && n.v <= max) return true;
  diags.push(errorDiag(`Invalid ${what.replace(/ \(ms\)$/, '')}`, `The ${what.replace(/ \(ms\)$/, '')} must be between ${fmt(min, what)} and ${fmt(max, what)}.`, n.r));
  return false;
}

const fmt = (n: number, what: string): string => (what.endsWith('(ms)') ? (n < 1000 ? `${n}ms` : `${n / 1000}s`) : String(n));

/**
 * The service's block, then the backend's on top of it (only the arguments the backend writes), then
 * the defaults; checks the combination. Returns null (with diagnostics) when it cannot work.
 */
export function effectiveCheck(service: HealthCheckDecl | null, backend: HealthCheckDecl | null, where: Range, diags: Diagnostic[]): HealthCheckSpec | null {
  if (!service && !backend) return null;
  const merged: Partial<HealthCheckSpec> = { ...(service?.spec ?? {}), ...(backend?.spec ?? {}) };
  const range = backend?.range ?? service?.range ?? where;
  if (!merged.type) {
    diags.push(errorDiag('Missing required argument', 'A health_check needs type = "tcp", "http", "https" or "command".', range));
    return null;
  }
  const spec: HealthCheckSpec = {
    type: merged.type,
    port: merged.port ?? null,
    intervalMs: merged.intervalMs ?? CHECK_LIMITS.intervalMs.default,
    timeoutMs: merged.timeoutMs ?? CHECK_LIMITS.timeoutMs.default,
    rise: merged.rise ?? CHECK_LIMITS.rise.default,
    fall: merged.fall ?? CHECK_LIMITS.fall.default,
    path: merged.path ?? '/',
    host: merged.host ?? null,
    expectStatus: merged.expectStatus ?? [[...CHECK_LIMITS.expectStatus.default]],
    expectBody: merged.expectBody ?? null,
    command: merged.command ?? [],
    from: merged.from ?? 'director',
  };
  // Each argument is as sensitive as the block it came from: the backend's when it writes it.
  const sensitive = SENSITIVE_CHECK_ARGS.filter((k) => (backend?.set.has(k) ? backend : service)?.sensitive.has(k));
  if (sensitive.length > 0) spec.sensitive = sensitive;
  let ok = true;
  if (spec.timeoutMs >= spec.intervalMs) {
    diags.push(errorDiag('Health check timeout too long', `timeout (${spec.timeoutMs}ms) must be shorter than interval (${spec.intervalMs}ms): a check must finish before the next one starts.`, range));
    ok = false;
  }
  if (spec.type === 'https' && spec.port === null) {
    diags.push(errorDiag('Missing health check port', 'An https check needs port = N: the service port is where clients connect, and it is rarely the TLS port of the real server.', range));
    ok = false;
  }
  if (spec.type === 'command' && spec.command.length === 0) {
    diags.push(errorDiag('Missing health check command', 'A command check needs command = ["program", "arg", ...]; it runs on the director, exit 0 = healthy.', range));
    ok = false;
  }
  if (spec.type === 'command' && spec.from === 'local') {
    diags.push(errorDiag('Command check cannot run locally', 'A command check runs on the director; remove from = "local" or use a tcp/http check.', range));
    ok = false;
  }
  return ok ? spec : null;
}


