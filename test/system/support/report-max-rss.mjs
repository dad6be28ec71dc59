// Preloaded into the lvsplan CLI by tests (node --import): writes the process's peak RSS in KiB to
// $LVSPLAN_TEST_RSS_FILE when it exits, so a test can bound the memory of the real CLI run.
import { writeFileSync } from 'node:fs';

process.on('exit', () => {
  writeFileSync(process.env.LVSPLAN_TEST_RSS_FILE, String(process.resourceUsage().maxRSS));
});
