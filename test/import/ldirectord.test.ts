import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe as group, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/hcl/diagnostic.js';
import { declaredTarget } from '../../src/import/declared-target.js';
import { importLdirectord } from '../../src/import/ldirectord/index.js';
import { localFiles } from '../../src/import/local-files.js';
import { writeCluster } from '../../src/import/write-cluster.js';
import { describe, validateText } from './support.js';

const CORPUS = 'test/fixtures/import/ldirectord';

group('ldirectord.cf corpus', () => {
  for (const name of readdirSync(CORPUS)) {
    it(`${name}: converts to the expected HCL, which validates`, async () => {
      const diags: Diagnostic[] = [];
      const { cluster } = importLdirectord(join(CORPUS, name, 'ldirectord.cf'), localFiles, declaredTarget(null, undefined, diags)!, diags);
      const hcl = writeCluster(cluster);
      expect(diags.filter((d) => d.severity === 'error').map(describe)).toEqual([]);
      await expect(hcl).toMatchFileSnapshot(join('../..', CORPUS, name, 'expected.hcl'));
      await expect(`${diags.map(describe).join('\n')}\n`).toMatchFileSnapshot(join('../..', CORPUS, name, 'expected-warnings.txt'));
      expect(validateText(hcl).map(describe)).toEqual([]);
    });
  }
});
