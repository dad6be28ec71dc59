import { CHECK_LIMITS, httpHostHeader, type BackendCheck } from '../../src/model/health.js';
import { IPVS_CAS_FUNCTIONS, pairLines, pairsProblem, type EditPair, type TableRead } from '../ipvs/cas-script.js';
import { passRule } from './pass-rule.js';

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
 * The stdin line that schedules the checks sent before it, "@@loop TOOLS": the script runs them from then on, each every its
 * interval on its own clock, in rounds of those due together, each answered as a round is (see CHECK_SCRIPT).
 */
export const SCHEDULE = '@@loop';
/** Checks due within this much of the earliest due one run in its round (so checks of one interval stay in one round). */
export const ROUND_GATHER_MS = 20;
/** A stdin line that arms a check's next scheduled round with an edit (see CheckArm), and the line that says what came of it. */
export const ROUND_ARM = '@@arm';
export const ARMED_EDITED = '@@edited';
/** The line after the round an arm was for (or at once, when that round had already run): "@@disarmed IDX". */
export const DISARMED = '@@disarmed';
/** How long an armed check whose result failed waits for the editor to hold the lock (its holder in the lock file). */
export const ARM_LOCK_WAIT_MS = 1500;
/** A stdin line between rounds: start the `ipvsadm -R` an armed edit will write to, unless one waits (an arm may follow). */
export const EDIT_PRESTART = '@@restorer';
/**
 * An armed round reads the table from /proc as it starts, while its checks run, under the editor's lock: the edit
 * compares with that read when the failing result comes within this much of the read's start, else reads again. So the
 * read is off the path from the result to the edit (4-170 ms under the lab's emulation) and the compare-and-swap's read
 * is never older than this (the read alone, after the result, took up to that long).
 */
export const PRE_READ_FRESH_MS = 150;

/**
 * `passes RULE RC OK TEXT`: exit 0 when a check's result passes. The same function as pass-rule.ts's `passes`
 * (RULE from passRule, OK the body's match: - 0 1), in bash for the armed check; a unit test holds them equal.
 */
export const PASSES_FUNCTION = String.raw`
passes() {
  local r code
  (( $2 != 124 )) || return 1
  [ "$1" != - ] || return $(( $2 != 0 ))
  [[ $4 =~ ^HTTP/[0-9](\.[0-9])?\ ([0-9][0-9][0-9]) ]] && [ "$3" != 0 ] || return 1
  code=$((10#\${BASH_REMATCH[2]}))
  for r in \${1//,/ }; do (( code >= 10#\${r%-*} && code <= 10#\${r#*-} )) && return 0; done
  return 1
}
`.replaceAll('\\${', '${');

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
 * RC 124 is a timeout. Before "@@done", "@@round SEQ US LATE_US IDX:US..." says which round it was (counted from 1 by the
 * process), how long it took there, how late after its checks were due it started and how long after its start each
 * check's subshell started (bash's $EPOCHREALTIME, the director's own clock). A missing tool (or a bash older than 5.0,
 * or no /dev/fd for bash's process substitution) prints "@@missing TOOL..." and nothing runs that round.
 * `plan` and `apply` send one round ("@@go"); `lvsplan watch` sends its checks once ("@@loop", see SCHEDULE) and the script
 * runs their rounds on its own clock, taking lvsplan's lines between rounds (stdin is read with a timeout until the next
 * round is due), so a late lvsplan delays no round. Each check is due every its interval (its line's second field) from
 * its previous due time (after a round that ran past it, an interval from then): checks of one interval run together.
 * The next round's subshells are forked as soon as a round ends, each waiting (`read -t`) until that round is due: its
 * checks start when it is due, not a fork later (one batch: a round of more checks forks the rest when it runs).
 * An "@@arm ..." line (see CheckArm and armLine) arms check IDX's first round after round AFTER (the round of the result
 * it follows: an arm that comes after that check's next round began is dropped) with `lvsplan watch`'s quick edit: if
 * that check's result fails (`passes`, the rule lvsplan judges results by), the script makes the edit itself before
 * printing the result (cas_apply, as the editor does, under the lock the editor holds: its holder must be in the lock
 * file; with the table read as the round began, see PRE_READ_FRESH_MS) and prints
 * "@@edited IDX STATUS RC READ_US RESTORE_US AHEAD_US TEXT" first (AHEAD_US: how long before the result the read began,
 * 0 when it was read after the result); "@@disarmed IDX" follows that round (or the
 * arm at once when dropped). The arm's `ipvsadm -R` is started by a "@@restorer" line between rounds (lvsplan sends it
 * when the backend becomes one result short), else when the arm arrives; one left waiting serves, so the edit starts no program.
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
# escape VAR TEXT: VAR = TEXT's head with \\ \n \r \t escaped and other control bytes as '?'.
escape() {
  local esc=\${2:0:${ANSWER_HEAD_BYTES}}
  esc=\${esc//\\/\\\\}; esc=\${esc//$'\n'/\\n}; esc=\${esc//$'\r'/\\r}; esc=\${esc//$'\t'/\\t}; esc=\${esc//[[:cntrl:]]/?}
  printf -v "$1" %s "$esc"
}
report() {
  local text
  escape text "$3"
  printf "%s %s %s\n" "$1" "$2" "$text"
}
${PASSES_FUNCTION}
${IPVS_CAS_FUNCTIONS}
# arm J AFTER VALID_MS READ N RULE LOCK HOLDER TABLE, then N pairs of lines (the line the table must have, its -e line):
# check J's first round after round AFTER is armed with that edit, valid for VALID_MS from now; dropped if that round ran.
arm() {
  local i w e
  arm_j=$1 arm_after=$2 arm_read=$4 arm_rule=$6 arm_until=$(( \${EPOCHREALTIME/./} + $3 * 1000 ))
  dec arm_lock "$7"; dec arm_holder "$8"; dec table "$9"
  want= edits=
  for (( i = 0; i < $5; i++ )); do IFS= read -r w && IFS= read -r e || break; want=$want$w$nl; edits=$edits$e$nl; done
  if [[ \${jseq[$1]} != "$2" ]]; then arm_j=; printf "${DISARMED} %s\n" "$1"; return; fi
  prestart
}
# prestart: an ipvsadm -R waits for an armed edit's lines (one started earlier serves), so the edit pays no program start.
prestart() {
  [ -n "$res" ] || exec {res}<> <(:)
  [ -n "$rpid" ] && kill -0 "$rpid" 2>/dev/null || restorer
}
# editor_holds: whether the lock file names the arm's holder (this watch's editor) as its holder.
editor_holds() {
  local h=
  { IFS= read -r h < "$arm_lock"; } 2>/dev/null
  [ "$h" = "$arm_holder" ]
}
# pre_read: in a round with the armed check (round() has emptied pre_at), the table as the round starts (while its
# checks run), when the editor already holds the lock and the arm reads /proc: pre_now and pre_rc as cas_swap takes
# them, read from pre_at for pre_us.
pre_read() {
  local now rc t
  [[ $arm_read == proc ]] && editor_holds || return 0
  us t
  proc_read
  pre_now=$now pre_rc=$rc pre_at=$t pre_us=$(( \${EPOCHREALTIME/./} - t ))
}
# armed_edit IDX RC OK TEXT: the armed check's result. When it fails (passes: lvsplan's own rule), the edit is made
# (cas_apply, or cas_swap with the round's own read when it is fresh) if the editor still holds the lock for this watch
# (its holder in the lock file) and the arm is not stale; then "@@edited IDX STATUS RC READ_US RESTORE_US AHEAD_US TEXT",
# STATUS also unlocked or late (nothing applied).
armed_edit() {
  local t1 t2 t3 held=1 text waited=\${EPOCHREALTIME/./} read_us ahead=0 now
  arm_j=
  passes "$arm_rule" "$2" "$3" "$4" && return
  # The editor may still be taking the lock (flock, a program start, took up to 1.3 s under the lab's emulation): it is
  # waited for, within the arm's validity, at most ${ARM_LOCK_WAIT_MS} ms (the round's other results wait meanwhile).
  until editor_holds; do
    (( \${EPOCHREALTIME/./} < arm_until && \${EPOCHREALTIME/./} - waited < ${ARM_LOCK_WAIT_MS * 1000} )) || { held=; break; }
    read -t 0.02 -u "$idle"
  done
  us t1; t2=$t1; t3=$t1; rc=0; out=; used=
  if [ -z "$held" ]; then status=unlocked
  elif (( t1 > arm_until )); then status=late
  # A restorer that ended before its lines came must not end the script when they are written.
  elif [ -n "$pre_at" ] && (( t1 - pre_at <= ${PRE_READ_FRESH_MS * 1000} )); then
    trap '' PIPE; now=$pre_now rc=$pre_rc ahead=$(( t1 > pre_at ? t1 - pre_at : 1 )); cas_swap; trap - PIPE
  else trap '' PIPE; cas_apply "$arm_read"; trap - PIPE
  fi
  read_us=$(( ahead ? pre_us : t2 - t1 ))
  escape text "\${out%$nl}"
  printf "${ARMED_EDITED} %s %s %s %s %s %s %s\n" "$1" "$status" "$rc" "$read_us" $((t3 - t2)) "$ahead" "$text"
  [ -z "$used" ] || restorer
}
# settle K LIMIT: reads check K's answer (within LIMIT seconds), reports it (a timeout unless it is whole) and closes its pipe.
settle() {
  local all="" fd=\${fds[$1]} got
  IFS= read -r -d "" -t "$2" -u "$fd" all
  if (( $? > 128 )) || [[ $all != *$'\n@@'* ]]; then
    kill "\${pids[$1]}" 2>/dev/null
    got="124 \${tmo[$1]} -"
  else
    got=\${all##*$'\n@@'}
  fi
  local f=($got)
  [[ \${idx[$1]} != "$arm_j" ]] || armed_edit "\${idx[$1]}" "\${f[0]}" "\${f[2]}" "\${all%$'\n@@'*}"
  report "\${idx[$1]}" "$got" "\${all%$'\n@@'*}"
  exec {fd}<&-
  unset "fds[$1]"
}
# lacks TOOLS: lacking = what the checks need that is not there (a bash older than 5.0, /dev/fd, a tool).
lacks() {
  lacking=
  (( BASH_VERSINFO[0] >= 5 )) || lacking=" bash"
  [ -d /dev/fd ] || lacking="$lacking /dev/fd"
  for t in $1; do command -v "$t" >/dev/null 2>&1 || lacking="$lacking $t"; done
  [ -n "$lacking" ]
}
# hold AT: in a check's subshell, waits until AT (epoch microseconds; one past or 0: not at all).
hold() {
  local w=$(( $1 - \${EPOCHREALTIME/./} ))
  # The armed edit's ipvsadm -R must see the end of its input when the script closes it, not when this check ends.
  [ -z "$req" ] || exec {req}>&-
  (( w > 0 )) || return 0
  secs w "$w"
  read -t "$w" -u "$idle"
}
# spawn SEQ AT: a subshell per check of \${lines[@]:first:${CHECKS_AT_ONCE}} (J counting on from $first), each holding until AT
# and then running its check as round SEQ's: started ahead of a scheduled round, its checks start at its due time, not
# a fork later (a fork of this script took 100-400 ms under the lab's emulation).
spawn() {
  local line f fd from=$(( $2 > \${EPOCHREALTIME/./} ? $2 : \${EPOCHREALTIME/./} ))
  # The note pipe: the script holds both ends, each check's subshell inherits the writing one. The idle pipe is never written.
  [ -n "$note" ] || exec {note}<> <(:)
  [ -n "$idle" ] || exec {idle}<> <(:)
  idx=() tmo=() fds=() pids=() due=() j=$first
  for line in "\${lines[@]:first:${CHECKS_AT_ONCE}}"; do
    f=($line)
    exec {fd}< <(hold "$2"; check "$1" "$j" "\${f[@]:2}" 2>&1 </dev/null)
    # A check's time starts when its subshell does (on a busy host a fork can take long): until it says so, its deadline is the start's.
    pids[j]=$! fds[j]=$fd idx[j]=\${f[0]} tmo[j]=\${f[3]} due[j]=$(( from + ${START_GRACE_MS * 1000} ))
    j=$((j + 1))
  done
  spawned=$1
}
# unspawn: ends the subshells spawned ahead of a round that will not run (a new schedule, the end of stdin).
unspawn() {
  local k fd
  [ -n "$spawned" ] || return 0
  for k in "\${!fds[@]}"; do fd=\${fds[k]}; kill "\${pids[k]}" 2>/dev/null; exec {fd}<&-; done
  idx=() tmo=() fds=() pids=() due=() spawned=
}
# round TOOLS: runs the checks in \${lines[@]} (the first batch's subshells perhaps spawned ahead), unless a tool they need is missing.
round() {
  if lacks "$1"; then unspawn; printf "@@missing%s\n" "$lacking"; return; fi
  seq=$((seq + 1)) pre_at=
  local go=\${EPOCHREALTIME/./} at=() l r n rest k now next
  for (( first = 0; first < \${#lines[@]}; first += ${CHECKS_AT_ONCE} )); do
    # J counts on across batches: a late note of a check cut in an earlier batch names none of this one.
    [[ $first == 0 && $spawned == "$seq" ]] || spawn "$seq" 0
    spawned=
    for k in "\${!idx[@]}"; do jseq[\${idx[k]}]=$seq; done
    [[ $first != 0 || -z $arm_j || \${jseq[$arm_j]} != "$seq" ]] || pre_read
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
  printf "@@round %s %s %s %s\n" "$seq" "$(( \${EPOCHREALTIME/./} - go ))" "$(( round_due ? go - round_due : 0 ))" "\${at[*]}"
}
# schedule TOOLS: the checks sent since the last round (\${incoming[@]}) are run from now on (see SCHEDULE), replacing any before.
schedule() {
  local now=\${EPOCHREALTIME/./} k f
  unspawn
  sched=("\${incoming[@]}") every=() next_due=() tools=$1 incoming=() arm_j= picked=
  for k in "\${!sched[@]}"; do f=(\${sched[k]}); every[k]=$(( f[1] > 0 ? f[1] : 1000000 )) next_due[k]=$now; done
}
# pick: lines = the scheduled checks due next (within ${ROUND_GATHER_MS} ms of the earliest; the armed one first), round_due = when;
# each is then due an interval later (an interval from now when it falls behind).
pick() {
  local now=\${EPOCHREALTIME/./} k f min= ref
  for k in "\${!next_due[@]}"; do (( min && min <= next_due[k] )) || min=\${next_due[k]}; done
  ref=$(( min > now ? min : now )) lines=() round_due=$min picked=1
  for k in "\${!sched[@]}"; do
    (( next_due[k] <= min + ${ROUND_GATHER_MS * 1000} )) || continue
    f=(\${sched[k]})
    if [[ \${f[0]} == "$arm_j" ]]; then lines=("\${sched[k]}" "\${lines[@]}"); else lines+=("\${sched[k]}"); fi
    next_due[k]=$(( next_due[k] + every[k] ))
    (( next_due[k] > ref )) || next_due[k]=$(( ref + every[k] ))
  done
}
# scheduled: the scheduled round now due (picked and perhaps spawned ahead, else picked now); then the next one is picked
# and, unless it has more checks than one batch, spawned ahead.
scheduled() {
  local line f armed=
  [ -n "$picked" ] || pick
  picked=
  for line in "\${lines[@]}"; do f=($line); [[ \${f[0]} != "$arm_j" ]] || armed=$arm_j; done
  # An arm is for the check's first round after the round it names: one that came after it is dropped.
  [[ -z $armed || \${jseq[$armed]} == "$arm_after" ]] || arm_j=
  round "$tools"
  if [ -n "$armed" ]; then arm_j=; printf "${DISARMED} %s\\n" "$armed"; fi
  printf "${ROUND_DONE}\\n"
  pick
  if (( \${#lines[@]} <= ${CHECKS_AT_ONCE} )) && ! lacks "$tools"; then first=0; spawn $((seq + 1)) "$round_due"; fi
}
note= idle= seq=0 res= req= rpid= arm_j= round_due= tools= spawned= picked= pre_at=
lines=() incoming=() sched=() every=() next_due=() jseq=()
while :; do
  line=
  if (( \${#sched[@]} > 0 )); then
    # Scheduled checks: stdin is read until the next round is due (the one picked ahead, else the earliest), then it runs.
    next=$round_due
    if [ -z "$picked" ]; then next=; for k in "\${!next_due[@]}"; do (( next && next <= next_due[k] )) || next=\${next_due[k]}; done; fi
    left=$(( next - \${EPOCHREALTIME/./} ))
    if (( left <= 0 )); then scheduled; continue; fi
    secs limit "$left"
    IFS= read -r -t "$limit" line; r=$?
    if (( r > 128 )); then
      [ -n "$line" ] || continue
      # A line the timeout cut: lvsplan writes whole lines, its end is on its way.
      IFS= read -r rest; r=$? line=$line$rest
    fi
  else IFS= read -r line; r=$?; fi
  # The end of stdin (a last line without its newline is still taken).
  (( r == 0 )) || [ -n "$line" ] || break
  if [[ $line == ${ROUND_GO}* ]]; then
    unspawn; lines=("\${incoming[@]}") incoming=() round_due=
    round "\${line#${ROUND_GO}}"; printf "${ROUND_DONE}\n"; lines=() arm_j=
  elif [[ $line == ${SCHEDULE}* ]]; then schedule "\${line#${SCHEDULE}}"
  elif [[ $line == "${ROUND_ARM} "* ]]; then f=($line); arm "\${f[@]:1}"
  elif [[ $line == "${EDIT_PRESTART}" ]]; then prestart
  else incoming+=("$line"); fi
  (( r == 0 )) || break
done
# The end of stdin: the subshells of a round spawned ahead end, and an armed edit's waiting ipvsadm -R ends with nothing to do.
unspawn
[ -z "$req" ] || exec {req}>&-
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

/**
 * A scheduled check armed with the edit `lvsplan watch` would make at its verdict, for its first round after round
 * `after` (the round of the result that made its backend one failing result short of down): when that round's result
 * fails, the check process makes the edit at once, as the editor would (compare-and-swap, cas-script.ts), while the
 * editor holds the lock taken ahead for it. lockPath and holder say whose lock that is: without the holder in the lock
 * file, or once validMs have passed since the arm arrived, nothing is applied.
 */
export interface CheckArm {
  /** The check's index in the scheduled set. */
  index: number;
  /** The round (as its "@@round" line numbers it) whose result the arm follows. */
  after: number;
  validMs: number;
  read: TableRead;
  pairs: readonly EditPair[];
  lockPath: string;
  holder: string;
  /** Where /proc/net/ip_vs is (a test's table elsewhere). */
  table: string;
}

/** Each check's stdin line: its index, interval, then what check() takes (see CHECK_SCRIPT). */
function checkLines(checks: readonly BackendCheck[]): string[] {
  return checks.map((c, i) => {
    const s = c.spec;
    const port = s.port ?? c.port;
    const urlhost = c.target.includes(':') ? `[${c.target}]` : c.target;
    return [i, s.intervalMs * 1000, s.type, s.timeoutMs * 1000, c.target, port, urlhost, scriptField(s.path), scriptField(httpHostHeader(c)), scriptField(s.expectBody), ...s.command.map(scriptField)].join(' ');
  });
}

/** How long a round of `checks` may take at most there (every batch's start grace, timeout and kill grace), with a margin. */
function roundBoundMs(checks: readonly BackendCheck[]): number {
  const longest = Math.max(0, ...checks.map((c) => c.spec.timeoutMs));
  return Math.ceil(checks.length / CHECKS_AT_ONCE) * (START_GRACE_MS + longest + DEADLINE_GRACE_MS) + 30_000;
}

/** The stdin that sends `checks` and then `command` ("@@go" or "@@loop") with the tools they need. */
function checksStdin(checks: readonly BackendCheck[], command: string): string {
  return `${[...checkLines(checks), `${command} ${toolsFor(checks).join(' ')}`].join('\n')}\n`;
}

/** The argv and stdin that run `checks` (all from one director) in one round. */
export function buildCheckRun(checks: readonly BackendCheck[]): CheckRun {
  return { argv: CHECK_ARGV, stdin: checksStdin(checks, ROUND_GO), timeoutMs: roundBoundMs(checks) };
}

/**
 * The stdin that schedules `checks` (all from one director) in a check process (see SCHEDULE), replacing any set before,
 * and the longest a round of them may take there.
 */
export function buildSchedule(checks: readonly BackendCheck[]): { stdin: string; roundBoundMs: number } {
  return { stdin: checksStdin(checks, SCHEDULE), roundBoundMs: roundBoundMs(checks) };
}

/** The stdin lines that arm a scheduled check (see CheckArm) of `checks`, the scheduled set; null when the arm cannot be sent. */
export function armLines(checks: readonly BackendCheck[], arm: CheckArm): string | null {
  const c = checks[arm.index];
  if (!c || pairsProblem(arm.pairs) || !Number.isInteger(arm.after)) return null;
  return `${[ROUND_ARM, arm.index, arm.after, Math.max(0, Math.floor(arm.validMs)), arm.read, arm.pairs.length, passRule(c.spec), scriptField(arm.lockPath), scriptField(arm.holder), scriptField(arm.table)].join(' ')}\n${pairLines(arm.pairs)}`;
}
