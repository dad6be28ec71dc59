import { parseIpAddress } from '../ip-address.js';
import type { AttrSpec, Schema } from './attribute.js';
import { SCHEMAS, type ResourceType } from './index.js';
import { RELATIONS } from './relations.js';

/** "0..65535", for messages. */
export function rangeText(spec: AttrSpec & { kind: 'int' }): string {
  return `${spec.min}..${spec.max}`;
}

/** Why `value` is not a valid value of the attribute, or null when it is. */
export function checkValue(name: string, spec: AttrSpec, value: unknown): string | null {
  if (value === null) return spec.nullable ? null : `${name} must be set`;
  switch (spec.kind) {
    case 'int':
      return typeof value === 'number' && Number.isInteger(value) && value >= spec.min && value <= spec.max
        ? null
        : `${name} must be an integer in ${rangeText(spec)}, got ${show(value)}`;
    case 'bool':
      return typeof value === 'boolean' ? null : `${name} must be true or false, got ${show(value)}`;
    case 'enum':
      return typeof value === 'string' && spec.values.includes(value) ? null : `${name} must be one of ${spec.values.join(', ')}, got ${show(value)}`;
    case 'name':
    {
      const why = typeof value === 'string' ? spec.rule.reason(value) : 'it is not a string';
      return why === null ? null : `${name} is not a valid ${spec.rule.what}: ${why}, got ${show(value)}`;
    }
    case 'ip': {
      const ip = typeof value === 'string' ? parseIpAddress(value) : null;
      return ip && ip.text === value ? null : `${name} must be a canonical IP address, got ${show(value)}`;
    }
    case 'text':
      return typeof value === 'string' ? null : `${name} must be a string, got ${show(value)}`;
    case 'list':
      return Array.isArray(value) && value.every((v) => typeof v === 'string' && spec.values.includes(v))
        ? null
        : `${name} must be a list of ${spec.values.join(', ')}, got ${show(value)}`;
  }
}

/**
 * Checks a resource's attributes against its schema: exactly the declared attributes, each a valid
 * value, and the rules that relate them (ipvsadm's and the kernel's). Returns the first problem, or
 * null. Used by the command builders and for attributes read back from saved plans.
 */
export function validateAttrs(type: ResourceType, attrs: unknown): string | null {
  if (typeof attrs !== 'object' || attrs === null || Array.isArray(attrs)) return `${type} attributes must be an object`;
  const schema: Schema = SCHEMAS[type];
  const record = attrs as Record<string, unknown>;
  for (const name of Object.keys(record)) {
    if (!Object.prototype.hasOwnProperty.call(schema, name)) return `${type} has no attribute ${JSON.stringify(name)}`;
  }
  for (const name of Object.keys(schema)) {
    if (!(name in record) || record[name] === undefined) return `${type} attribute ${name} is missing`;
    const problem = checkValue(name, schema[name]!, record[name]);
    if (problem) return problem;
  }
  return RELATIONS[type](record as never);
}

function show(v: unknown): string {
  return v === undefined ? 'nothing' : JSON.stringify(v);
}
