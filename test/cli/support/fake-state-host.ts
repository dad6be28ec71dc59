import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { STATE_DIR, STATE_RECORD_PATH, type StateRecord } from '../../../src/model/state-record.js';

/**
 * An exec-connection prefix that runs lvsplan's commands on this machine, unprivileged, with the
 * state record path redirected into `dir` (and ipvsadm hidden): a host whose state record the test writes.
 */
export function fakeStateHost(dir: string, name: string, record: StateRecord | null): string[] {
  const state = join(dir, `${name}.state.json`);
  if (record) writeFileSync(state, JSON.stringify(record));
  const bin = join(dir, 'bin');
  mkdirSync(bin, { recursive: true });
  // ipvsadm stand-in: an empty table (this machine's kernel may have no IPVS).
  writeFileSync(join(bin, 'ipvsadm'), `#!/bin/sh\ncase "$*" in *thresholds*) printf 'IP Virtual Server version 1.2.1 (size=4096)\\nProt LocalAddress:Port            Uthreshold Lthreshold ActiveConn InActConn\\n  -> RemoteAddress:Port\\n';; esac\n`);
  chmodSync(join(bin, 'ipvsadm'), 0o755);
  const script = join(dir, `${name}-host`);
  writeFileSync(
    script,
    `#!/bin/sh
for a; do shift; case "$a" in ${STATE_RECORD_PATH}) set -- "$@" ${state};; ${STATE_DIR}) set -- "$@" ${dir};; *) set -- "$@" "$a";; esac; done
PATH=${bin}:/usr/bin:/bin exec "$@"
`,
  );
  chmodSync(script, 0o755);
  return [script];
}
