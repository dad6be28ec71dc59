import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const hcl2 = require('hcl2-parser') as { parseToObject(src: string): [unknown, unknown] };

export type OracleResult = { ok: true; value: unknown } | { ok: false; reason: string };

/** hcl2-parser's JSON form of a file, or why it could not produce one (parse error or a converter crash). */
export function hcl2ParserJson(source: string): OracleResult {
  try {
    const [value, err] = hcl2.parseToObject(source);
    if (value === null || value === undefined) return { ok: false, reason: `hcl2-parser error: ${JSON.stringify(err)}` };
    return { ok: true, value };
  } catch (e) {
    return { ok: false, reason: `hcl2-parser threw: ${String(e).slice(0, 200)}` };
  }
}
