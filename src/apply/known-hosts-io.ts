import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { KNOWN_HOSTS_FILE, type KnownHost, type KnownHostsFile } from '../model/known-hosts.js';

/** Writes the known-hosts file atomically (temp file in the same directory, then rename); returns why it failed, or null. */
export function writeKnownHosts(file: string, hosts: readonly KnownHost[]): string | null {
  if (basename(file) !== KNOWN_HOSTS_FILE) return `${file} is not a ${KNOWN_HOSTS_FILE} file`;
  const content: KnownHostsFile = { version: 1, hosts: [...hosts] };
  let tmpDir: string | null = null;
  try {
    tmpDir = mkdtempSync(join(dirname(file), '.lvsplan-hosts-'));
    const tmp = join(tmpDir, KNOWN_HOSTS_FILE);
    writeFileSync(tmp, `${JSON.stringify(content, null, 2)}\n`, { mode: 0o644 });
    renameSync(tmp, file);
    return null;
  } catch (e) {
    return `could not write ${file}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`;
  } finally {
    if (tmpDir) rmSync(tmpDir, { recursive: true, force: true });
  }
}
