const SAFE_WORD = /^[A-Za-z0-9_@%+=:,./-]+$/;

/**
 * Quotes one word for a POSIX shell: words made only of safe characters pass through unchanged,
 * anything else is wrapped in single quotes, each embedded ' becoming '\''.
 * A NUL byte cannot be passed in an argument at all, so it is rejected.
 */
export function shellQuoteWord(word: string): string {
  if (word.includes('\0')) throw new TypeError('a command argument cannot contain a NUL byte');
  if (SAFE_WORD.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/**
 * The only place lvsplan turns an argv array into shell text. Used solely where a remote shell
 * is unavoidable (ssh runs its command through the remote user's login shell).
 */
export function shellQuote(argv: readonly string[]): string {
  return argv.map(shellQuoteWord).join(' ');
}
