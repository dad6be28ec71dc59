import { ok, refuse, type Built } from '../result.js';
import { sysctlNameError, sysctlPath } from './name.js';
import { normaliseSysctlValue, sysctlValueError } from './value.js';

/** ['sysctl','-q','-w','name=value'] with the value normalised; refused for invalid names or values. */
export function sysctlWriteArgv(name: string, value: string): Built<string[]> {
  const nameError = sysctlNameError(name);
  if (nameError) return refuse(nameError);
  const valueError = sysctlValueError(value);
  if (valueError) return refuse(valueError);
  const v = normaliseSysctlValue(value);
  if (v === '') return refuse('a sysctl value must not be blank');
  return ok(['sysctl', '-q', '-w', `${name}=${v}`]);
}

/** The shell function SYSCTL_WRITE_FUNCTION defines: `lvsplan_sysctl_write NAME PATH VALUE`. */
export const SYSCTL_WRITE_CALL = 'lvsplan_sysctl_write';

/**
 * What `sysctl -q -w NAME=VALUE` does, done by the shell itself: the value and a newline written into
 * the name's /proc/sys file (sysctlPath: an interface name's dots, '/' in the name, are dots there), as
 * procps' sysctl writes it; no process started. When the file is missing or the kernel refuses the value,
 * the real `sysctl` is run for the same write, so the failure reads and exits as sysctl's own ("cannot
 * stat ...", "setting key ...: Invalid argument"); a host without sysctl gets a line of this function's.
 * Writes nothing on stdout and returns (never exits), so a script can run it in its own shell.
 */
export const SYSCTL_WRITE_FUNCTION = `${SYSCTL_WRITE_CALL}() {
  if [ -f "$2" ] && { printf '%s\\n' "$3" > "$2"; } 2>/dev/null; then return 0; fi
  if command -v sysctl >/dev/null 2>&1; then sysctl -q -w "$1=$3"; return; fi
  printf 'sysctl: setting key "%s": cannot write %s\\n' "$1" "$2" >&2; return 1
}`;

/** The call of SYSCTL_WRITE_FUNCTION that does what a sysctlWriteArgv argv does, or null for any other argv. */
export function sysctlWriteCall(argv: readonly string[]): string[] | null {
  if (argv.length !== 4 || argv[0] !== 'sysctl' || argv[1] !== '-q' || argv[2] !== '-w') return null;
  const eq = argv[3]!.indexOf('=');
  const name = argv[3]!.slice(0, eq);
  const value = argv[3]!.slice(eq + 1);
  const built = eq < 0 ? null : sysctlWriteArgv(name, value);
  if (!built?.ok || built.value[3] !== argv[3]) return null;
  return [SYSCTL_WRITE_CALL, name, sysctlPath(name), value];
}

/** The sysctlWriteArgv argv a call of SYSCTL_WRITE_FUNCTION stands for, or null when it is not one (or its path is not the name's). */
export function sysctlWriteOfCall(call: readonly string[]): string[] | null {
  if (call.length !== 4 || call[0] !== SYSCTL_WRITE_CALL) return null;
  const argv = ['sysctl', '-q', '-w', `${call[1]}=${call[3]}`];
  const again = sysctlWriteCall(argv);
  return again && again[2] === call[2] ? argv : null;
}
