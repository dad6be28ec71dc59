import { mkdirSync } from 'node:fs';
import { fail } from './fail.mjs';
import { ensureInitramfs } from './initramfs.mjs';
import { ensureKernel } from './kernel.mjs';

export const CACHE_DIR = process.env.LVSPLAN_LAB_CACHE ?? '/var/cache/lvsplan-lab';

export function prepare() {
  if (process.getuid?.() !== 0) fail('the lab must run as root (it downloads a kernel and boots qemu)');
  mkdirSync(CACHE_DIR, { recursive: true });
  const kernel = ensureKernel(CACHE_DIR);
  const initramfs = ensureInitramfs(CACHE_DIR, kernel);
  return { kernel, initramfs };
}
