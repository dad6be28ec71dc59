import { errorDiag, warningDiag, type Diagnostic } from '../src/hcl/diagnostic.js';
import type { MissingReason } from './host-read-sections.js';

/** Diagnostics for problems met while reading a host; each says what happened and what to do. */
export function ipvsadmFailed(host: string, command: string, rc: number, stderr: string): Diagnostic {
  const said = stderr.trim() === '' ? `${command} exited with status ${rc} and printed nothing.` : `${command} exited with status ${rc}: ${stderr.trim()}`;
  if (/Can't initialize ipvs|Protocol not available/.test(stderr)) {
    return errorDiag(
      `IPVS is not available on director "${host}"`,
      `${said}\nThe kernel of "${host}" has no IPVS loaded. Load it with \`modprobe ip_vs\` (the kernel needs CONFIG_IP_VS) and run the command again.`,
    );
  }
  if (/Permission denied|Operation not permitted/.test(stderr)) {
    return errorDiag(
      `Not allowed to read IPVS on director "${host}"`,
      `${said}\nReading and changing IPVS needs root (CAP_NET_ADMIN). Connect as root (connection { user = "root" }) and run the command again.`,
    );
  }
  return errorDiag(`Reading IPVS on director "${host}" failed`, `${said}\nRun \`${command}\` on "${host}" by hand to see what is wrong.`);
}

export function missingIpvsadm(host: string): Diagnostic {
  return errorDiag(
    `ipvsadm is not installed on director "${host}"`,
    `lvsplan reads and changes IPVS with ipvsadm. Install it on "${host}" (Debian/Ubuntu: apt-get install ipvsadm) and make sure it is in /usr/sbin or on PATH.`,
  );
}

export function unreadableOutput(host: string, what: string, problems: string[]): Diagnostic {
  const shown = problems.slice(0, 5).join('\n');
  const more = problems.length > 5 ? `\n... and ${problems.length - 5} more` : '';
  return errorDiag(
    `Cannot understand ${what} on host "${host}"`,
    `${shown}${more}\nlvsplan will not plan against output it cannot read. Report this with the output of ${what}.`,
  );
}

export function commandFailed(host: string, command: string, rc: number, stderr: string): Diagnostic {
  return errorDiag(
    `\`${command}\` failed on host "${host}"`,
    `It exited with status ${rc}${stderr.trim() ? `: ${stderr.trim()}` : ''}.\nMake sure iproute2 is installed on "${host}" and the connection user may run it.`,
  );
}

export interface CutRead {
  /** Bytes of output that arrived. */
  bytes: number;
  /** The last section that arrived whole, or null when none did. */
  lastWhole: string | null;
  missing: { name: string; reason: MissingReason }[];
  /** The closing marker never arrived. */
  endMissing: boolean;
  /** The last characters that arrived. */
  tail: string;
  /** How many times the read ran (a cut read is run once more). */
  attempts: number;
}

const REASON_TEXT: Readonly<Record<MissingReason, string>> = {
  'not-begun': 'never began',
  'not-ended': 'began, but its end marker never arrived',
  'no-status': 'ended without an exit status',
};

export function incompleteRead(host: string, cut: CutRead): Diagnostic {
  const garbled = cut.missing[0]?.reason === 'no-status';
  const upTo =
    cut.lastWhole === null ? (garbled ? 'is unreadable from its first section on' : 'stops before its first section ended')
    : garbled ? `is readable only up to the end of the section ${cut.lastWhole}` : `stops after the section ${cut.lastWhole}`;
  const lines = [
    `The read command exited 0, but its output (${cut.bytes} bytes) ${upTo}.`,
    `Missing: ${cut.missing.map((m) => `${m.name} (${REASON_TEXT[m.reason]})`).concat(cut.endMissing ? ['the closing marker'] : []).join(', ')}.`,
    `The last bytes that arrived: ${JSON.stringify(cut.tail)}`,
    cut.attempts > 1 ? `It was read ${cut.attempts} times and cut every time.` : '',
    'The connection may have dropped, or the remote shell is not a POSIX sh: check that `sh -c` works over the connection. Set LVSPLAN_LOG=debug to log the read in full.',
  ];
  return errorDiag(`Reading host "${host}" returned incomplete output`, lines.filter(Boolean).join('\n'));
}

export function missingSysctl(host: string, name: string, path: string): Diagnostic {
  return warningDiag(
    `sysctl ${name} does not exist on host "${host}"`,
    `${path} is missing or unreadable: the kernel module that provides it is not loaded, or the interface it names does not exist. Writing it will fail until it exists.`,
  );
}

export function badStateRecord(host: string, path: string, reason: string): Diagnostic {
  return errorDiag(
    `The lvsplan state record on host "${host}" is not valid`,
    `${path}: ${reason}.\nRepair the file, or remove it to make lvsplan treat everything on "${host}" as not created by lvsplan.`,
  );
}

export function unreadableStateRecord(host: string, rc: number, stderr: string): Diagnostic {
  return errorDiag(
    `Cannot read the lvsplan state record on host "${host}"`,
    `Reading it exited with status ${rc}${stderr.trim() ? `: ${stderr.trim()}` : ''}. Connect as a user who can read /var/lib/lvsplan (usually root).`,
  );
}
