import { CHECK_LIMITS, httpHostHeader, type BackendCheck } from '../../src/model/health.js';

/** How many checks run at once on a director (each holds one pipe to the script while it runs). */
export const CHECKS_AT_ONCE = 128;
/** How much of an answer or error comes back to lvsplan (for the reason and the HTTP status line). */
export const ANSWER_HEAD_BYTES = 400;
/** How long a check's subshell may take to start before the check counts as timed out. */
export const START_GRACE_MS = 10_000;
/**
 * How long past its timeout a check may take to report before it is killed. The check enforces its own
 * timeout where bash can (read -t, timeout, curl --max-time); the kill is for a connect that hangs.
 */
export const DEADLINE_GRACE_MS = 250;

/** A round's last stdin line, "@@go TOOLS" (the tools its checks need), and the last line of its answer. */
export const ROUND_GO = '@@go';
export const ROUND_DONE = '@@done';

/**
 * One director's checks in one round trip, in one bash process, which can run round after round: each
 * round is its checks' lines then "@@go TOOLS" on stdin, answered by one line per check and "@@done";
 * the end of stdin ends it (lvsplan watch keeps it running: no process start per round). Each check arrives on stdin as one line
 * of validated tokens and `\xHH`-escaped fields (decoded by printf's %b, so nothing from the configuration
 * reaches a shell parser). tcp and http checks start no program: a forked subshell per check connects with
 * bash's /dev/tcp, writes the request and reads the answer with `read`, timed by $EPOCHREALTIME; a check still
 * running at its deadline is killed (a connect to a dead host blocks). Only `command` checks (timeout, head) and
 * `https` checks (curl, head) run programs. One line per check, printed as soon as that check ends (in the order
 * they end, not the order sent: a refused connect is not held back by a slow GET; each check's subshell says on a
 * note pipe when it started and ended, so the script waits on whichever comes first without polling):
 *   IDX RC MICROSECONDS BODY_OK TEXT
 * TEXT is the first bytes of the answer or error with \\ \n \r \t escaped and other control bytes as '?'.
 * RC 124 is a timeout. Before "@@done", "@@round US IDX:US..." says how long the round took there and how long
 * after its start each check's subshell started (bash's $EPOCHREALTIME, the director's own clock). A missing tool (or a bash older than 5.0, or no /dev/fd for bash's process substitution)
 * prints "@@missing TOOL..." and nothing runs that round.
 */
// bash's own expansions are written \${...} here; ${...} are this file's constants.
export const CHECK_SCRIPT = String.raw`
LC_ALL=C; export LC_ALL
set -f
dec() { if [ "$2" = - ]; then printf -v "$1" ""; else printf -v "$1" %b "$2"; fi; }
# secs VAR MICROSECONDS: VAR=seconds for read -t and timeout, at least 1 ms.
secs() { local us=$(( $2 < 1000 ? 1000 : $2 )); printf -v "$1" "%d.%06d" $(( us / 1000000 )) $(( us % 1000000 )); }
# Runs in its own subshell (SEQ: the round, J: its number in the round), its stdout and stderr a pipe to the script: the
# answer's head, then "@@RC US OK" and a NUL. On the note pipe (one write each, so whole lines): "SEQ J S T0" as it
# starts, "SEQ J E" once its answer is written.
check() {
  local seq=$1 j=$2; shift 2
  local type=$1 tmo path host body out="" rc=0 ok=- t0 a arg argv=()
  dec path "$6"; dec host "$7"; dec body "$8"
  for arg in "\${@:9}"; do dec a "$arg"; argv+=("$a"); done
  t0=\${EPOCHREALTIME/./}
  printf "%s %s S%s\n" "$seq" "$j" "$t0" >&"$note"
  secs tmo "$2"
  case $type in
    tcp) exec 3<>"/dev/tcp/$3/$4" || rc=7 ;;
    http)
      if exec 3<>"/dev/tcp/$3/$4"; then
        printf "GET %s HTTP/1.0\r\nHost: %s\r\nUser-Agent: lvsplan-health\r\nConnection: close\r\n\r\n" "$path" "$host" >&3
        secs tmo $(( t0 + $2 - \${EPOCHREALTIME/./} ))
        if [ -n "$body" ]; then IFS= read -r -N ${CHECK_LIMITS.maxResponseBytes} -t "$tmo" -u 3 out; else IFS= read -r -t "$tmo" -u 3 out; fi
        (( $? > 128 )) && rc=124
      else rc=7; fi ;;
    https) out=$(curl -sSk -i --max-time "$tmo" -H "Host: $host" -H "User-Agent: lvsplan-health" "https://$5:$4$path" 2>&1 | head -c ${CHECK_LIMITS.maxResponseBytes}; exit "\${PIPESTATUS[0]}"); rc=$? ;;
    command) out=$(timeout -k 1 "$tmo" "\${argv[@]}" </dev/null 2>&1 | head -c 4096; exit "\${PIPESTATUS[0]}"); rc=$? ;;
  esac
  if [ -n "$body" ]; then case $out in *"$body"*) ok=1 ;; *) ok=0 ;; esac; fi
  printf "%s\n@@%s %s %s\0" "\${out:0:${ANSWER_HEAD_BYTES}}" "$rc" "$(( \${EPOCHREALTIME/./} - t0 ))" "$ok"
  printf "%s %s E\n" "$seq" "$j" >&"$note"
}
report() {
  local text=\${3:0:${ANSWER_HEAD_BYTES}}
  text=\${text//\\/\\\\}; text=\${text//$'\n'/\\n}; text=\${text//$'\r'/\\r}; text=\${text//$'\t'/\\t}; text=\${text//[[:cntrl:]]/?}
  printf "%s %s %s\n" "$1" "$2" "$text"
}
# settle K LIMIT: reads check K's answer (within LIMIT seconds), reports it (a timeout unless it is whole) and closes its pipe.
settle() {
  local all="" fd=\${fds[$1]}
  IFS= read -r -d "" -t "$2" -u "$fd" all
  if (( $? > 128 )) || [[ $all != *$'\n@@'* ]]; then
    kill "\${pids[$1]}" 2>/dev/null
    report "\${idx[$1]}" "124 \${tmo[$1]} -" "\${all%$'\n@@'*}"
  else
    report "\${idx[$1]}" "\${all##*$'\n@@'}" "\${all%$'\n@@'*}"
  fi
  exec {fd}<&-
  unset "fds[$1]"
}
# round TOOLS: runs the checks in \${lines[@]}, unless a tool they need is missing.
round() {
  local missing=""
  (( BASH_VERSINFO[0] >= 5 )) || missing=" bash"
  [ -d /dev/fd ] || missing="$missing /dev/fd"
  for t in $1; do command -v "$t" >/dev/null 2>&1 || missing="$missing $t"; done
  if [ -n "$missing" ]; then printf "@@missing%s\n" "$missing"; return; fi
  # The note pipe: the script holds both ends, each check's subshell inherits the writing one.
  [ -n "$note" ] || exec {note}<> <(:)
  seq=$((seq + 1))
  local go=\${EPOCHREALTIME/./} at=() l r n rest k now next
  for (( first = 0; first < \${#lines[@]}; first += ${CHECKS_AT_ONCE} )); do
    # J counts on across batches: a late note of a check cut in an earlier batch names none of this one.
    idx=() tmo=() fds=() pids=() due=() j=$first
    for line in "\${lines[@]:first:${CHECKS_AT_ONCE}}"; do
      f=($line)
      exec {fd}< <(check "$seq" "$j" "\${f[@]:1}" 2>&1 </dev/null)
      # A check's time starts when its subshell does (on a busy host a fork can take long): until it says so, its deadline is the start's.
      pids[j]=$! fds[j]=$fd idx[j]=\${f[0]} tmo[j]=\${f[2]} due[j]=$(( \${EPOCHREALTIME/./} + ${START_GRACE_MS * 1000} ))
      j=$((j + 1))
    done
    while (( \${#fds[@]} > 0 )); do
      next=
      for k in "\${!fds[@]}"; do [[ -n $next ]] && (( due[k] >= next )) || next=\${due[k]}; done
      secs limit $(( next - \${EPOCHREALTIME/./} ))
      l=; IFS= read -r -t "$limit" -u "$note" l; r=$?
      # Notes are written whole: one the deadline cut in the middle (read byte by byte on a busy host) is read to its end.
      if (( r > 128 )) && [ -n "$l" ]; then IFS= read -r -t 2 -u "$note" rest; l=$l$rest r=0; fi
      if (( r == 0 )); then
        n=($l) k=\${n[1]}
        # A note from an earlier round (a check cut there) or about a check already reported is old news.
        [[ \${n[0]} == "$seq" && $k =~ ^[0-9]+$ && -n \${fds[k]} ]] || continue
        if [[ \${n[2]} == S* ]]; then
          at+=("\${idx[k]}:$(( \${n[2]#S} - go ))")
          due[k]=$(( \${n[2]#S} + tmo[k] + ${DEADLINE_GRACE_MS * 1000} ))
        # Its answer is whole (written before the note): reading it byte by byte needs no deadline but a bound.
        else settle "$k" 2
        fi
      else
        # No note came by the earliest deadline: every check past its own is cut.
        now=\${EPOCHREALTIME/./}
        for k in "\${!fds[@]}"; do (( due[k] > now )) || settle "$k" 0.001; done
      fi
    done
  done
  printf "@@round %s %s\n" "$(( \${EPOCHREALTIME/./} - go ))" "\${at[*]}"
}
note= seq=0
lines=()
while IFS= read -r line; do
  if [[ $line == ${ROUND_GO}* ]]; then round "\${line#${ROUND_GO}}"; printf "${ROUND_DONE}\n"; lines=(); else lines+=("$line"); fi
done
`.replaceAll('\\${', '${');

/** The same for every round and every set of checks, so one running script serves them all. */
export const CHECK_ARGV: readonly string[] = ['bash', '-c', CHECK_SCRIPT, 'lvsplan-health'];

/** A field for the script: every byte but [A-Za-z0-9._/] as \xHH (printf %b decodes it); empty or null as "-". */
export function scriptField(s: string | null): string {
  if (!s) return '-';
  return [...Buffer.from(s, 'utf8')].map((b) => (/[A-Za-z0-9._/]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `\\x${b.toString(16).padStart(2, '0')}`)).join('');
}

/** The tools a round of checks needs on the director besides bash. */
export function toolsFor(checks: readonly BackendCheck[]): string[] {
  const types = new Set(checks.map((c) => c.spec.type));
  return [...(types.has('command') ? ['timeout'] : []), ...(types.has('https') ? ['curl'] : []), ...(types.has('command') || types.has('https') ? ['head'] : [])];
}

export interface CheckRun {
  argv: readonly string[];
  stdin: string;
  timeoutMs: number;
}

/** The argv and stdin that run `checks` (all from one director) in one round. */
export function buildCheckRun(checks: readonly BackendCheck[]): CheckRun {
  const lines = checks.map((c, i) => {
    const s = c.spec;
    const port = s.port ?? c.port;
    const urlhost = c.target.includes(':') ? `[${c.target}]` : c.target;
    return [i, s.type, s.timeoutMs * 1000, c.target, port, urlhost, scriptField(s.path), scriptField(httpHostHeader(c)), scriptField(s.expectBody), ...s.command.map(scriptField)].join(' ');
  });
  const longest = Math.max(0, ...checks.map((c) => c.spec.timeoutMs));
  const rounds = Math.ceil(checks.length / CHECKS_AT_ONCE);
  return { argv: CHECK_ARGV, stdin: `${[...lines, `${ROUND_GO} ${toolsFor(checks).join(' ')}`].join('\n')}\n`, timeoutMs: rounds * (START_GRACE_MS + longest + DEADLINE_GRACE_MS) + 30_000 };
}
