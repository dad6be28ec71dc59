import type { HostRole } from '../src/model/hosts.js';
import { STATE_RECORD_PATH } from '../src/model/state-record.js';
import { ok, refuse, type Built } from './result.js';
import { SYSCTL_READ_FUNCTION, sysctlReadParams } from './sysctl/read.js';

/**
 * The one command that reads a host. Its text is a constant: the role, the state record path and
 * the sysctl (name, /proc/sys path) pairs arrive as validated positional parameters, never
 * interpolated. Each section prints
 *   @@lvsplan:begin NAME\n STDOUT \n@@lvsplan:stderr NAME\n STDERR \n@@lvsplan:end NAME RC\n
 * or "@@lvsplan:skip NAME\n", and the script ends with "@@lvsplan:done".
 *
 * On an emulated host every process start costs a few hundred milliseconds of CPU, so the read starts
 * few: a section that runs a program captures its stderr in one command substitution whose process
 * becomes the program (one fork, one exec); a section that is a shell function writing nothing on
 * stderr runs in the reading shell itself (no process). A real server's read starts `ip`, one `grep`
 * for all its sysctls and, when there is a state record, `cat` (not in the re-read that ends an apply step,
 * which skips the state section); a director's adds the two `ipvsadm`.
 */
export const MARK = '@@lvsplan:';
export const STATE_ABSENT_RC = 44;

export const SECTIONS = ['has-ipvsadm', 'ipvs-save', 'ipvs-thresholds', 'addresses', 'sysctls', 'state'] as const;
export type SectionName = (typeof SECTIONS)[number];

export const HOST_READ_SCRIPT = [
  'PATH="$PATH:/usr/local/sbin:/usr/sbin:/sbin"',
  'LC_ALL=C; export LC_ALL',
  'lvsplan_role=$1; lvsplan_state_path=$2; shift 2',
  SYSCTL_READ_FUNCTION,
  `lvsplan_state_absent() { return ${STATE_ABSENT_RC}; }`,
  // A program: its stdout goes straight out, its stderr is captured (trailing newlines dropped) and printed after it.
  // `exec`: the substitution's process becomes the program, where bash (as dash does not) would fork it again.
  'lvsplan_section() {',
  '  __name=$1; shift',
  `  printf '%s\\n' "${MARK}begin $__name"`,
  '  { __err=$(exec "$@" 2>&1 1>&3 3>&-); } 3>&1',
  '  __rc=$?',
  `  printf '\\n%s\\n%s\\n%s\\n' "${MARK}stderr $__name" "$__err" "${MARK}end $__name $__rc"`,
  '}',
  // A shell function or builtin that writes nothing on stderr: run here, no process.
  'lvsplan_quiet_section() {',
  '  __name=$1; shift',
  `  printf '%s\\n' "${MARK}begin $__name"`,
  '  "$@"',
  '  __rc=$?',
  `  printf '\\n%s\\n\\n%s\\n' "${MARK}stderr $__name" "${MARK}end $__name $__rc"`,
  '}',
  `lvsplan_skip() { printf '%s\\n' "${MARK}skip $1"; }`,
  'lvsplan_quiet_section has-ipvsadm command -v ipvsadm',
  'if [ "$lvsplan_role" = director ] && command -v ipvsadm >/dev/null 2>&1; then',
  '  lvsplan_section ipvs-save ipvsadm -Sn',
  '  lvsplan_section ipvs-thresholds ipvsadm -Ln --thresholds',
  'else',
  '  lvsplan_skip ipvs-save; lvsplan_skip ipvs-thresholds',
  'fi',
  'lvsplan_section addresses ip -o addr show',
  'lvsplan_quiet_section sysctls lvsplan_sysctls "$@"',
  'if [ "$lvsplan_state_path" = - ]; then lvsplan_skip state',
  'elif [ -e "$lvsplan_state_path" ]; then lvsplan_section state cat -- "$lvsplan_state_path"; else lvsplan_quiet_section state lvsplan_state_absent; fi',
  `printf '%s\\n' "${MARK}done"`,
].join('\n');

export interface HostReadRequest {
  role: HostRole;
  sysctlNames: readonly string[];
  stateRecordPath?: string;
  /**
   * false: the state section is skipped (no `cat`): for the re-read that ends an apply step, which
   * confirms what took from the resources alone; the record is lvsplan's own, read when the apply began.
   */
  withStateRecord?: boolean;
}

function statePathError(p: string): string | null {
  if (!/^\/[A-Za-z0-9._\/-]+$/.test(p) || p.split('/').some((c) => c === '..' || c === '.')) {
    return `state record path ${JSON.stringify(p)} must be an absolute path of letters, digits, '.', '_', '-' and '/'`;
  }
  return null;
}

/** ['sh', '-c', HOST_READ_SCRIPT, 'lvsplan-read', role, statePath or '-', name1, path1, ...]; refused for invalid inputs. */
export function buildHostReadScript(req: HostReadRequest): Built<string[]> {
  if (req.role !== 'director' && req.role !== 'realserver') return refuse(`unknown host role ${JSON.stringify(req.role)}`);
  const statePath = req.stateRecordPath ?? STATE_RECORD_PATH;
  const pathError = statePathError(statePath);
  if (pathError) return refuse(pathError);
  const p = sysctlReadParams([...new Set(req.sysctlNames)]);
  if ('error' in p) return refuse(p.error);
  return ok(['sh', '-c', HOST_READ_SCRIPT, 'lvsplan-read', req.role, req.withStateRecord === false ? '-' : statePath, ...p.params]);
}
