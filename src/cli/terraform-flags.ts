/**
 * Terraform users type single-dash long flags (`-detailed-exitcode`, `-out=plan`, `-var 'a=b'`).
 * commander only knows `--long`; this rewrites the single-dash spelling of every known long option.
 */
export function normaliseTerraformFlags(argv: readonly string[], longOptions: ReadonlySet<string>): string[] {
  const out: string[] = [];
  let passthrough = false;
  for (const arg of argv) {
    if (passthrough || arg === '--') {
      passthrough = true;
      out.push(arg);
      continue;
    }
    const m = /^-([a-z][a-z0-9-]+)(=.*)?$/s.exec(arg);
    out.push(m && longOptions.has(m[1]!) ? `-${arg}` : arg);
  }
  return out;
}
