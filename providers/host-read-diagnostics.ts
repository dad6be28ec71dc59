import { errorDiag, warningDiag, type Diagnostic } from '../src/hcl/diagnostic.js';

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

export function incompleteRead(host: string, sections: string[]): Diagnostic {
  return errorDiag(
    `Reading host "${host}" returned incomplete output`,
    `Missing: ${sections.join(', ')}. The connection may have dropped or the remote shell is not a POSIX sh. Run the command again; if it persists, check that \`sh -c\` works over the connection.`,
  );
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
