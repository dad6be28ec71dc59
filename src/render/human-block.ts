import type { Attrs } from '../model/resource.js';
import type { JsonAction } from './json-plan-types.js';
import { formatValue, plural } from './human-values.js';
import type { PlanStyle } from './human-style.js';
import { SENSITIVE_TEXT } from '../model/sensitive-text.js';

/** `replace` destroys first (-/+); `create-then-replace` creates the replacement first (+/-), as Terraform's create_before_destroy. */
export type BlockKind = 'create' | 'update' | 'delete' | 'replace' | 'create-then-replace';

export interface BlockInput {
  kind: BlockKind;
  type: string;
  name: string;
  before: Attrs | null;
  after: Attrs | null;
  replacePaths: readonly string[];
  /** Comment lines shown inside the block after the attributes, e.g. drain notes. */
  notes: readonly string[];
  /** A comment after one attribute's change, e.g. weight: "unhealthy: HTTP GET / on ...: connection refused". */
  attrComments?: Readonly<Record<string, string>>;
  /** Attributes derived from a sensitive variable: shown as (sensitive value). */
  sensitive?: readonly string[];
}

export function kindOf(actions: readonly JsonAction[]): BlockKind | null {
  if (actions.includes('delete') && actions.includes('create')) return actions[0] === 'create' ? 'create-then-replace' : 'replace';
  if (actions.includes('create')) return 'create';
  if (actions.includes('delete')) return 'delete';
  if (actions.includes('update')) return 'update';
  return null;
}

export function symbolOf(kind: BlockKind, st: PlanStyle): string {
  switch (kind) {
    case 'create':
      return `  ${st.create('+')}`;
    case 'update':
      return `  ${st.update('~')}`;
    case 'delete':
      return `  ${st.destroy('-')}`;
    case 'replace':
      return `${st.destroy('-')}/${st.create('+')}`;
    case 'create-then-replace':
      return `${st.create('+')}/${st.destroy('-')}`;
  }
}

interface Line {
  sym: string;
  name: string;
  text: string;
}

/** `+ resource "type" "name" { ... }` with Terraform's indentation, aligned `=` and folded unchanged attributes. */
export function renderBlock(b: BlockInput, st: PlanStyle, out: string[]): void {
  const lines: Line[] = [];
  let unchanged = 0;
  const show = (k: string, v: Attrs[string] | undefined): string => (v !== null && v !== undefined && b.sensitive?.includes(k) ? SENSITIVE_TEXT : formatValue(v));
  if (b.kind === 'create') {
    for (const [k, v] of Object.entries(b.after ?? {})) {
      if (v !== null) lines.push({ sym: st.create('+'), name: k, text: show(k, v) + (b.attrComments?.[k] ? `  ${st.dim(`# ${b.attrComments[k]}`)}` : '') });
    }
  } else if (b.kind === 'delete') {
    for (const [k, v] of Object.entries(b.before ?? {})) {
      if (v !== null) lines.push({ sym: st.destroy('-'), name: k, text: `${show(k, v)} -> null` });
    }
  } else {
    const before = b.before ?? {};
    const after = b.after ?? {};
    const names = new Set([...Object.keys(before), ...Object.keys(after)]);
    for (const k of names) {
      const from = formatValue(before[k]);
      const to = formatValue(after[k]);
      if (from === to) {
        unchanged++;
        continue;
      }
      const [shownFrom, shownTo] = [show(k, before[k]), show(k, after[k])];
      const forces = b.replacePaths.includes(k) ? ` ${st.destroy('# forces replacement')}` : '';
      if (after[k] === null || after[k] === undefined) {
        lines.push({ sym: st.destroy('-'), name: k, text: `${shownFrom} -> null${forces}` });
      } else if (before[k] === null || before[k] === undefined) {
        lines.push({ sym: st.create('+'), name: k, text: `${shownTo}${forces}` });
      } else {
        const comment = b.attrComments?.[k] ? `  ${st.dim(`# ${b.attrComments[k]}`)}` : '';
        lines.push({ sym: st.update('~'), name: k, text: `${shownFrom} -> ${shownTo}${forces}${comment}` });
      }
    }
  }
  let width = 0;
  for (const l of lines) if (l.name.length > width) width = l.name.length;
  out.push(`${symbolOf(b.kind, st)} resource ${JSON.stringify(b.type)} ${JSON.stringify(b.name)} {`);
  for (const l of lines) out.push(`      ${l.sym} ${l.name.padEnd(width)} = ${l.text}`);
  if (unchanged > 0) out.push(`        ${st.dim(`# (${plural(unchanged, 'unchanged attribute', 'unchanged attributes')} hidden)`)}`);
  for (const n of b.notes) out.push(`        ${st.dim(`# (${n})`)}`);
  out.push('    }');
}
