import { Random } from './random.js';

/**
 * Generates random, syntactically valid HCL configurations covering the native syntax: blocks with
 * quoted and bare labels, one-line blocks, comments, every literal form, string escapes, templates with
 * interpolations, directives and strip markers, heredocs, collections, operators, conditionals,
 * function calls, traversals, splats and for expressions.
 *
 * It avoids the few inputs hcl2json cannot convert (a null literal used as a string part, unary
 * operators on the wrong literal type, one block type used with different label counts).
 */
export function generateConfig(rnd: Random, size = 6): string {
  return new Generator(rnd).body(size, 0);
}

const NAMES = ['a', 'b', 'name', 'vip', 'port_1', 'my-attr', 'x_y', 'weight', 'é_utf', 'svc'];
const VARS = ['var', 'local', 'each', 'x', 'y', 'count', 'módulo'];
const FUNCS = ['f', 'max', 'lookup', 'concat', 'format'];
const BLOCKS = ['virtual_server', 'backend', 'director', 'conn', 'r'];
const NUMBERS = ['0', '1', '42', '3.14', '1e3', '2.5E-2', '007', '1.50', '65535', '0.001', '6e+2', '10.0'];
const STRING_PIECES = [
  'abc', ' ', 'Hello, World', '\\n', '\\t', '\\r', '\\"', '\\\\', '\\u00e9', '\\U0001F600', '$${x}', '%%{y}',
  'é', 'ü😀', '$', '%', 'a$b', '100%', '$$', 'tab\\tsep', '#', '//', '/*', '=', '}', ':',
];
const OPS = ['+', '-', '*', '/', '%', '==', '!=', '<', '>', '<=', '>=', '&&', '||'];

class Generator {
  constructor(private readonly rnd: Random) {}

  private sp(): string {
    return this.rnd.pick(['', ' ', ' ', '  ']);
  }

  private ws(): string {
    return this.rnd.pick([' ', ' ', '  ']);
  }

  body(size: number, depth: number): string {
    const ind = '  '.repeat(depth);
    const used = new Set<string>();
    const lines: string[] = [];
    const n = this.rnd.int(size) + 1;
    for (let i = 0; i < n; i++) {
      const r = this.rnd.next();
      if (r < 0.1) lines.push(ind + this.comment());
      if (r < 0.55 || depth >= 3) {
        const name = this.freshName(used);
        if (name === null) continue;
        lines.push(ind + this.attribute(name, depth, true));
      } else {
        lines.push(this.block(depth, ind));
      }
    }
    return lines.join('\n') + '\n';
  }

  private freshName(used: Set<string>): string | null {
    for (let k = 0; k < 5; k++) {
      const base = this.rnd.pick(NAMES);
      const name = this.rnd.chance(0.5) ? base : base + this.rnd.int(20);
      if (!used.has(name)) {
        used.add(name);
        return name;
      }
    }
    return null;
  }

  private comment(): string {
    return this.rnd.pick(['# a comment', '// line comment', '/* block */', '/* multi\n   line */', '#', '// é ü']);
  }

  private attribute(name: string, depth: number, multiline: boolean): string {
    const trailer = multiline && this.rnd.chance(0.15) ? this.ws() + this.rnd.pick(['# note', '// note', '/* c */']) : '';
    if (multiline && this.rnd.chance(0.1)) return `${name}${this.sp()}=${this.sp()}${this.heredoc()}`.replace(/\n$/, '');
    return `${name}${this.sp()}=${this.sp()}${this.expr(2, multiline && depth < 3, 'value')}${trailer}`;
  }

  private block(depth: number, ind: string): string {
    const type = this.rnd.pick(BLOCKS);
    const labelCount = BLOCKS.indexOf(type) % 3;
    const labels: string[] = [];
    for (let i = 0; i < labelCount; i++) {
      const l = this.rnd.pick(['web', 'lvs01', 'api-2', 'x y', 'é', '']) + this.rnd.int(4);
      labels.push(this.rnd.chance(0.3) && /^[a-z][a-z0-9-]*$/.test(l) ? l : JSON.stringify(l));
    }
    const head = [type, ...labels].join(' ');
    const r = this.rnd.next();
    if (r < 0.15) return `${ind}${head} {}`;
    if (r < 0.3) return `${ind}${head} { ${this.attribute(this.rnd.pick(NAMES), 3, false)} }`;
    return `${ind}${head} {\n${this.body(4, depth + 1)}${ind}}`;
  }

  private heredoc(): string {
    const marker = this.rnd.pick(['EOT', 'EOF', 'END_TEXT']);
    const flush = this.rnd.chance(0.5);
    const indent = flush ? '  '.repeat(this.rnd.int(3)) : '';
    const lines: string[] = [];
    const n = this.rnd.int(4) + 1;
    for (let i = 0; i < n; i++) {
      const extra = ' '.repeat(this.rnd.int(4));
      const r = this.rnd.next();
      let text: string;
      if (r < 0.3) text = this.rnd.pick(['hello', 'plain text', 'tabs\tinside', 'é ü 😀', '"quoted"', '\\n stays']);
      else if (r < 0.55) text = `x = \${${this.expr(1, false, 'part')}}`;
      else if (r < 0.65) text = '';
      else if (r < 0.75) text = `%{ if ${this.expr(1, false, 'value')} }yes%{ else }no%{ endif }`;
      else if (r < 0.85) text = `%{ for v in ${this.traversal()} ~}\${v} %{~ endfor }`;
      else text = '$${literal} and %%{literal} 100% $';
      lines.push(text === '' ? '' : indent + extra + text);
    }
    return `<<${flush ? '-' : ''}${marker}\n${lines.join('\n')}\n${indent}${marker}\n`;
  }

  private stringLit(): string {
    const n = this.rnd.int(4);
    let s = '';
    for (let i = 0; i < n; i++) s += this.rnd.pick(STRING_PIECES);
    if (s.endsWith('$') || s.endsWith('%')) s += 'z';
    return s;
  }

  private template(depth: number): string {
    const parts: string[] = [];
    const n = this.rnd.int(3) + 1;
    for (let i = 0; i < n; i++) {
      const r = this.rnd.next();
      if (r < 0.35) parts.push(this.stringLit());
      else if (r < 0.7) {
        const l = this.rnd.chance(0.2) ? '~' : '';
        const rr = this.rnd.chance(0.2) ? '~' : '';
        parts.push(`\${${l}${this.sp()}${this.expr(depth - 1, false, 'part')}${this.sp()}${rr}}`);
      } else if (r < 0.85) {
        const els = this.rnd.chance(0.5) ? `%{${this.sp()}else${this.sp()}}${this.stringLit()}` : '';
        parts.push(`%{${this.rnd.chance(0.2) ? '~' : ''} if ${this.expr(depth - 1, false, 'value')} }${this.stringLit()}${els}%{ endif${this.rnd.chance(0.2) ? ' ~' : ''}}`);
      } else {
        const kv = this.rnd.chance(0.5) ? 'k, v' : 'v';
        parts.push(`%{ for ${kv} in ${this.traversal()} }\${v}${this.stringLit()}%{ endfor }`);
      }
    }
    return `"${parts.join('')}"`;
  }

  private traversal(): string {
    let s = this.rnd.pick(VARS);
    const n = this.rnd.int(4);
    let prevLegacy = false;
    let attrSplat = false;
    for (let i = 0; i < n; i++) {
      const r = this.rnd.next();
      const legacy = r >= 0.65 && r < 0.75 && !prevLegacy;
      if (r < 0.4) s += '.' + this.rnd.pick(NAMES);
      else if (r < 0.55) s += `[${this.rnd.int(5)}]`;
      else if (r < 0.65) s += `["${this.rnd.pick(NAMES)}"]`;
      else if (legacy) s += '.' + this.rnd.int(3);
      else if (r < 0.85) s += `[${this.rnd.pick(VARS)}]`;
      else if (r < 0.92 || attrSplat) s += '[*]';
      else {
        s += '.*';
        attrSplat = true;
      }
      prevLegacy = legacy;
    }
    return s;
  }

  /** ctx 'part': the expression becomes a template part, where hcl2json cannot stringify a null literal. */
  expr(depth: number, multiline: boolean, ctx: 'value' | 'part'): string {
    if (depth <= 0) return this.leaf(ctx);
    const r = this.rnd.next();
    if (r < 0.2) return this.leaf(ctx);
    if (r < 0.3) return this.traversal();
    if (r < 0.38) return this.template(depth);
    if (r < 0.48) {
      const a = this.operand(depth);
      return `${a}${this.ws()}${this.rnd.pick(OPS)}${this.ws()}${this.operand(depth)}`;
    }
    if (r < 0.53) {
      const opnd = this.rnd.chance(0.5) ? this.rnd.pick(NUMBERS) : this.traversal();
      return this.rnd.chance(0.5) ? `-${opnd}` : `!${this.rnd.pick(['true', 'false', this.traversal()])}`;
    }
    if (r < 0.6) {
      return `${this.operand(depth)}${this.ws()}?${this.ws()}${this.expr(depth - 1, false, ctx)}${this.ws()}:${this.ws()}${this.expr(depth - 1, false, ctx)}`;
    }
    if (r < 0.68) {
      const args: string[] = [];
      const n = this.rnd.int(4);
      for (let i = 0; i < n; i++) args.push(this.expr(depth - 1, false, 'value'));
      const expand = n > 0 && this.rnd.chance(0.2) ? '...' : '';
      const trailing = n > 0 && !expand && this.rnd.chance(0.2) ? ',' : '';
      return `${this.rnd.pick(FUNCS)}(${args.join(`,${this.sp()}`)}${expand}${trailing})`;
    }
    if (r < 0.78) return this.tuple(depth, multiline);
    if (r < 0.88) return this.object(depth, multiline);
    if (r < 0.94) return this.forExpr(depth);
    return `(${this.sp()}${this.expr(depth - 1, false, 'value')}${this.sp()})`;
  }

  private operand(depth: number): string {
    const r = this.rnd.next();
    if (r < 0.4) return this.rnd.pick(NUMBERS);
    if (r < 0.7) return this.traversal();
    if (r < 0.8) return this.rnd.pick(['true', 'false']);
    return `(${this.expr(depth - 1, false, 'value')})`;
  }

  private leaf(ctx: 'value' | 'part'): string {
    const r = this.rnd.next();
    if (r < 0.35) return this.rnd.pick(NUMBERS);
    if (r < 0.5) return this.rnd.pick(ctx === 'part' ? ['true', 'false'] : ['true', 'false', 'null']);
    if (r < 0.8) return `"${this.stringLit()}"`;
    return this.traversal();
  }

  private tuple(depth: number, multiline: boolean): string {
    const n = this.rnd.int(4);
    const items: string[] = [];
    for (let i = 0; i < n; i++) items.push(this.expr(depth - 1, multiline, 'value'));
    if (multiline && n > 0 && this.rnd.chance(0.4)) return `[\n${items.map((x) => `    ${x},`).join('\n')}\n]`;
    return `[${items.join(`,${this.sp()}`)}${n > 0 && this.rnd.chance(0.2) ? ',' : ''}]`;
  }

  private objectKey(): string {
    const r = this.rnd.next();
    if (r < 0.5) return this.rnd.pick(NAMES);
    if (r < 0.7) return `"${this.stringLit()}"`;
    if (r < 0.8) return `(${this.traversal()})`;
    if (r < 0.9) return this.rnd.pick(['1', '42', 'true', 'false']);
    return `${this.rnd.pick(VARS)}.${this.rnd.pick(NAMES)}`;
  }

  private object(depth: number, multiline: boolean): string {
    const n = this.rnd.int(4);
    const items: string[] = [];
    for (let i = 0; i < n; i++) {
      items.push(`${this.objectKey()}${this.sp()}${this.rnd.pick(['=', ':'])}${this.sp()}${this.expr(depth - 1, false, 'value')}`);
    }
    if (multiline && n > 0 && this.rnd.chance(0.5)) {
      return `{\n${items.map((x) => `    ${x}${this.rnd.chance(0.3) ? ',' : ''}`).join('\n')}\n}`;
    }
    return `{${this.sp()}${items.join(`,${this.sp()}`)}${this.sp()}}`;
  }

  private forExpr(depth: number): string {
    const kv = this.rnd.chance(0.5) ? 'k, v' : 'v';
    const cond = this.rnd.chance(0.3) ? ` if ${this.expr(depth - 1, false, 'value')}` : '';
    const coll = this.rnd.chance(0.7) ? this.traversal() : this.tuple(depth - 1, false);
    if (this.rnd.chance(0.5)) {
      return `[for ${kv} in ${coll} : ${this.expr(depth - 1, false, 'value')}${cond}]`;
    }
    const group = this.rnd.chance(0.3) ? '...' : '';
    return `{for ${kv} in ${coll} : ${this.expr(depth - 1, false, 'value')} => ${this.expr(depth - 1, false, 'value')}${group}${cond}}`;
  }
}
