import { errorDiag, warningDiag, type Diagnostic } from '../../hcl/diagnostic.js';
import type { Statement } from './tree.js';
import type { Token } from './tokens.js';

/** Reading keyword arguments, each problem a diagnostic at the word. */
export class Reader {
  constructor(
    readonly diags: Diagnostic[],
    readonly format: string,
  ) {}

  int(t: Token | undefined, what: string, min: number, max: number, at: Statement): number | null {
    if (!t) {
      this.diags.push(errorDiag(`Missing ${noun(what)}`, `"${at.keyword.text}" needs ${what} (${min}..${max}).`, at.keyword.range));
      return null;
    }
    if (!/^\d+$/.test(t.text) || Number(t.text) < min || Number(t.text) > max) {
      this.diags.push(errorDiag(`Invalid ${noun(what)}`, `${JSON.stringify(t.text)} is not ${what} from ${min} to ${max}.`, t.range));
      return null;
    }
    return Number(t.text);
  }

  /** Seconds: keepalived takes decimals for timers; lvsplan's are whole seconds, rounded up. */
  seconds(t: Token | undefined, at: Statement): number | null {
    if (!t || !/^\d+(\.\d+)?$/.test(t.text)) {
      this.diags.push(errorDiag('Invalid time', `"${at.keyword.text}" needs a number of seconds.`, (t ?? at.keyword).range));
      return null;
    }
    return Math.max(1, Math.ceil(Number(t.text)));
  }

  /** Something with no equivalent in lvsplan: always said, never silently dropped. */
  unconverted(s: Statement, why: string): void {
    this.diags.push(warningDiag(`${this.format} "${s.keyword.text}" not converted`, why, s.keyword.range));
  }

  error(t: Token, summary: string, detail: string): void {
    this.diags.push(errorDiag(summary, detail, t.range));
  }
}

const noun = (what: string): string => what.replace(/^an? /, '');
