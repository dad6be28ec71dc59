import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ExecRunner } from '../../../src/transport/exec-runner.js';
import { countingRunner } from '../../support/counting-runner.js';
import { SVC } from './cluster.js';

/**
 * A director for the real bash of the editor and the armed check process, with a fake `ipvsadm` first on PATH and a
 * fake /proc/net/ip_vs (the kernel's IPVS is the lab's): -Sn prints a table file (-Ln --thresholds none), -R applies -e lines' weights to it
 * and writes the table again as the kernel's /proc/net/ip_vs shows it. Each start is logged.
 */
export const FAKE_IPVSADM = `#!/bin/sh
t=$FAKE_IPVS/table
echo "$1" >> "$FAKE_IPVS/calls"
hex() { p=\${1##*:}; IFS=.; set -- \${1%:*}; unset IFS; printf '%02X%02X%02X%02X:%04X' "$1" "$2" "$3" "$4" "$p"; }
proc() {
{ echo 'IP Virtual Server version 1.2.1 (size=4096)'
  echo 'Prot LocalAddress:Port Scheduler Flags'
  echo '  -> RemoteAddress:Port Forward Weight ActiveConn InActConn'
  while read -r op opt addr x dst m w weight rest; do
    case $op in
      -A) printf 'TCP  %s %s \\n' "$(hex "$addr")" "$dst" ;;
      -a) case $m in -g) f=Route ;; -m) f=Masq ;; *) f=Tunnel ;; esac
          printf '  -> %s      %-7s %-6s %-10s %-10s\\n' "$(hex "$dst")" "$f" "$weight" 0 0 ;;
    esac
  done < "$t"; } > "$FAKE_IPVS/ip_vs"
}
case "$1" in
proc) proc ;;
-Sn) cat "$t" ;;
-Ln) echo 'IP Virtual Server version 1.2.1 (size=4096)'; echo 'Prot LocalAddress:Port            Uthreshold Lthreshold ActiveConn InActConn'; echo '  -> RemoteAddress:Port' ;;
-R) if [ -e "$FAKE_IPVS/fail-once" ]; then rm "$FAKE_IPVS/fail-once"; echo "Can't initialize ipvs: Protocol not available" >&2; exit 2; fi
    n=0
    while IFS= read -r l; do
      echo "$l" >> "$FAKE_IPVS/restored"
      set -- $l
      sed -i "s|^-a $2 $3 $4 $5 $6 -w [0-9]*|-a $2 $3 $4 $5 $6 -w $8|" "$t"
      n=$((n + 1))
    done
    [ "$n" -eq 0 ] || proc ;;
*) exit 2 ;;
esac
`;
/** A director in a temporary directory (listed in `dirs`, for the caller to remove) whose IPVS table has the service SVC and `table`'s lines. */
export function fakeDirector(dirs: string[], table: string[]) {
  const d = mkdtempSync(join(tmpdir(), 'lvsplan-edit-'));
  dirs.push(d);
  writeFileSync(join(d, 'ipvsadm'), FAKE_IPVSADM);
  chmodSync(join(d, 'ipvsadm'), 0o755);
  writeFileSync(join(d, 'table'), `${[`-A -t ${SVC.slice(4)} -s rr`, ...table].join('\n')}\n`);
  execFileSync(join(d, 'ipvsadm'), ['proc'], { env: { ...process.env, FAKE_IPVS: d } });
  rmSync(join(d, 'calls'));
  const runner = countingRunner(new ExecRunner(['env', `PATH=${d}:${process.env.PATH}`, `FAKE_IPVS=${d}`]));
  const text = (f: string) => (existsSync(join(d, f)) ? readFileSync(join(d, f), 'utf8') : '');
  return {
    dir: d, lock: join(d, 'lvsplan.lock'), proc: join(d, 'ip_vs'), runner, table: () => text('table'), restored: () => text('restored'),
    /** Each ipvsadm start's first argument, in order. */
    calls: () => text('calls').split('\n').filter(Boolean),
    lockText: () => text('lvsplan.lock'),
  };
}
