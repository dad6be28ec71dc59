import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe as group, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/hcl/diagnostic.js';
import { declaredTarget } from '../../src/import/declared-target.js';
import { importKeepalived } from '../../src/import/keepalived/index.js';
import { localFiles } from '../../src/import/local-files.js';
import { writeCluster } from '../../src/import/write-cluster.js';
import { describe, validateText } from './support.js';

const CORPUS = 'test/fixtures/import/keepalived';

function convert(file: string): { hcl: string; diags: Diagnostic[] } {
  const diags: Diagnostic[] = [];
  const target = declaredTarget(null, undefined, diags)!;
  const { cluster } = importKeepalived(file, localFiles, target, diags);
  return { hcl: writeCluster(cluster), diags };
}

group('keepalived.conf corpus', () => {
  for (const name of readdirSync(CORPUS)) {
    it(`${name}: converts to the expected HCL, which validates`, async () => {
      const { hcl, diags } = convert(join(CORPUS, name, 'keepalived.conf'));
      expect(diags.filter((d) => d.severity === 'error').map(describe)).toEqual([]);
      await expect(hcl).toMatchFileSnapshot(join('../..', CORPUS, name, 'expected.hcl'));
      await expect(diags.map(describe).join('\n') + '\n').toMatchFileSnapshot(join('../..', CORPUS, name, 'expected-warnings.txt'));
      expect(validateText(hcl).map(describe)).toEqual([]);
    });
  }
});
