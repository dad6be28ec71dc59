export interface JsonResourceChange {
  address: string;
  type: string;
  change: { actions: string[]; before: Record<string, unknown> | null; after: Record<string, unknown> | null };
  lvsplan: { host: string; id: string };
}

export interface JsonPlan {
  resource_changes: JsonResourceChange[];
}

export function parsePlan(stdout: string): JsonPlan {
  return JSON.parse(stdout) as JsonPlan;
}

export function changed(plan: JsonPlan): JsonResourceChange[] {
  return plan.resource_changes.filter((c) => !(c.change.actions.length === 1 && c.change.actions[0] === 'no-op'));
}
