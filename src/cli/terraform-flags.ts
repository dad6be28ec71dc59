/**
 * Terraform users type single-dash long flags (`-detailed-exitcode`, `-out=plan`, `-var 'a=b'`).
 * commander only knows `--long`; this rewrites the single-dash spelling of every known long option,
 * and the bare form of a boolean-valued flag (`-input`) into its explicit `--input=true`.
 */
export function normaliseTerraformFlags(argv: readonly string[], longOptions: ReadonlySet<string>, booleanValued: ReadonlySet<string> = new Set()): string[] {
  const out: string[] = [];
  let passthrough = false;
  for (const arg of argv) {
    if (passthrough || arg === '--') {
      passthrough = true;
      out.push(arg);
      continue;
    }
    const m = /^--?([a-z][a-z0-9-]+)(=.*)?$/s.exec(arg);
    if (!m || !longOptions.has(m[1]!)) out.push(arg);
    else if (m[2] === undefined && booleanValued.has(m[1]!)) out.push(`--${m[1]}=true`);
    else out.push(`--${m[1]}${m[2] ?? ''}`);
  }
  return out;
}
