import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const FIXTURES_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures');
export const HCL_FIXTURES = path.join(FIXTURES_ROOT, 'hcl');

/** Every *.hcl file under dir, recursively, sorted; `skipErrorDirs` leaves out anything under an _error_ folder. */
export function hclFilesUnder(dir: string, skipErrorDirs: boolean): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, entry.name);
      if (entry.isDirectory()) {
        if (!(skipErrorDirs && entry.name === '_error_')) walk(p);
      } else if (entry.name.endsWith('.hcl')) {
        out.push(p);
      }
    }
  };
  walk(dir);
  return out.sort();
}

export function readSource(file: string): string {
  return fs.readFileSync(file, 'utf8');
}
