import type { NameRule } from '../names/name-rule.js';

/**
 * The vocabulary of resource schemas: what one attribute of a resource type is. A schema is plain
 * data declared `as const`; the TypeScript type of a resource's attributes is computed from it
 * (AttrsOfSchema), so a field declared here and forgotten in a builder, parser or derivation is a
 * compile error, and every range, default and replacement rule is read from here.
 */
export type AttrKind =
  | { kind: 'int'; min: number; max: number }
  | { kind: 'bool' }
  | { kind: 'enum'; values: readonly string[] }
  /** A name valid under `rule`; `known` lists the values a configuration may use (observed hosts may show others). */
  | { kind: 'name'; rule: NameRule; known?: readonly string[] }
  | { kind: 'ip' }
  | { kind: 'text' }
  | { kind: 'list'; values: readonly string[] };

export type AttrSpec = AttrKind & {
  /** null is a valid value (the attribute does not apply, or is unset) */
  nullable?: boolean;
  /** the value when the configuration does not say; absent when the attribute is required or derived */
  default?: string | number | boolean | null | readonly string[];
  /** a change cannot be made in place: the object is deleted and created again */
  forcesReplacement?: boolean;
  /**
   * the resource's id is made of it (model/identity.ts), so it is shown wherever the resource is named:
   * addresses, ids, state records, the host's own listings. It cannot be a sensitive value. Implies
   * forcesReplacement.
   */
  identity?: true;
  /** how the host shows and takes it: an ipvsadm option, an `ip` argument, a /proc/sys path... */
  host: string;
  /** the ipvsadm option that carries the value, when one does (`-w 5`, `-o`) */
  option?: string;
  /** the ipvsadm option that stands for each value of an enum (`-g`, `-m`, `-i`) */
  options?: Readonly<Record<string, string>>;
  description: string;
};

export type Schema = Readonly<Record<string, AttrSpec>>;

type ValueOfSpec<A> = A extends { kind: 'int' }
  ? number
  : A extends { kind: 'bool' }
    ? boolean
    : A extends { kind: 'enum'; values: readonly (infer V)[] }
      ? V
      : A extends { kind: 'list' }
        ? string[]
        : string;

/** The attribute record of one resource type, computed from its schema. */
export type AttrsOfSchema<S extends Schema> = {
  -readonly [K in keyof S]: S[K] extends { nullable: true } ? ValueOfSpec<S[K]> | null : ValueOfSpec<S[K]>;
};
