import { charReason, type NameRule } from './name-rule.js';

/** Kernel module suffixes ipvsadm takes (`-s wlc`, `--pe sip`): the scheduler or engine is ip_vs_NAME. */
export const MODULE_NAME: NameRule = {
  what: 'module name',
  example: '"wlc", "mh"',
  reason(name) {
    return charReason(name, /^[a-z0-9_]$/, 'lowercase letters, digits and _') ?? (name.length > 15 ? 'it is longer than 15 characters' : null);
  },
};
