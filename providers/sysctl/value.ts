/** Runs of blanks and tabs (and the newline a /proc/sys read ends with) become one space; trimmed. */
export function normaliseSysctlValue(raw: string): string {
  return raw.replace(/[ \t\r\n]+/g, ' ').trim();
}

/**
 * The characters a sysctl value lvsplan writes may hold: numbers and words, never shell or pipe
 * syntax (`kernel.core_pattern = |...` would run a program as root). The configuration and every
 * write (also from a saved plan or a recorded original) use this one rule.
 */
export const SYSCTL_VALUE = /^[A-Za-z0-9_.:,\/ \t-]*$/;

export function sysctlValueError(value: unknown): string | null {
  if (typeof value !== 'string' || value.length === 0) return 'a sysctl value must be a non-empty string';
  if (!SYSCTL_VALUE.test(value)) return `sysctl value ${JSON.stringify(value)} may hold only letters, digits, blanks and _ . : , / -`;
  if (value.length > 4096) return 'sysctl value is longer than 4096 characters';
  return null;
}
