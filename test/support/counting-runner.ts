import type { CommandRunner, RunOptions } from '../../src/transport/command-runner.js';
import { LocalRunner } from '../../src/transport/local-runner.js';

/** A runner that counts the processes it starts and can kill the latest one (a long-lived process that died). */
export function countingRunner(inner: Pick<CommandRunner, 'run'> = new LocalRunner()) {
  const c = {
    starts: 0,
    kill: () => undefined as void,
    ended: [] as Promise<unknown>[],
    run: (argv: string[], o?: RunOptions) => {
      c.starts++;
      const ac = new AbortController();
      o?.signal?.addEventListener('abort', () => ac.abort());
      c.kill = () => ac.abort();
      const r = inner.run(argv, { ...o, signal: ac.signal });
      c.ended.push(r);
      return r;
    },
    close: async () => undefined,
  };
  return c;
}
