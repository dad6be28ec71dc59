/** A value built from attributes that may be refused. Builders return this instead of throwing. */
export type Built<T> = { ok: true; value: T } | { ok: false; error: string };

export function ok<T>(value: T): Built<T> {
  return { ok: true, value };
}

export function refuse<T = never>(error: string): Built<T> {
  return { ok: false, error };
}
