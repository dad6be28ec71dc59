import type { ProbeSpec } from '../../src/model/health.js';

/**
 * A probe on its host in one round trip: `requests` sequential requests through the VIP (a new
 * connection each, bash /dev/tcp, so the probe host needs only bash and coreutils), then, with
 * arp_check, `arping` for the VIP. Prints "@@req RC BASE64(answer head)" per request and
 * "@@arp RC BASE64(arping output)"; a missing tool prints "@@missing TOOL...".
 */
export const PROBE_SCRIPT = [
  'LC_ALL=C; export LC_ALL',
  'PATH="$PATH:/usr/sbin:/sbin"',
  'kind=$1 ip=$2 port=$3 path=$4 host=$5 n=$6 tmo=$7 arpif=$8 arpvip=$9',
  'missing=""',
  'for t in timeout head base64 ${arpif:+arping}; do command -v "$t" >/dev/null 2>&1 || missing="$missing $t"; done',
  'if [ -n "$missing" ]; then printf "@@missing%s\\n" "$missing"; exit 0; fi',
  'i=0',
  'while [ "$i" -lt "$n" ]; do',
  '  if [ "$kind" = http ]; then',
  '    out=$(timeout "$tmo" bash -c \'exec 3<>"/dev/tcp/$0/$1" || exit 7; printf "GET %s HTTP/1.0\\r\\nHost: %s\\r\\nUser-Agent: lvsplan-probe\\r\\nConnection: close\\r\\n\\r\\n" "$2" "$3" >&3; head -c 4096 <&3\' "$ip" "$port" "$path" "$host" 2>&1); rc=$?',
  '  else',
  '    out=$(timeout "$tmo" bash -c \'exec 3<>"/dev/tcp/$0/$1"\' "$ip" "$port" 2>&1); rc=$?',
  '  fi',
  '  printf "@@req %s %s\\n" "$rc" "$(printf %s "$out" | head -c 2048 | base64 -w0)"',
  '  i=$((i+1))',
  'done',
  'if [ -n "$arpif" ]; then',
  '  out=$(timeout 10 arping -c 3 -w 3 -I "$arpif" "$arpvip" 2>&1); rc=$?',
  '  printf "@@arp %s %s\\n" "$rc" "$(printf %s "$out" | head -c 8192 | base64 -w0)"',
  'fi',
  'printf "@@done\\n"',
].join('\n');

export function buildProbeRun(p: ProbeSpec): { argv: string[]; timeoutMs: number } {
  const host = p.address.includes(':') ? `[${p.address}]` : p.address;
  const hostHeader = p.port === 80 ? host : `${host}:${p.port}`;
  return {
    argv: ['bash', '-c', PROBE_SCRIPT, 'lvsplan-probe', p.kind, p.address, String(p.port), p.path, hostHeader, String(p.requests), (p.timeoutMs / 1000).toFixed(3), p.arpCheck?.interface ?? '', p.arpCheck?.vip ?? ''],
    timeoutMs: p.requests * (p.timeoutMs + 2000) + 30_000,
  };
}
