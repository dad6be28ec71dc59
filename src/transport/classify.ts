import type { Diagnostic } from '../hcl/diagnostic.js';
import type { Range } from '../hcl/range.js';
import type { ConnectionSpec } from '../model/hosts.js';
import type { CommandResult } from './command-runner.js';
import { describeConnection, displayArgv } from './describe-connection.js';
import { failureKind, type FailureKind } from './failure-kind.js';

const MAX_OUTPUT_LINES = 6;

/** Packages that provide the commands lvsplan runs, for the missing-command hint. */
const PACKAGES: Readonly<Record<string, string>> = {
  ipvsadm: 'ipvsadm',
  ip: 'iproute2',
  sysctl: 'procps',
  modprobe: 'kmod',
  flock: 'util-linux',
};

const BATCH_MODE_HINT =
  'lvsplan connects with BatchMode=yes, so a key must be usable without a prompt (ssh-agent or identity_file).';

/**
 * A diagnostic saying what went wrong running a command on a host and what to do about it,
 * or null when the command succeeded. `subject` is the host's block; an exec connection's own command
 * failing (not starting, or exiting non-zero) points at `commandSubject`, its `command =` line.
 */
export function classifyFailure(hostName: string, spec: ConnectionSpec, result: CommandResult, subject?: Range, commandSubject?: Range): Diagnostic | null {
  const kind = failureKind(spec, result);
  if (kind === null) return null;
  if (spec.type === 'exec' && commandSubject && (kind === 'exit-status' || kind === 'spawn-failed')) subject = commandSubject;
  const conn = describeConnection(spec);
  const { summary, explain } = describe(kind, hostName, spec, result);
  const lines = [`Host "${hostName}" (${conn}), running: ${shortArgv(result.argv)}`, explain];
  const output = excerpt(result.spawnError ?? result.stderr);
  if (output) lines.push('', 'Output:', output);
  lines.push('', 'Set LVSPLAN_LOG=debug to log every remote command in full.');
  return { severity: 'error', summary, detail: lines.join('\n'), ...(subject ? { subject } : {}) };
}

function describe(kind: FailureKind, host: string, spec: ConnectionSpec, result: CommandResult): { summary: string; explain: string } {
  const port = spec.type === 'ssh' ? (spec.port ?? 22) : 22;
  const program = result.argv[0] ?? '';
  switch (kind) {
    case 'invalid-command':
      return { summary: `Invalid command for host "${host}"`, explain: 'The command could not be passed to a process as it is. This is a bug in lvsplan; please report it.' };
    case 'invalid-connection':
      return { summary: `Invalid connection settings for host "${host}"`, explain: 'Fix the connection block for this host; lvsplan did not try to connect.' };
    case 'ssh-missing':
      return { summary: 'The ssh client is not installed', explain: 'lvsplan uses the system OpenSSH client for ssh connections. Install it (e.g. the openssh-client package) and make sure "ssh" is on PATH.' };
    case 'spawn-failed':
      return { summary: `Could not start the command for host "${host}"`, explain: spec.type === 'exec' ? `Check that the exec prefix program "${spec.command[0] ?? ''}" is installed and on PATH.` : 'Check that the program exists and is executable.' };
    case 'timed-out':
      return { summary: `Command timed out on host "${host}"`, explain: 'The command was stopped after running longer than its time limit. Check the host for load or a hung command, or raise the timeout.' };
    case 'output-too-large':
      return { summary: `Too much output from host "${host}"`, explain: `The command printed more than ${result.outputLimit} bytes, so lvsplan stopped it and read none of it. A host's output is not trusted: check what "${program}" prints there by hand.` };
    case 'name-not-resolved':
      return { summary: `Cannot resolve the name of host "${host}"`, explain: `Check the host name in the connection block (or its HostName in ~/.ssh/config) and DNS. ${BATCH_MODE_HINT}` };
    case 'connection-refused':
      return { summary: `Connection refused by host "${host}"`, explain: `Nothing accepted the connection on port ${port}. Check that sshd is running there and listening on port ${port}, and that the port in the connection block is right.` };
    case 'connect-timeout':
      return { summary: `Timed out connecting to host "${host}"`, explain: `Check that the host is up and reachable on port ${port} (firewalls, routes, the bastion if any); the connection timeout comes from the connection block's timeout. ${BATCH_MODE_HINT}` };
    case 'host-unreachable':
      return { summary: `Host "${host}" is unreachable`, explain: `Check that the host is up and reachable on port ${port}. ${BATCH_MODE_HINT}` };
    case 'connection-closed':
      return { summary: `Host "${host}" closed the SSH connection`, explain: 'The server dropped the connection before logging in. Check sshd on the host (its logs, MaxStartups, AllowUsers, tcp wrappers) and any bastion in between.' };
    case 'host-key':
      return { summary: `Host key verification failed for host "${host}"`, explain: 'The host key is unknown or has changed. lvsplan never accepts host keys itself: verify the key, then add it to known_hosts (e.g. ssh-keyscan, or one interactive ssh login).' };
    case 'key-refused':
      return { summary: `Host "${host}" refused the SSH key`, explain: `Authentication failed. Check the user and that the public key is in that user's authorized_keys. ${BATCH_MODE_HINT}` };
    case 'missing-command': {
      const pkg = PACKAGES[program];
      const hint = pkg ? ` Install it (package "${pkg}" on Debian/Ubuntu)` : ' Install it';
      return { summary: `Command "${program}" not found on host "${host}"`, explain: `${hint.trim()} or make sure it is on the PATH of the connecting user (non-interactive ssh sessions often have a shorter PATH).` };
    }
    case 'permission-denied':
      return { summary: `Permission denied running "${program}" on host "${host}"`, explain: 'Changing IPVS tables, addresses and sysctls needs root (CAP_NET_ADMIN). Connect as root, or use an exec prefix such as ["sudo","-n"] with a sudoers rule that needs no password.' };
    case 'killed':
      return { summary: `Command killed on host "${host}"`, explain: `The command ended by signal ${result.signal ?? 'unknown'}.` };
    case 'exit-status':
      if (spec.type === 'exec')
        return {
          summary: `Command failed on host "${host}"`,
          explain: `The exec connection's command ${displayArgv(spec.command)}, or what it ran, exited with status ${result.exitCode}. Check that the command given in the connection block runs the program passed after it, e.g. ["ip", "netns", "exec", "rs1"] or ["docker", "exec", "-i", "lb1"].`,
        };
      return { summary: `Command failed on host "${host}"`, explain: `"${program}" exited with status ${result.exitCode}.` };
  }
}

/** lvsplan's own shell scripts (`sh -c SCRIPT NAME ARGS`) are named, not pasted: LVSPLAN_LOG has them. */
function shortArgv(argv: readonly string[]): string {
  const [program, flag, script, name, ...args] = argv;
  if (program !== 'sh' || flag !== '-c' || script === undefined || !script.includes('\n')) return displayArgv(argv);
  return `${displayArgv([name ?? 'sh'])}, lvsplan's ${script.split('\n').length}-line shell script${args.length > 0 ? ` (${args.length} arguments)` : ''}`;
}

function excerpt(text: string): string {
  const lines = text.split('\n').map((l) => l.trimEnd()).filter((l) => l !== '');
  const shown = lines.slice(0, MAX_OUTPUT_LINES).map((l) => `  ${l}`);
  if (lines.length > MAX_OUTPUT_LINES) shown.push(`  ... (${lines.length - MAX_OUTPUT_LINES} more lines)`);
  return shown.join('\n');
}
