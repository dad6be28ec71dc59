// Preloaded into a measured process (node --import=<this file>): at exit, writes the CPU seconds of that process alone
// (all its threads, none of its children's) to the file named by LVSPLAN_BENCH_CPU_FILE, as "user system".
import { writeFileSync } from 'node:fs';

const file = process.env.LVSPLAN_BENCH_CPU_FILE;
if (file) {
  process.on('exit', () => {
    const { user, system } = process.cpuUsage();
    writeFileSync(file, `${user / 1e6} ${system / 1e6}`);
  });
}
