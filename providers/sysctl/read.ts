import type { ResourceInstance } from '../../src/model/resource.js';
import { sysctlNameError, sysctlPath } from './name.js';
import { normaliseSysctlValue } from './value.js';

/**
 * Reading sysctls: one constant shell function over (name, path) pairs passed as positional
 * parameters, printing "V<TAB>name<TAB>value" or "M<TAB>name" (missing or unreadable) per name.
 */
export const SYSCTL_READ_FUNCTION = `lvsplan_sysctls() {
  while [ "$#" -ge 2 ]; do
    if [ -r "$2" ] && __v=$(tr '\\n' ' ' < "$2" 2>/dev/null); then
      printf 'V\\t%s\\t%s\\n' "$1" "$__v"
    else
      printf 'M\\t%s\\n' "$1"
    fi
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
