/** Parses Terraform-style durations ("0s", "30s", "2m", "1h", "500ms") into milliseconds; null if invalid. */
export function parseDurationMs(text: string): number | null {
  const m = /^(\d{1,9})(ms|s|m|h)?$/.exec(text.trim());
  if (!m) return null;
  const n = Number(m[1]);
  const unit = m[2] ?? 's';
  return n * (unit === 'ms' ? 1 : unit === 's' ? 1000 : unit === 'm' ? 60_000 : 3_600_000);
}
