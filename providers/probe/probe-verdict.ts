import { statusAccepted, type ProbeSpec } from '../../src/model/health.js';
import { quotedOrHidden } from '../../src/model/sensitive-text.js';

export interface ProbeAnswer {
  ok: boolean;
  /** The answer's body (first line, trimmed), "HTTP 503", or the error. */
  text: string;
}

export interface ProbeOutcome {
  name: string;
  passed: boolean;
  answers: ProbeAnswer[];
  /** Every MAC that answered ARP for the VIP, when arp_check is on. */
  arpMacs: string[] | null;
  problems: string[];
}

/** Judges a probe run's output against what the probe expects. */
export function judgeProbe(p: ProbeSpec, stdout: string): ProbeOutcome | { missing: string[] } | { error: string } {
  const missing = /^@@missing (.*)$/m.exec(stdout);
  if (missing) return { missing: missing[1]!.trim().split(/\s+/) };
  if (!/^@@done$/m.test(stdout)) return { error: 'the probe script did not finish' };
  const answers: ProbeAnswer[] = [];
  for (const m of stdout.matchAll(/^@@req (\d+) ([A-Za-z0-9+/=]*)$/gm)) answers.push(answer(p, Number(m[1]), Buffer.from(m[2]!, 'base64').toString('utf8')));
  const problems: string[] = [];
  const failed = answers.filter((a) => !a.ok).length;
  if (failed > 0) problems.push(`${failed} of ${answers.length} requests failed`);
  if (p.kind === 'http') {
    const distinct = new Set(answers.filter((a) => a.ok).map((a) => a.text)).size;
    if (distinct < p.minDistinct) problems.push(`${distinct} distinct answer(s), expected at least ${p.minDistinct}`);
  }
  let arpMacs: string[] | null = null;
  const arp = /^@@arp (\d+) ([A-Za-z0-9+/=]*)$/m.exec(stdout);
  if (p.arpCheck) {
    const text = arp ? Buffer.from(arp[2]!, 'base64').toString('utf8') : '';
    arpMacs = [...new Set([...text.matchAll(/\b([0-9a-f]{2}(?::[0-9a-f]{2}){5})\b/gi)].map((m) => m[1]!.toLowerCase()))];
    if (arpMacs.length === 0) problems.push(`no machine answered ARP for ${p.arpCheck.vip} on ${p.arpCheck.interface}`);
    else if (arpMacs.length > 1)
      problems.push(`${arpMacs.length} machines answer ARP for ${p.arpCheck.vip}: ${arpMacs.join(', ')} (only the director may; a DR real server needs arp_ignore=1 and arp_announce=2)`);
  }
  return { name: p.name, passed: problems.length === 0, answers, arpMacs, problems };
}

function answer(p: ProbeSpec, rc: number, out: string): ProbeAnswer {
  if (rc === 124) return { ok: false, text: `timed out after ${p.timeoutMs}ms` };
  if (p.kind === 'tcp') return rc === 0 ? { ok: true, text: 'connected' } : { ok: false, text: errorText(out) };
  const status = /^HTTP\/\d(?:\.\d)? (\d{3})/.exec(out);
  if (!status) return { ok: false, text: rc !== 0 ? errorText(out) : 'no HTTP answer' };
  const sep = out.indexOf('\r\n\r\n');
  const body = (sep >= 0 ? out.slice(sep + 4) : '').split('\n')[0]!.trim().slice(0, 200);
  const code = Number(status[1]);
  if (!statusAccepted(code, p.expectStatus)) return { ok: false, text: `HTTP ${code}${body ? `: ${body}` : ''}` };
  if (p.expectBody !== null && !out.slice(sep + 4).includes(p.expectBody)) return { ok: false, text: `${body || '(empty)'} (does not contain ${quotedOrHidden(p.expectBody, p.expectBodySensitive)})` };
  return { ok: true, text: body };
}

function errorText(out: string): string {
  const m = /(Connection refused|No route to host|Network is unreachable|Connection reset by peer|Connection timed out)/i.exec(out);
  return m ? m[1]!.toLowerCase() : out.split('\n')[0]?.trim() || 'failed';
}
