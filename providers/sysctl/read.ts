import type { ResourceInstance } from '../../src/model/resource.js';
import { sysctlNameError, sysctlPath } from './name.js';
import { normaliseSysctlValue } from './value.js';

/**
 * Reading sysctls: one constant shell function over (name, path) pairs passed as positional
 * parameters, printing "V<TAB>name<TAB>value" (the file's lines joined by spaces) or "M<TAB>name"
 * (missing or unreadable) per name. One `grep` reads every file, each line prefixed with its path,
 * so a read starts one program whatever the number of sysctls (a `tr` per sysctl before). The shell's
 * own `read` cannot do it: dash reads a byte at a time, and a /proc/sys number file read at an offset
 * past 0 reads as empty, so `read` got "3" out of "32768 60999". The function writes nothing on stderr
 * (grep's complaints about a missing or unreadable file are dropped: such a name is "M"), so it runs in
 * the reading shell. A grep that cannot run at all prints a line the parser reports. (GREP_OPTIONS, which
 * old GNU greps obey, could add colours or context: unset.)
 */
export const SYSCTL_READ_FUNCTION = `lvsplan_sysctls() {
  [ "$#" -ge 2 ] || return 0
  __out=$(__k=$(($# / 2)); while [ "$__k" -gt 0 ]; do set -- "$@" "$2"; shift 2; __k=$((__k - 1)); done; unset GREP_OPTIONS; exec grep -a -H -s -e '' -- "$@" 2>/dev/null)
  __rc=$?
  if [ "$__rc" -gt 2 ]; then printf 'grep could not read the sysctls (exit status %s)\\n' "$__rc"; return 0; fi
  __nl='
'
  while [ "$#" -ge 2 ]; do
    __v=; __n=0
    while :; do
      case $__out in "$2:"*) ;; *) break ;; esac
      __l=\${__out%%"$__nl"*}
      __out=\${__out#"$__l"}; __out=\${__out#"$__nl"}
      __v="$__v\${__l#"$2:"} "; __n=1
    done
    if [ "$__n" = 1 ]; then printf 'V\\t%s\\t%s\\n' "$1" "$__v"; else printf 'M\\t%s\\n' "$1"; fi
    shift 2
  done
}`;

/** Positional parameters for SYSCTL_READ_FUNCTION; null with the first invalid name. */
export function sysctlReadParams(names: readonly string[]): { params: string[] } | { error: string } {
  const params: string[] = [];
  for (const n of names) {
    const e = sysctlNameError(n);
    if (e) return { error: e };
    params.push(n, sysctlPath(n));
  }
  return { params };
}

/** A standalone argv that reads the given sysctls. */
export function sysctlReadArgv(names: readonly string[]): { argv: string[] } | { error: string } {
  const p = sysctlReadParams(names);
  if ('error' in p) return p;
  return { argv: ['sh', '-c', `${SYSCTL_READ_FUNCTION}\nlvsplan_sysctls "$@"`, 'lvsplan-sysctl', ...p.params] };
}

export interface SysctlRead {
  values: Map<string, string>;
  missing: string[];
  problems: string[];
}

export function parseSysctlRead(text: string): SysctlRead {
  const values = new Map<string, string>();
  const missing: string[] = [];
  const problems: string[] = [];
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const parts = line.split('\t');
    if (parts[0] === 'V' && parts.length >= 3 && !sysctlNameError(parts[1])) {
      values.set(parts[1]!, normaliseSysctlValue(parts.slice(2).join('\t')));
    } else if (parts[0] === 'M' && parts.length === 2 && !sysctlNameError(parts[1])) {
      missing.push(parts[1]!);
    } else {
      problems.push(`cannot read sysctl line: ${line}`);
    }
  }
  return { values, missing, problems };
}

export function sysctlsToResources(host: string, values: ReadonlyMap<string, string>): ResourceInstance[] {
  return [...values].map(([name, value]) => ({ host, type: 'sysctl' as const, id: name, attrs: { name, value } }));
}
