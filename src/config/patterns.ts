/**
 * Strict shapes for names that end up as command arguments on hosts. Anything else is refused
 * before it can reach a command line (argv arrays are used throughout, but a name starting with
 * '-' would still be read as an option, and a newline would split an ipvsadm -R batch line).
 * Interface, sysctl and module names have one rule each in src/model/names/ (see check-name.ts).
 */
export const HOST_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;
export const SSH_HOST = /^[A-Za-z0-9_.:%[\]][A-Za-z0-9_.:%[\]-]*$/;
export const SSH_USER = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;

/** Names the characters that made a value fail, for the diagnostic's detail. */
export function describeBadChars(value: string): string {
  if (value === '') return 'it is empty';
  if (value.startsWith('-')) return "it starts with '-', so a command would read it as an option";
  if (/[\n\r]/.test(value)) return 'it contains a line break';
  const bad = [...new Set(value.match(/[^A-Za-z0-9_.@:+-]/g) ?? [])];
  if (bad.length > 0) return `it contains ${bad.map((c) => JSON.stringify(c)).join(', ')}`;
  return 'it does not have the expected shape';
}
