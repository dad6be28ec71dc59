import type { AttrValue, Attrs } from '../../src/model/resource.js';

/** Thrown only inside this folder's builders and turned into a refusal at their boundary. */
export class AttrError extends Error {}

export function int(attrs: Attrs, name: string, min: number, max: number): number {
  const v = attrs[name];
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    throw new AttrError(`${name} must be an integer in ${min}..${max}, got ${show(v)}`);
  }
  return v;
}

export function intOrNull(attrs: Attrs, name: string, min: number, max: number): number | null {
  return attrs[name] === null || attrs[name] === undefined ? null : int(attrs, name, min, max);
}

export function bool(attrs: Attrs, name: string): boolean {
  const v = attrs[name];
  if (v === undefined || v === null) return false;
  if (typeof v !== 'boolean') throw new AttrError(`${name} must be a boolean, got ${show(v)}`);
  return v;
}

export function oneOf<T extends string>(attrs: Attrs, name: string, allowed: readonly T[]): T {
  const v = attrs[name];
  if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) {
    throw new AttrError(`${name} must be one of ${allowed.join(', ')}, got ${show(v)}`);
  }
  return v as T;
}

export function oneOfOrNull<T extends string>(attrs: Attrs, name: string, allowed: readonly T[]): T | null {
  return attrs[name] === null || attrs[name] === undefined ? null : oneOf(attrs, name, allowed);
}

export function matching(attrs: Attrs, name: string, re: RegExp): string {
  const v = attrs[name];
  if (typeof v !== 'string' || !re.test(v)) throw new AttrError(`${name} is not valid: ${show(v)}`);
  return v;
}

export function stringList(attrs: Attrs, name: string): string[] {
  const v = attrs[name];
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw new AttrError(`${name} must be a list of strings, got ${show(v)}`);
  return v;
}

export function show(v: AttrValue | undefined): string {
  return v === undefined ? 'nothing' : JSON.stringify(v);
}
