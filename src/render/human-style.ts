import { Chalk, type ChalkInstance } from 'chalk';

/** The colours of the human plan. With color=false every function returns its text unchanged. */
export interface PlanStyle {
  create: (s: string) => string;
  update: (s: string) => string;
  destroy: (s: string) => string;
  bold: (s: string) => string;
  dim: (s: string) => string;
}

export function planStyle(color: boolean): PlanStyle {
  const c: ChalkInstance = new Chalk({ level: color ? 1 : 0 });
  return { create: c.green, update: c.yellow, destroy: c.red, bold: c.bold, dim: c.dim };
}
