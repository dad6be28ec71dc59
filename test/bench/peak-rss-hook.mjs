// Preloaded into a measured process (NODE_OPTIONS=--import=<this file>): at exit, writes the process's peak resident
// set size in KiB to the file named by LVSPLAN_BENCH_RSS_FILE.
import { writeFileSync } from 'node:fs';

const file = process.env.LVSPLAN_BENCH_RSS_FILE;
if (file) process.on('exit', () => writeFileSync(file, String(process.resourceUsage().maxRSS)));
