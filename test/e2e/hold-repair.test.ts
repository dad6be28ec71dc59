import { describe, expect, it } from 'vitest';
import { useResetLab } from './support/use-reset-lab.js';
import { LVS_DR, lvsplanExpect, output } from './support/apply-support.js';

const RATE_LIMIT = 'net.ipv4.icmp_ratelimit';

// A scheduler switch raises the director's ICMP rate limit to a day while its batch runs; a run that died in
// between leaves it raised. The next apply's lock holder reads it from /proc/sys under the lock and puts the
// kernel default back: here with the host's own /bin/sh (dash), which reads that file a byte at a time.
describe('an ICMP rate limit left raised by an interrupted scheduler switch', () => {
  const l = useResetLab();

  it('is put back to the kernel default by the next apply, which says so', async () => {
    try {
      await l.mustExec('director', ['sysctl', '-q', '-w', `${RATE_LIMIT}=86400000`]);
      const r = await lvsplanExpect(l, ['apply', '-auto-approve', '-no-color', LVS_DR], 0);
      expect(output(r)).toContain('ICMP rate limit restored on lvs-dr');
      expect(await l.sysctl('director', RATE_LIMIT)).toBe('1000');
    } finally {
      await l.exec('director', ['sysctl', '-q', '-w', `${RATE_LIMIT}=1000`]);
    }
  });
});
