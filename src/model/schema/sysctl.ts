import { SYSCTL_NAME } from '../names/sysctl-name.js';
import type { AttrsOfSchema, Schema } from './attribute.js';


/** A kernel parameter: `sysctl -q -w NAME=VALUE`, read from /proc/sys. A sysctl is never deleted, only restored. */
export const SYSCTL = {
  name: {
    kind: 'name', rule: SYSCTL_NAME, forcesReplacement: true, identity: true,
    host: 'NAME of NAME=VALUE (dots for slashes under /proc/sys)', description: 'dotted sysctl name',
  },
  value: { kind: 'text', host: 'VALUE of NAME=VALUE', description: 'value, blank runs collapsed and trimmed' },
} as const satisfies Schema;

export type SysctlAttrs = AttrsOfSchema<typeof SYSCTL>;
