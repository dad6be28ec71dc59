import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { SourceFiles } from './source-files.js';

const MAX_BYTES = 16 * 1024 * 1024;

/** SourceFiles over the local file system (the converters' input files). */
export const localFiles: SourceFiles = {
  read(path) {
    try {
      if (statSync(path).size > MAX_BYTES) return { error: `${path} is larger than 16 MiB` };
      return { text: readFileSync(path, 'utf8') };
    } catch (e) {
      return { error: (e as Error).message };
    }
  },
  glob(pattern) {
    return expandBraces(pattern).flatMap(globOne).sort();
  },
};

function expandBraces(p: string): string[] {
  const m = /\{([^{}]*)\}/.exec(p);
  if (!m) return [p];
  return m[1]!.split(',').flatMap((alt) => expandBraces(p.slice(0, m.index) + alt + p.slice(m.index + m[0].length)));
}

function hasMagic(s: string): boolean {
  return /[*?[]/.test(s);
}

function toRegex(component: string): RegExp {
  let re = '';
  for (let i = 0; i < component.length; i++) {
    const c = component[i]!;
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const end = component.indexOf(']', i + 2);
      if (end < 0) re += '\\[';
      else {
        re += `[${component.slice(i + 1, end).replace(/^!/, '^').replace(/\\/g, '\\\\')}]`;
        i = end;
      }
    } else re += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

function globOne(pattern: string): string[] {
  if (!hasMagic(pattern)) {
    try {
      statSync(pattern);
      return [pattern];
    } catch {
      return [];
    }
  }
  const parts = pattern.split('/');
  const i = parts.findIndex(hasMagic);
  const base = parts.slice(0, i).join('/') || (pattern.startsWith('/') ? '/' : '.');
  const re = toRegex(parts[i]!);
  const rest = parts.slice(i + 1).join('/');
  let names: string[];
  try {
    names = readdirSync(base).filter((n) => !n.startsWith('.') && re.test(n));
  } catch {
    return [];
  }
  return names.flatMap((n) => (rest ? globOne(join(base, n, rest)) : [join(base, n)]));
}

