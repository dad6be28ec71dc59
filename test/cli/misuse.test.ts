import { describe, expect, it } from 'vitest';
import { cli } from './support/run-cli.js';

const SEED = 'examples/lvs-dr';

/** Every misuse: [argv, environment, message expected in the boxed diagnostic]. All exit 1. */
const MISUSES: Array<[string[], Record<string, string>, string]> = [
  [['plan', '-detailed-exitcode', '-parallelism', '0', SEED], {}, '-parallelism must be a whole number from 1 to 1000, got "0"'],
  [['plan', '-detailed-exitcode', '-parallelism=abc', SEED], {}, '-parallelism must be a whole number from 1 to 1000, got "abc"'],
  [['plan', '--detailed-exitcode', '--parallelism', '-5', SEED], {}, '-parallelism must be a whole number from 1 to 1000, got "-5"'],
  [['apply', '-parallelism=1.5', SEED], {}, 'got "1.5"'],
  [['plan', '-bogus', SEED], {}, 'Flag provided but not defined: -bogus'],
  [['plan', '--detailed-exitcodes', SEED], {}, 'Did you mean -detailed-exitcode?'],
  [['plna'], {}, 'lvsplan has no command named "plna".\n│ \n│ Did you mean plan?'],
  [['frobnicate'], {}, 'lvsplan has no command named "frobnicate"'],
  [['plan', SEED, 'extra'], {}, 'Too many arguments'],
  [['validate', SEED, 'a', 'b'], {}, 'Too many arguments'],
  [['state', 'show'], {}, "Missing required argument 'address'"],
  [['plan', '-out'], {}, '-out argument missing'],
  [['validate', '-var'], {}, '-var argument missing'],
  [['apply', '-lock-timeout=soon', SEED], {}, '"soon" is not a duration'],
  [['plan', '-lock-timeout=soon', SEED], {}, '"soon" is not a duration'],
  [['plan', '-lock=maybe', SEED], {}, '"maybe" is not a boolean'],
  [['destroy', '-lock=maybe', SEED], {}, '"maybe" is not a boolean'],
  [['plan', '-input=nope', SEED], {}, '"nope" is not a boolean'],
  [['version', 'extra'], {}, 'Too many arguments'],
  [['help', 'nosuch'], {}, 'lvsplan has no command named "nosuch"'],
  [['-chdir=/nonexistent/dir', 'validate'], {}, 'Error handling -chdir option'],
  [['plan', SEED], { LVSPLAN_CLI_ARGS: "-var 'unterminated" }, 'Invalid LVSPLAN_CLI_ARGS'],
  [['plan', SEED], { LVSPLAN_CLI_ARGS_plan: '-parallelism=0' }, '-parallelism must be a whole number'],
];

describe('every misuse is a boxed diagnostic and exit 1', () => {
  it.each(MISUSES)('lvsplan %j %j', async (args, env, message) => {
    const r = await cli(args, { env });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^╷\n│ Error: /);
    expect(r.stderr).toContain(message);
    expect(r.stderr).not.toMatch(/internal error|at .*\.ts:\d+/i);
  });

  it('names the command whose help to read', async () => {
    expect((await cli(['plan', '-bogus'])).stderr).toContain('For more help on using this command, run:\n  lvsplan plan -help\n');
    expect((await cli(['nope'])).stderr).not.toContain('For more help');
  });
});
