import { addressAddArgv, addressDeleteArgv } from '../../providers/address/index.js';
import { buildHostReadScript, parseHostRead, type HostReadOptions } from '../../providers/host-read.js';
import {
  destinationAddLine,
  destinationDeleteLine,
  destinationEditLine,
  destinationSavedLine,
  parseRestoreErrors,
  serviceAddLine,
  serviceDeleteLine,
  serviceEditLine,
} from '../../providers/ipvs/index.js';
import { sysctlWriteArgv } from '../../providers/sysctl/index.js';
import type { HostSpec } from '../model/hosts.js';
import { stdoutOf, succeeded } from '../transport/command-runner.js';
import { describeFailure } from './describe-result.js';
import type { CommandBuilders, HostReader } from './ports.js';

/** The real command builders: the providers'. */
export const providerBuilders: CommandBuilders = {
  serviceAddLine,
  serviceEditLine,
  serviceDeleteLine,
  destinationAddLine,
  destinationEditLine,
  destinationDeleteLine,
  destinationSavedLine,
  parseRestoreErrors,
  addressAddArgv,
  addressDeleteArgv,
  sysctlWriteArgv,
};

export interface ProviderReaderOptions {
  /** The sysctls to read on a host; must be what the plan read, or fingerprints will not compare. */
  sysctlNames(host: HostSpec): readonly string[];
  readOptions?(host: HostSpec): HostReadOptions;
}

/** The real host reader: the providers' one-round-trip read script and its parser. */
export function providerHostReader(opts: ProviderReaderOptions): HostReader {
  return {
    argv: (host, how) => buildHostReadScript({ role: host.role, sysctlNames: opts.sysctlNames(host), ...(how?.reread ? { withStateRecord: false } : {}) }),
    parse: (host, r) => {
      if (!succeeded(r)) return { ok: false, error: describeFailure({ ...r, argv: ['<host read>'] }) };
      const parsed = parseHostRead(host.name, host.role, stdoutOf(r), opts.readOptions?.(host) ?? {});
      const errors = parsed.diagnostics.filter((d) => d.severity === 'error');
      if (errors.length > 0) return { ok: false, error: errors.map((d) => (d.detail ? `${d.summary}: ${d.detail}` : d.summary)).join('; ') };
      return { ok: true, observed: parsed.observed };
    },
  };
}
