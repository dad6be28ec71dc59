/** Returns why an argv array cannot be run, or undefined when it can. */
export function argvProblem(argv: readonly string[]): string | undefined {
  if (argv.length === 0) return 'empty command';
  if (argv[0] === '') return 'empty program name';
  const withNul = argv.findIndex((a) => a.includes('\0'));
  if (withNul >= 0) return `argument ${withNul} contains a NUL byte`;
  return undefined;
}
