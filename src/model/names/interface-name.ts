import { charReason, type NameRule } from './name-rule.js';

const CHAR = /^[A-Za-z0-9_.@+-]$/;

/**
 * Linux interface names: 1..15 bytes (IFNAMSIZ - 1), not "." or "..", and none of the characters the
 * kernel refuses ('/', ':', whitespace; ':' only ever appears in IPv4 address labels such as eth0:0,
 * which are not interfaces). lvsplan narrows the rest to letters, digits and _ . @ + -.
 */
export const INTERFACE_NAME: NameRule = {
  what: 'interface name',
  example: '"eth0", "bond0.100"',
  reason(name) {
    const chars = charReason(name, CHAR, 'letters, digits and _ . @ + -');
    if (chars) return chars;
    if (name.length > 15) return 'it is longer than 15 characters';
    if (name === '.' || name === '..') return "'.' and '..' cannot name an interface";
    return null;
  },
};
