/** Runs of blanks and tabs (and the newline a /proc/sys read ends with) become one space; trimmed. */
export function normaliseSysctlValue(raw: string): string {
  return raw.replace(/[ \t\r\n]+/g, ' ').trim();
}

export function sysctlValueError(value: unknown): string | null {
  if (typeof value !== 'string' || value.length === 0) return 'a sysctl value must be a non-empty string';
  if (!/^[\x20-\x7e\t]+$/.test(value)) return `sysctl value ${JSON.stringify(value)} must be printable ASCII on one line`;
  if (value.length > 4096) return 'sysctl value is longer than 4096 characters';
  return null;
}
