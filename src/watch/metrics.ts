/** What `watch` exports on /metrics (Prometheus text format 0.0.4); names follow Prometheus' conventions. */
export interface BackendSeries {
  director: string;
  service: string;
  backend: string;
  up: 0 | 1;
  /** The weight last seen or set on the director. */
  weight: number | null;
  checkSeconds: number;
}

export interface WatchMetrics {
  backends: Map<string, BackendSeries>;
  reconcileSeconds: number;
  reconciles: number;
  reconcileErrors: number;
  checkErrors: number;
  driftObjects: number;
  changesApplied: number;
}

export const emptyMetrics = (): WatchMetrics => ({
  backends: new Map(), reconcileSeconds: 0, reconciles: 0, reconcileErrors: 0, checkErrors: 0, driftObjects: 0, changesApplied: 0,
});

const esc = (v: string): string => v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');

export function renderMetrics(m: WatchMetrics): string {
  const out: string[] = [];
  const family = (name: string, type: 'gauge' | 'counter', help: string, rows: [string, number][]): void => {
    out.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
    for (const [labels, v] of rows) out.push(`${name}${labels} ${Number.isFinite(v) ? v : 'NaN'}`);
  };
  const backends = [...m.backends.values()].sort((a, b) => (a.director + a.backend < b.director + b.backend ? -1 : 1));
  const labels = (b: BackendSeries): string => `{director="${esc(b.director)}",service="${esc(b.service)}",backend="${esc(b.backend)}"}`;
  family('lvsplan_backend_up', 'gauge', 'Whether the backend passes its health check after rise/fall (1) or not (0).', backends.map((b) => [labels(b), b.up]));
  family('lvsplan_backend_weight', 'gauge', 'The backend weight on the director after the last reconcile.', backends.filter((b) => b.weight !== null).map((b) => [labels(b), b.weight!]));
  family('lvsplan_health_check_duration_seconds', 'gauge', 'How long the last health check of the backend took.', backends.map((b) => [labels(b), b.checkSeconds]));
  family('lvsplan_reconcile_duration_seconds', 'gauge', 'How long the last reconcile (read, plan, apply) took.', [['', m.reconcileSeconds]]);
  family('lvsplan_reconciles_total', 'counter', 'Reconciles run.', [['', m.reconciles]]);
  family('lvsplan_reconcile_errors_total', 'counter', 'Reconciles that failed to read, plan or apply.', [['', m.reconcileErrors]]);
  family('lvsplan_health_check_errors_total', 'counter', 'Check rounds a director could not run.', [['', m.checkErrors]]);
  family('lvsplan_drift_objects', 'gauge', 'Objects that differ from the configuration other than by health (left alone without --repair-drift).', [['', m.driftObjects]]);
  family('lvsplan_changes_applied_total', 'counter', 'Changes watch applied.', [['', m.changesApplied]]);
  return `${out.join('\n')}\n`;
}
