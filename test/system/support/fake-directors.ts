/**
 * Directors for system tests of the built CLI: `exec` connections whose ipvsadm, sysctl and modprobe are
 * stand-ins that log their argv to DIR/argv.log ("HOST TOOL ARGS"). Each host runs in a private mount
 * namespace whose /run (apply locks) and /var/lib (state record) are DIR/HOST-run and DIR/HOST-varlib, so
 * nothing of this machine is touched. Each `ipvsadm -Sn` also logs whether the host's apply lock was held
 * when it ran ("HOST lock held|free"). With `blockRestore`, `ipvsadm -R` says it started (DIR/HOST.started)
 * and waits for DIR/release before applying its batch.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function writeFakeTools(dir: string, opts: { blockRestore: boolean }): void {
  const bin = join(dir, 'bin');
  mkdirSync(bin, { recursive: true });
  const log = join(dir, 'argv.log');
  const restore = opts.blockRestore
    ? `cat > '${dir}'/"$FAKE_HOST".batch
      : > '${dir}'/"$FAKE_HOST".started
      while [ ! -e '${dir}/release' ]; do sleep 0.1; done
      cat '${dir}'/"$FAKE_HOST".batch >> "$rules"; exit 0;;`
    : `cat >> "$rules"; exit 0;;`;
  writeFileSync(join(bin, 'ipvsadm'), `#!/bin/sh
echo "$FAKE_HOST ipvsadm $*" >> '${log}'
rules='${dir}'/"$FAKE_HOST".ipvs
case "$1" in
  -Sn) if flock -n /run/lvsplan.lock true 2>/dev/null; then echo "$FAKE_HOST lock free" >> '${log}'; else echo "$FAKE_HOST lock held" >> '${log}'; fi
      cat "$rules" 2>/dev/null; exit 0;;
  -Ln) echo 'IP Virtual Server version 1.2.1 (size=4096)'; echo 'Prot LocalAddress:Port            Uthreshold Lthreshold ActiveConn InActConn'; echo '  -> RemoteAddress:Port'; exit 0;;
  -R) ${restore}
esac
exit 0
`, { mode: 0o755 });
  for (const tool of ['sysctl', 'modprobe']) writeFileSync(join(bin, tool), `#!/bin/sh\necho "$FAKE_HOST ${tool} $*" >> '${log}'\nexit 0\n`, { mode: 0o755 });
}

/** The argv that runs a command on fake host `host`. */
export function fakeHostCommand(dir: string, host: string): string[] {
  for (const d of ['run', 'varlib']) mkdirSync(join(dir, `${host}-${d}`), { recursive: true });
  const script = `mount --bind '${dir}/${host}-run' /run && mount --bind '${dir}/${host}-varlib' /var/lib && PATH='${dir}/bin':"$PATH" FAKE_HOST=${host} exec "$@"`;
  return ['unshare', '-m', '--propagation', 'private', 'sh', '-c', script, `fake-${host}`];
}

/** A configuration of one DR service with one backend on each director. */
export function fakeDirectorsConfig(dir: string, hosts: readonly string[]): string {
  return hosts
    .map(
      (h, i) => `director "${h}" {
  connection {
    type    = "exec"
    command = ${JSON.stringify(fakeHostCommand(dir, h))}
  }
  interface = "eth0"
  bind_vips = false
}

virtual_server "web_${h}" {
  director   = "${h}"
  address    = "192.0.2.${10 + i}"
  port       = 80
  forwarding = "dr"
  backend "app" {
    address = "192.0.2.${20 + i}"
  }
}
`,
    )
    .join('\n');
}

/** A new test directory with the fake tools and DIR/cfg/main.hcl (fakeDirectorsConfig) for `hosts`. */
export function fakeDirectorsDir(prefix: string, hosts: readonly string[], opts: { blockRestore: boolean }): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  writeFakeTools(dir, opts);
  mkdirSync(join(dir, 'cfg'));
  writeFileSync(join(dir, 'cfg', 'main.hcl'), fakeDirectorsConfig(dir, hosts));
  return dir;
}
