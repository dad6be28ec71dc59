import { CHECK_LIMITS, httpHostHeader, type BackendCheck } from '../../src/model/health.js';

/**
 * One director's checks in one round trip. The script is a constant; each check arrives on stdin as
 * one line of validated tokens and base64 fields, so nothing from the configuration reaches a shell
 * parser. Checks run in parallel; each prints one line (short enough to be written atomically):
 *   IDX RC MICROSECONDS BODY_OK BASE64(first bytes of the answer or error)
 * Tools: bash (its /dev/tcp does tcp and http; $EPOCHREALTIME times a check without starting a process,
 * `date` where bash is older than 5.0), coreutils (timeout, date, head, base64); curl only for https checks. A missing tool prints "@@missing TOOL..." and nothing runs.
 */
export const CHECK_SCRIPT = [
  'LC_ALL=C; export LC_ALL',
  'missing=""',
  'for t in timeout date head base64 $1; do command -v "$t" >/dev/null 2>&1 || missing="$missing $t"; done',
  'if [ -n "$missing" ]; then printf "@@missing%s\\n" "$missing"; exit 0; fi',
  'd64() { [ "$1" = - ] || printf %s "$1" | base64 -d; }',
  'check() {',
  '  local idx=$1 type=$2 tmo=$3 ip=$4 port=$5 urlhost=$6 path host body out rc t0 t1 ok=-',
  '  path=$(d64 "$7"); host=$(d64 "$8"); body=$(d64 "$9"); shift 9',
  '  t0=${EPOCHREALTIME/./}; [ -n "$t0" ] || t0=$(( $(date +%s%N) / 1000 ))',
  '  case $type in',
  '    tcp) out=$(timeout "$tmo" bash -c \'exec 3<>"/dev/tcp/$0/$1"\' "$ip" "$port" 2>&1); rc=$? ;;',
  '    http) out=$(timeout "$tmo" bash -c \'exec 3<>"/dev/tcp/$0/$1" || exit 7; printf "GET %s HTTP/1.0\\r\\nHost: %s\\r\\nUser-Agent: lvsplan-health\\r\\nConnection: close\\r\\n\\r\\n" "$2" "$3" >&3; head -c ' +
    String(CHECK_LIMITS.maxResponseBytes) +
    ' <&3\' "$ip" "$port" "$path" "$host" 2>&1); rc=$? ;;',
  '    https) out=$(curl -sSk -i --max-time "$tmo" -H "Host: $host" -H "User-Agent: lvsplan-health" "https://$urlhost:$port$path" 2>&1 | head -c ' +
    String(CHECK_LIMITS.maxResponseBytes) +
    '; exit "${PIPESTATUS[0]}"); rc=$? ;;',
  '    command) local argv=() a; for a in "$@"; do argv+=("$(d64 "$a")"); done',
  '      out=$(timeout "$tmo" "${argv[@]}" </dev/null 2>&1 | head -c 4096; exit "${PIPESTATUS[0]}"); rc=$? ;;',
  '  esac',
  '  t1=${EPOCHREALTIME/./}; [ -n "$t1" ] || t1=$(( $(date +%s%N) / 1000 ))',
  '  if [ -n "$body" ]; then case $out in *"$body"*) ok=1 ;; *) ok=0 ;; esac; fi',
  '  printf "%s %s %s %s %s\\n" "$idx" "$rc" "$(( t1 - t0 ))" "$ok" "$(printf %s "$out" | head -c 400 | base64 -w0)"',
  '}',
  'while read -r line; do check $line & done',
  'wait',
  'printf "@@done\\n"',
].join('\n');

const b64 = (s: string | null): string => (s ? Buffer.from(s, 'utf8').toString('base64') : '-');
const seconds = (ms: number): string => (ms / 1000).toFixed(3);

/** The argv and stdin that run `checks` (all from one director) in one round trip. */
export function buildCheckRun(checks: readonly BackendCheck[]): { argv: string[]; stdin: string; timeoutMs: number } {
  const lines = checks.map((c, i) => {
    const s = c.spec;
    const port = s.port ?? c.port;
    const urlhost = c.target.includes(':') ? `[${c.target}]` : c.target;
    const host = httpHostHeader(c);
    return [i, s.type, seconds(s.timeoutMs), c.target, port, urlhost, b64(s.path), b64(host), b64(s.expectBody), ...s.command.map(b64)].join(' ');
  });
  const tools = checks.some((c) => c.spec.type === 'https') ? 'curl' : '';
  const longest = Math.max(0, ...checks.map((c) => c.spec.timeoutMs));
  return { argv: ['bash', '-c', CHECK_SCRIPT, 'lvsplan-health', tools], stdin: lines.join('\n') + '\n', timeoutMs: longest + 30_000 };
}
