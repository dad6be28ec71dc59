import { warningDiag } from '../../hcl/diagnostic.js';
import type { ImportedHealthCheck } from '../cluster.js';
import { commandArgv, timeoutWithinInterval } from '../health-check.js';
import type { Statement } from './tree.js';
import type { Reader } from './values.js';

/** Check timing a virtual_server or real_server sets for the checkers below it. */
export interface CheckDefaults {
  delayLoop: number | null;
  connectTimeout: number | null;
  retry: number | null;
  virtualhost: string | null;
}

export const TIMING_KEYWORDS = new Set(['delay_loop', 'connect_timeout', 'retry', 'delay_before_retry', 'warmup', 'virtualhost']);

/** Reads a timing keyword into `d`; false when the keyword is not one. */
export function readTiming(s: Statement, d: CheckDefaults, r: Reader): boolean {
  switch (s.keyword.text) {
    case 'delay_loop':
      d.delayLoop = r.seconds(s.args[0], s);
      return true;
    case 'connect_timeout':
      d.connectTimeout = r.seconds(s.args[0], s);
      return true;
    case 'retry':
    case 'nb_get_retry':
      d.retry = r.int(s.args[0], 'a retry count', 0, 1_000_000, s);
      return true;
    case 'virtualhost':
      d.virtualhost = s.args[0]?.text ?? null;
      return true;
    case 'delay_before_retry':
      r.unconverted(s, 'lvsplan retries a failed check at its interval; there is no separate retry delay.');
      return true;
    case 'warmup':
      r.unconverted(s, 'lvsplan starts checking at once; there is no random start delay.');
      return true;
    default:
      return false;
  }
}

const TYPES: Record<string, ImportedHealthCheck['type']> = { TCP_CHECK: 'tcp', HTTP_GET: 'http', SSL_GET: 'https', MISC_CHECK: 'command' };
export const CHECKERS = new Set(['TCP_CHECK', 'HTTP_GET', 'SSL_GET', 'MISC_CHECK', 'SMTP_CHECK', 'DNS_CHECK', 'BFD_CHECK', 'UDP_CHECK', 'PING_CHECK', 'FILE_CHECK']);

/**
 * One keepalived checker as an lvsplan health_check. keepalived marks a server down after 1 + retry
 * failures and up after one success: fall = retry + 1, rise = 1.
 */
export function convertChecker(s: Statement, inherited: CheckDefaults, r: Reader): ImportedHealthCheck | null {
  const type = TYPES[s.keyword.text];
  if (!type) {
    r.unconverted(s, `lvsplan's health checks are tcp, http, https and command; ${s.keyword.text} has no equivalent.`);
    return null;
  }
  const d: CheckDefaults = { ...inherited };
  const h: ImportedHealthCheck = {
    type,
    port: null,
    interval: null,
    timeout: null,
    rise: 1,
    fall: null,
    path: null,
    host: null,
    expectStatus: null,
    expectBody: null,
    command: null,
  };
  let urls = 0;
  for (const c of s.children ?? []) {
    if (readTiming(c, d, r)) continue;
    switch (c.keyword.text) {
      case 'connect_port':
        h.port = r.int(c.args[0], 'a port', 1, 65535, c);
        break;
      case 'url':
        if (++urls > 1) r.unconverted(c, 'lvsplan checks one URL per service; only the first url block is converted.');
        else readUrl(c, h, r);
        break;
      case 'misc_path':
        h.command = commandArgv(c.args.map((a) => a.text).join(' '));
        break;
      case 'misc_timeout':
        h.timeout = r.seconds(c.args[0], c);
        break;
      default:
        r.unconverted(c, `${s.keyword.text}'s "${c.keyword.text}" has no equivalent in lvsplan's health_check.`);
    }
  }
  h.interval = d.delayLoop ?? 60;
  if (h.timeout === null) h.timeout = type === 'command' ? h.interval : d.connectTimeout ?? 5;
  h.fall = (d.retry ?? (type === 'command' ? 0 : 1)) + 1;
  if (type === 'http' || type === 'https') {
    if (h.host === null) h.host = d.virtualhost;
    if (h.path === null) h.path = '/';
  }
  const within = timeoutWithinInterval(h);
  if (within.clamped)
    r.diags.push(warningDiag('Check timeout shortened', `lvsplan needs a check's timeout shorter than its interval; keepalived's ${h.timeout}s timeout with delay_loop ${h.interval} becomes ${within.check.timeout}s.`, s.keyword.range));
  return within.check;
}

function readUrl(u: Statement, h: ImportedHealthCheck, r: Reader): void {
  for (const c of u.children ?? []) {
    const v = c.args.map((a) => a.text).join(' ');
    if (c.keyword.text === 'path') h.path = v;
    else if (c.keyword.text === 'status_code') h.expectStatus = c.args.map((a) => a.text);
    else if (c.keyword.text === 'regex') h.expectBody = v;
    else if (c.keyword.text === 'virtualhost') h.host = v;
    else if (c.keyword.text === 'digest') r.unconverted(c, 'lvsplan cannot compare an MD5 digest of the body; use expect_body with text the page contains.');
    else r.unconverted(c, `url's "${c.keyword.text}" has no equivalent in lvsplan's health_check.`);
  }
}
