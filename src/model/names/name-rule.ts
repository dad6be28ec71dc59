/**
 * One rule per kind of name that reaches a host's command line (interface, sysctl, kernel module).
 * Configuration validation, saved-plan checks, the observed-state parsers and the command builders
 * all ask the same rule, so a name one of them accepts is never refused (or run) by another.
 */
export interface NameRule {
  /** "interface name", for messages */
  readonly what: string;
  /** examples of valid names, for messages */
  readonly example: string;
  /** why `name` is not valid ("it contains ':'"), or null when it is */
  readonly reason: (name: string) => string | null;
}

export const isValidName = (rule: NameRule, name: string): boolean => rule.reason(name) === null;

/** The whole message for a bad name, or null when `name` is valid. */
export function nameError(rule: NameRule, name: unknown): string | null {
  if (typeof name !== 'string') return `${rule.what} must be a string, got ${JSON.stringify(name) ?? 'nothing'}`;
  const why = rule.reason(name);
  return why === null ? null : `${rule.what} ${JSON.stringify(name)} is not valid: ${why} (e.g. ${rule.example})`;
}

/** The common reasons, checked in this order: empty, leading '-', line break, characters outside `allowed`. */
export function charReason(name: string, allowed: RegExp, allowedText: string): string | null {
  if (name === '') return 'it is empty';
  if (name.startsWith('-')) return "it starts with '-', so a command would read it as an option";
  if (/[\n\r]/.test(name)) return 'it contains a line break';
  const bad = [...new Set([...name].filter((c) => !allowed.test(c)))];
  if (bad.length > 0) return `it contains ${bad.slice(0, 8).map((c) => JSON.stringify(c)).join(', ')}; allowed are ${allowedText}`;
  return null;
}
