/** Runs of blanks and tabs (and the newline a /proc/sys read ends with) become one space; trimmed. */
export function normaliseSysctlValue(raw: string): string {
  return raw.replace(/[ \t\r\n]+/g, ' ').trim();
}

/**
 * The characters a sysctl value lvsplan writes may hold: numbers and words, never shell or pipe
 * syntax (`kernel.core_pattern = |...` would run a program as root). The configuration and every
 * write (also from a saved plan or a recorded original) use this one rule.
 */
const CHAR = /[A-Za-z0-9_.:,\/ \t-]/;
export const SYSCTL_VALUE = new RegExp(`^${CHAR.source}*$`);

/** `sensitive`: the value derives from a sensitive variable, so the message neither quotes it nor names its characters. */
export function sysctlValueError(value: unknown, sensitive = false): string | null {
  if (typeof value !== 'string' || value.length === 0) return 'a sysctl value must be a non-empty string';
  if (!SYSCTL_VALUE.test(value)) {
    if (sensitive) return 'sysctl value (sensitive value) may hold only letters, digits, blanks and _ . : , / -';
    const bad = [...new Set([...value].filter((c) => !CHAR.test(c)))].slice(0, 8);
    return `sysctl value ${JSON.stringify(value)} contains ${bad.map((c) => JSON.stringify(c)).join(', ')}; it may hold only letters, digits, blanks and _ . : , / -`;
  }
  if (value.length > 4096) return 'sysctl value is longer than 4096 characters';
  return null;
}
