export const DEFAULT_PARALLELISM = 10;

/**
 * Calls fn for every host with at most `parallelism` calls in flight; results come back in input
 * order. If a call rejects, no further calls start and the first rejection is returned once the
 * calls already in flight have settled.
 */
export async function runOnHosts<H, T>(
  hosts: readonly H[],
  parallelism: number = DEFAULT_PARALLELISM,
  fn: (host: H, index: number) => Promise<T>,
): Promise<T[]> {
  const limit = Math.max(1, Math.floor(Number.isFinite(parallelism) ? parallelism : DEFAULT_PARALLELISM));
  const results = new Array<T>(hosts.length);
  let next = 0;
  let failure: { error: unknown } | undefined;

  const worker = async (): Promise<void> => {
    while (failure === undefined && next < hosts.length) {
      const i = next++;
      try {
        results[i] = await fn(hosts[i]!, i);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, hosts.length) }, worker));
  if (failure) throw failure.error;
  return results;
}
