import { readdirSync, readFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { basename, dirname, isAbsolute, join } from 'node:path';

const SYSTEM_CONFIG = '/etc/ssh/ssh_config';
const MAX_INCLUDE_DEPTH = 16;
const mentionsControlPath = /controlpath/i;
const includeLine = /^[ \t]*include(?:[ \t]*=[ \t]*|[ \t]+)(.*)$/gim;

/**
 * False only when no ssh_config that `ssh` reads (the -F file, else the user's and the system's, and the files
 * they Include) and no -o option mentions ControlPath: then `ssh -G` could not report a master socket of the
 * user's, and need not be run once per host. Anything it cannot read for sure (an unreadable file, an Include
 * pattern beyond a `*` or `?` in its last part, nesting too deep) counts as a mention.
 */
export function sshConfigMayNameControlPath(configFile: string | undefined, extraOptions: readonly string[] = []): boolean {
  if (extraOptions.some((o) => /controlpath|include/i.test(o))) return true;
  const home = userInfo().homedir;
  if (configFile !== undefined) return configFile !== 'none' && mayName(configFile, join(home, '.ssh'), home, 0);
  return mayName(join(home, '.ssh', 'config'), join(home, '.ssh'), home, 0) || mayName(SYSTEM_CONFIG, dirname(SYSTEM_CONFIG), home, 0);
}

function mayName(file: string, includeBase: string, home: string, depth: number): boolean {
  if (depth > MAX_INCLUDE_DEPTH) return true;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    return (e as NodeJS.ErrnoException).code !== 'ENOENT';
  }
  if (mentionsControlPath.test(text)) return true;
  for (const [, paths] of text.matchAll(includeLine)) {
    for (const pattern of paths!.trim().split(/[ \t]+/)) {
      const files = expand(pattern, includeBase, home);
      if (files === undefined || files.some((f) => mayName(f, includeBase, home, depth + 1))) return true;
    }
  }
  return false;
}

/** The files an Include pattern names, in a form this reads for sure (a glob only in the last part), else undefined. */
function expand(pattern: string, base: string, home: string): string[] | undefined {
  if (/["'\\[\]{}$%]/.test(pattern)) return undefined;
  const path = pattern.startsWith('~/') ? join(home, pattern.slice(2)) : isAbsolute(pattern) ? pattern : join(base, pattern);
  const dir = dirname(path);
  const last = basename(path);
  if (/[*?~]/.test(dir)) return undefined;
  if (!/[*?]/.test(last)) return [path];
  const match = new RegExp(`^${last.replace(/[.+^()|]/g, '\\$&').replaceAll('*', '[^/]*').replaceAll('?', '[^/]')}$`);
  try {
    return readdirSync(dir)
      .filter((name) => match.test(name))
      .map((name) => join(dir, name));
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ENOENT' ? [] : undefined;
  }
}
