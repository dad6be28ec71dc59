/**
 * The compare-and-swap weight edit as bash functions, shared by the two long-lived director processes that make one:
 * `lvsplan watch`'s editor (src/apply/quick-edit-script.ts) and the check process armed with an edit
 * (providers/health/check-script.ts). Both run it while the editor holds the host's apply lock.
 *
 * cas_apply READ, with $want (the lines the table must have, each ending in a newline) and $edits (the `-e` lines to
 * write instead): reads the table once (READ: see TableRead; cas_swap alone takes a read made earlier, in $now and
 * $rc, under the same lock), and only if every wanted line is there, whole, writes the
 * edits to the `ipvsadm -R` started ahead by `restorer` (so the edit pays no program start; one that ended meanwhile
 * is replaced first). It sets status applied (rc: ipvsadm -R's, out: its output), moved (nothing applied, out: the
 * index of the first line that moved) or failed (the read failed, out: why); used=1 when the restorer was used (start
 * the next one); t2 when the read ended and t3 when the restore did ($EPOCHREALTIME microseconds; t1 is the caller's).
 * A restorer reads lines from $req and answers on $res (open it first: `exec {res}<> <(:)`): its output, then
 * "@@rc SEQ STATUS". Lines are data: matched as whole lines by `case` and written to ipvsadm, never parsed by the shell.
 */
// bash's own expansions are written \${...} here.
export const IPVS_CAS_FUNCTIONS = String.raw`
nl=$'\n'
us() { printf -v "$1" %s "\${EPOCHREALTIME/./}"; }
# Each restorer answers with its own number, so what one that overran prints later is told apart.
restorer() { rseq=$((rseq + 1)); exec {req}> >(exec >&"$res" 2>&1 9>&-; ipvsadm -R; printf '@@rc %s %s\n' "$rseq" "$?"); rpid=$!; }
# answer SECONDS: out and rc from the current restorer's answer.
answer() {
  local l; out=; rc=124
  while IFS= read -r -t "$1" -u "$res" l; do
    case $l in "@@rc $rseq "*) rc=\${l##* }; return ;; "@@rc "*) out= ;; *) out=$out$l$nl ;; esac
  done
  out="\${out}ipvsadm -R did not answer within $1 s"
}
# proc_read: now = the IPv4 destinations of $table (/proc/net/ip_vs) as ipvsadm -Sn prints them; others are left out.
# An address is matched by a glob and converted by substrings (a regex there cost twice the CPU, under emulation ~50 ms).
hexaddr='[0-9A-F][0-9A-F][0-9A-F][0-9A-F][0-9A-F][0-9A-F][0-9A-F][0-9A-F]:[0-9A-F][0-9A-F][0-9A-F][0-9A-F]'
proc_read() {
  local f svc= opt m a
  now=; rc=0
  if [ ! -r "$table" ]; then now="cannot read $table"; rc=1; return; fi
  while read -r -a f; do
    case \${f[0]} in
      TCP) opt=-t ;; UDP) opt=-u ;; SCTP) opt=--sctp-service ;;
      '->')
        a=\${f[1]}
        [ -n "$svc" ] && [[ $a == $hexaddr ]] || continue
        case \${f[2]} in Route|Local) m=-g ;; Masq) m=-m ;; *) continue ;; esac
        now="$now-a $svc -r $((16#\${a:0:2})).$((16#\${a:2:2})).$((16#\${a:4:2})).$((16#\${a:6:2})):$((16#\${a:9:4})) $m -w \${f[3]}$nl"
        continue ;;
      *) svc=; continue ;;
    esac
    svc= a=\${f[1]}
    [[ $a == $hexaddr ]] && svc="$opt $((16#\${a:0:2})).$((16#\${a:2:2})).$((16#\${a:4:2})).$((16#\${a:6:2})):$((16#\${a:9:4}))"
  done < "$table"
}
cas_apply() {
  local now
  rc=0
  if [ "$1" = proc ]; then proc_read; else now=$(ipvsadm -Sn 2>&1 9>&-); rc=$?; fi
  us t2
  cas_swap
}
# cas_swap: cas_apply's compare and write, given its read ($now, $rc) and t2.
cas_swap() {
  local k=0 rest=$want line
  status=failed; out=; used=; t3=$t2
  if [ "$rc" -ne 0 ]; then out=$now; return; fi
  status=applied
  while [ -n "$rest" ]; do
    line=\${rest%%"$nl"*}; rest=\${rest#*"$nl"}
    case "$nl$now$nl" in *"$nl$line$nl"*) ;; *) status=moved; out=$k; return ;; esac
    k=$((k+1))
  done
  # A restorer that ended while it waited (ipvsadm could not start, say) has answered or is gone: replaced.
  if read -t 0 -u "$res" || ! kill -0 "$rpid" 2>/dev/null; then answer 1; exec {req}>&-; restorer; fi
  printf '%s' "$edits" >&"$req"; exec {req}>&-; used=1
  answer 30; us t3
}
`.replaceAll('\\${', '${');

/** Where the table is read when the lines compared can be read there without a program. */
export const IPVS_PROC_TABLE = '/proc/net/ip_vs';

/**
 * How the table is read for the compare-and-swap: `proc` reads /proc/net/ip_vs with bash builtins (no program
 * starts) and rewrites its IPv4 destinations as `ipvsadm -Sn` prints them; `ipvsadm` runs `ipvsadm -Sn`.
 */
export type TableRead = 'proc' | 'ipvsadm';

/** One destination's edit: the line the plan assumes the director has now, and the `-e` line to run instead. */
export interface EditPair {
  expected: string;
  edit: string;
}

/** A line the scripts carry as one line of data: printable ASCII, as the ipvs builders make them. */
const SAFE_LINE = /^-[ae] [ -~]+$/;

/** Why these pairs cannot be sent to a director as lines of data, or null when they can. */
export function pairsProblem(pairs: readonly EditPair[]): string | null {
  if (pairs.length === 0) return 'no edit';
  for (const p of pairs) {
    if (!SAFE_LINE.test(p.expected) || !p.expected.startsWith('-a ')) return `not a destination line: ${JSON.stringify(p.expected)}`;
    if (!SAFE_LINE.test(p.edit) || !p.edit.startsWith('-e ')) return `not an edit line: ${JSON.stringify(p.edit)}`;
  }
  return null;
}

/** The pairs as lines (expected, then edit, each pair), as both scripts read them after their request's header. */
export const pairLines = (pairs: readonly EditPair[]): string => pairs.map((p) => `${p.expected}\n${p.edit}\n`).join('');
