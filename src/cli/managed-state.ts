import { refreshHosts } from '../apply/refresh.js';
import { hasErrors, type Diagnostic } from '../hcl/diagnostic.js';
import { keyOf, resourceKey, type Attrs, type ResourceType } from '../model/resource.js';
import { orphanAddress } from '../plan/addresses.js';
import { commandLog } from './command-log.js';
import { HostRunners } from './host-runners.js';
import type { CliIO } from './io.js';
import { loadConfig } from './load-config.js';
import type { VariableInput } from './variable-inputs.js';

/** One object lvsplan manages on a host, as its state record there says. */
export interface ManagedObject {
  address: string;
  host: string;
  type: ResourceType;
  id: string;
  attrs: Attrs;
}

export interface ManagedState {
  objects: ManagedObject[];
  /** Hosts that hold a state record. */
  recorded: string[];
}

/**
 * Reads the state record of every host of the configuration in `dir`: what lvsplan manages there.
 * Addresses come from the configuration; objects it no longer declares get their host-based address.
 */
export async function readManagedState(
  opts: { dir: string; variables: readonly VariableInput[]; parallelism: number },
  io: CliIO,
  report: (diags: readonly Diagnostic[], sources: Map<string, string>) => void,
): Promise<ManagedState | null> {
  const loaded = loadConfig(opts.dir, opts.variables, io);
  report(loaded.diagnostics, loaded.sources);
  if (!loaded.desired || hasErrors(loaded.diagnostics)) return null;
  const { hosts, resources } = loaded.desired;
  const runners = new HostRunners(hosts, commandLog(io));
  try {
    const refreshed = await refreshHosts({ hosts, desired: resources, runners: runners.map, parallelism: opts.parallelism });
    report(refreshed.diagnostics, loaded.sources);
    if (hasErrors(refreshed.diagnostics)) return null;
    const addresses = new Map(resources.map((r) => [keyOf(r), r.address]));
    const roles = new Map(hosts.map((h) => [h.name, h.role]));
    const objects: ManagedObject[] = [];
    const recorded: string[] = [];
    for (const { observed } of refreshed.hosts) {
      if (!observed.stateRecord) continue;
      recorded.push(observed.host);
      for (const e of observed.stateRecord.managed) {
        const type = e.type;
        const address = addresses.get(resourceKey(observed.host, type, e.id)) ?? e.address ?? orphanAddress(observed.host, roles.get(observed.host)!, type, e.id);
        objects.push({ address, host: observed.host, type, id: e.id, attrs: e.attrs });
      }
    }
    objects.sort((a, b) => a.address.localeCompare(b.address) || a.host.localeCompare(b.host));
    return { objects, recorded };
  } finally {
    await runners.close();
  }
}
