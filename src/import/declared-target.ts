import type { ConfigDecl } from '../config/decl.js';
import { errorDiag, type Diagnostic } from '../hcl/diagnostic.js';
import type { ConvertTarget } from './convert-target.js';

/** The director name written when the configuration declares none. */
export const NEW_DIRECTOR_NAME = 'lvs';

/**
 * The converters' target from the configuration directory: the declared director (`-director=NAME`
 * picks one of several), or a new block; destinations at a declared realserver's address name it.
 */
export function declaredTarget(decl: ConfigDecl | null, directorOpt: string | undefined, diags: Diagnostic[]): ConvertTarget | null {
  const directors = decl?.directors ?? [];
  const byAddress = new Map<string, string>();
  for (const r of decl?.realservers ?? []) if (r.address && !byAddress.has(r.address.v)) byAddress.set(r.address.v, r.name);
  const realserverAt = (ip: string): string | null => byAddress.get(ip) ?? null;

  let chosen = directorOpt !== undefined ? directors.find((d) => d.name === directorOpt) : directors.length === 1 ? directors[0] : undefined;
  if (directorOpt !== undefined && !chosen && directors.length > 0) {
    diags.push(errorDiag('Unknown director', `-director=${directorOpt} names no director of the configuration; it declares ${directors.map((d) => JSON.stringify(d.name)).join(', ')}.`));
    return null;
  }
  if (directorOpt === undefined && directors.length > 1) {
    diags.push(errorDiag('Several directors', `The configuration declares ${directors.map((d) => JSON.stringify(d.name)).join(', ')}; say which one runs these services with -director=NAME.`));
    return null;
  }
  if (!chosen) {
    const name = directorOpt ?? NEW_DIRECTOR_NAME;
    return {
      directorName: name,
      realserverAt,
      director: (why) => ({ name, write: true, interface: null, bindVips: false, sysctls: {}, comments: [why] }),
    };
  }
  const d = chosen;
  return {
    directorName: d.name,
    realserverAt,
    director: (why) => ({ name: d.name, write: false, interface: null, bindVips: false, sysctls: {}, comments: [why] }),
  };
}
