import { describe, expect, it } from 'vitest';
import { HostRunners } from '../../src/cli/host-runners.js';
import type { HostSpec } from '../../src/model/hosts.js';

describe('HostRunners', () => {
  it('runs a command on a hundred hosts at once without Node warning of a listener leak, and stops them all', async () => {
    const warnings: Error[] = [];
    const onWarning = (w: Error) => warnings.push(w);
    process.on('warning', onWarning);
    const hosts: HostSpec[] = Array.from({ length: 100 }, (_, i) => ({ name: `rs${i}`, role: 'realserver', exclusive: false, connection: { type: 'exec', command: ['sh', '-c', 'exec "$@"', 'host'] } }));
    const runners = new HostRunners(hosts);
    try {
      const results = await Promise.all([...runners.map.values()].map((r) => r.run(['echo', 'ok'])));
      expect(results.map((r) => r.stdout)).toEqual(hosts.map(() => 'ok\n'));
      const running = [...runners.map.values()].slice(0, 20).map((r) => r.run(['sleep', '30']));
      await new Promise((r) => setTimeout(r, 300));
      runners.stopAll();
      expect((await Promise.all(running)).every((r) => r.exitCode !== 0)).toBe(true);
      await new Promise((r) => setImmediate(r));
      expect(warnings.map((w) => w.message)).toEqual([]);
    } finally {
      process.off('warning', onWarning);
      await runners.close();
    }
  });
});
