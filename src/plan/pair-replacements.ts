import type { Attrs } from '../model/resource.js';
import { changedAttrs } from '../model/attrs-equal.js';
import { replacePaths } from './replace-rules.js';
import type { ResourceChange } from './types.js';

/**
 * A configuration block whose identity changed (a service's port, a NAT backend's port) plans a
 * create under the new id and a deletion of the old one, both named after the block. They are one
 * replacement: the create carries the old object and the attributes that forced it, the deletion
 * points at the create.
 */
export function pairReplacements(changes: readonly ResourceChange[]): void {
  const deletions = new Map<string, Map<string, ResourceChange>>();
  for (const c of changes) {
    if (c.action !== 'delete' || c.reason !== 'delete_because_no_resource_config') continue;
    let byAddress = deletions.get(c.host);
    if (!byAddress) deletions.set(c.host, (byAddress = new Map()));
    byAddress.set(c.address, c);
  }
  if (deletions.size === 0) return;
  for (const c of changes) {
    if (c.action !== 'create' || c.after === null) continue;
    const old = deletions.get(c.host)?.get(c.address);
    if (!old || old.type !== c.type || old.replacedBy !== undefined || old.before === null) continue;
    const before: Attrs = old.before;
    c.replaces = { id: old.id, before };
    c.replacePaths = replacePaths(c.type, changedAttrs(before, c.after));
    c.reason = 'replace_because_cannot_update';
    old.replacedBy = c.id;
  }
}
