import { errorDiag, type Diagnostic } from '../hcl/diagnostic.js';
import { isIdentityAttr, type ResourceType } from '../model/schema/index.js';
import type { Located } from './located.js';

type Source = Located<unknown> | readonly Located<unknown>[] | null | undefined;

const WHAT_TO_DO =
  'Remove sensitive = true from the variable it comes from, or wrap the expression in nonsensitive(...) to state that the value may be shown.';

/**
 * The attributes whose source value is marked sensitive, for DesiredExtras.sensitive (undefined when none).
 * A sensitive source of an identity attribute (the schema's `identity`) cannot be hidden, since the
 * resource is named by it: that is a diagnostic at the source expression instead.
 */
export function sensitiveAttrs(type: ResourceType, sources: Readonly<Record<string, Source>>, diags: Diagnostic[]): string[] | undefined {
  let names: string[] | null = null;
  for (const name in sources) {
    const source = sources[name];
    if (!isMarked(source)) continue;
    if (!isIdentityAttr(type, name)) (names ??= []).push(name);
    else for (const s of Array.isArray(source) ? source : [source]) if (s?.sensitive) pushOnce(diags, sensitiveIdentity(`the ${name} of ${type} resources, which is part of their identity`, s));
  }
  return names ?? undefined;
}

function isMarked(source: Source): boolean {
  if (!Array.isArray(source)) return (source as Located<unknown> | null | undefined)?.sensitive === true;
  for (const s of source) if (s.sensitive) return true;
  return false;
}

/** A sensitive value naming a host (a virtual_server's director, a backend's realserver) is refused as an identity is. */
export function refuseSensitiveHost(ref: Located<string> | null | undefined, role: 'director' | 'realserver', diags: Diagnostic[]): void {
  if (ref?.sensitive) pushOnce(diags, sensitiveIdentity(`the name of the ${role} host, which is part of the address of every resource on it`, ref));
}

/** One value feeds several resources (a VIP: the service, the director's address, each real server's): one diagnostic. */
function pushOnce(diags: Diagnostic[], d: Diagnostic): void {
  const at = (x: Diagnostic): string => `${x.summary}\u0000${x.subject?.filename}:${x.subject?.start.byte}`;
  if (!diags.some((x) => at(x) === at(d))) diags.push(d);
}

function sensitiveIdentity(becomes: string, s: Located<unknown>): Diagnostic {
  return errorDiag(
    'Sensitive value in a resource identity',
    `Sensitive values, or values derived from sensitive values, cannot be used here: this value becomes ${becomes}, so it would be shown in resource ids and addresses (the plan, the state records, and the host's own listings such as ipvsadm -Ln). ${WHAT_TO_DO}`,
    s.r,
  );
}

/** `r` with DesiredExtras.sensitive set when some attribute is sensitive (no property otherwise, and no copy of `r`). */
export function withSensitive<R extends { sensitive?: string[] }>(r: R, names: string[] | undefined): R {
  if (names !== undefined) r.sensitive = names;
  return r;
}
