import { connect } from 'node:net';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { CHECK_LIMITS, httpHostHeader, type BackendCheck, type CheckResult } from '../model/health.js';
import { interpret } from '../../providers/health/parse-results.js';
import { TIMEOUT_RC } from '../../providers/health/pass-rule.js';

/** A check run from lvsplan's own process (from = "local"), judged by the same rules as the director's script. */
export function runLocalCheck(c: BackendCheck): Promise<CheckResult> {
  const started = performance.now();
  const port = c.spec.port ?? c.port;
  const done = (rc: number, out: string, bodyOk: boolean | null = null): CheckResult => interpret(c, rc, performance.now() - started, bodyOk, out);
  return new Promise((resolve) => {
    if (c.spec.type === 'tcp') {
      const sock = connect({ host: c.target, port, timeout: c.spec.timeoutMs });
      sock.once('connect', () => { sock.destroy(); resolve(done(0, '')); });
      sock.once('timeout', () => { sock.destroy(); resolve(done(TIMEOUT_RC, '')); });
      sock.once('error', (e) => resolve(done(1, errnoText(e))));
      return;
    }
    const lib = c.spec.type === 'https' ? httpsRequest : httpRequest;
    const req = lib({
      host: c.target, port, path: c.spec.path, method: 'GET', timeout: c.spec.timeoutMs, rejectUnauthorized: false,
      headers: { Host: httpHostHeader(c), 'User-Agent': 'lvsplan-health', Connection: 'close' },
    });
    const timer = setTimeout(() => { req.destroy(); resolve(done(TIMEOUT_RC, '')); }, c.spec.timeoutMs);
    req.once('timeout', () => { clearTimeout(timer); req.destroy(); resolve(done(TIMEOUT_RC, '')); });
    req.once('error', (e) => { clearTimeout(timer); resolve(done(1, errnoText(e))); });
    req.once('response', (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => { if (body.length < CHECK_LIMITS.maxResponseBytes) body += chunk; });
      res.once('end', () => {
        clearTimeout(timer);
        const bodyOk = c.spec.expectBody === null ? null : body.includes(c.spec.expectBody);
        resolve(done(0, `HTTP/1.1 ${res.statusCode ?? 0}\r\n`, bodyOk));
      });
      res.once('error', (e) => { clearTimeout(timer); resolve(done(1, errnoText(e))); });
    });
    req.end();
  });
}

const ERRNO: Record<string, string> = {
  ECONNREFUSED: 'Connection refused', EHOSTUNREACH: 'No route to host', ENETUNREACH: 'Network is unreachable',
  ECONNRESET: 'Connection reset by peer', ETIMEDOUT: 'Connection timed out',
};

function errnoText(e: Error & { code?: string }): string {
  return (e.code && ERRNO[e.code]) ?? e.message;
}
