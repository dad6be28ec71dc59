import { describe, expect, it } from 'vitest';
import { runChecks } from '../../src/apply/health-checks.js';
import { checkKey, type BackendCheck } from '../../src/model/health.js';
import type { HostSpec } from '../../src/model/hosts.js';
import type { RunOptions } from '../../src/transport/command-runner.js';
import { LocalRunner } from '../../src/transport/local-runner.js';

// A director whose /dev has no fd link (a container or chroot without udev): bash's process substitution, which
// the check script runs each check in, cannot work there. The script runs for real in a private mount namespace
// whose /dev is an empty tmpfs holding only null.
const local = new LocalRunner();
const NO_DEV_FD = {
  run: (argv: string[], o?: RunOptions) =>
    local.run(['unshare', '--mount', '--propagation', 'private', 'sh', '-c', 'mount -t tmpfs none /dev && mknod -m 666 /dev/null c 1 3 && exec "$@"', 'no-dev-fd', ...argv], o),
  close: () => local.close(),
};
const HOSTS: HostSpec[] = [{ name: 'd', role: 'director', connection: { type: 'local' }, exclusive: false }];
const check: BackendCheck = {
  host: 'd', serviceId: 'svc', destinationId: 'b', address: 'virtual_server.web.backend["b"]', target: '127.0.0.1', port: 9,
  spec: { type: 'tcp', port: null, intervalMs: 5000, timeoutMs: 1000, rise: 2, fall: 2, path: '/', host: null, expectStatus: [[200, 299]], expectBody: null, command: [], from: 'director' },
};

describe('health checks on a director without /dev/fd', () => {
  it('are a diagnostic naming /dev/fd and how to make it, not timeouts', async () => {
    if (process.getuid?.() !== 0) throw new Error('this test makes a mount namespace and must run as root');
    const r = await runChecks([check], HOSTS, new Map([['d', NO_DEV_FD]]), 1);
    expect(r.results.get(checkKey(check))).toBeUndefined();
    expect(r.diagnostics.map((d) => d.detail)).toEqual([
      'Director "d" lacks /dev/fd (bash\'s process substitution needs it), needed to run its health checks. Create it there (ln -s /proc/self/fd /dev/fd; udev and systemd make it at boot), or run the checks from lvsplan\'s machine with from = "local".',
    ]);
  });
});
