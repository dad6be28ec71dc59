import type { Range } from './range.js';

/**
 * The abstract syntax tree of HCL native syntax (hashicorp/hcl hclsyntax/spec.md).
 * Every node carries the Range of its source text.
 */

export interface File {
  filename: string;
  body: Body;
  /** The source bytes, kept for snippets and expression source text. */
  source: string;
}

export interface Body {
  readonly attributes: readonly Attribute[];
  readonly blocks: readonly Block[];
  /** Items in source order (attributes and blocks interleaved). */
  readonly items: readonly (Attribute | Block)[];
  range: Range;
}

export interface Attribute {
  kind: 'Attribute';
  name: string;
  expr: Expression;
  nameRange: Range;
  equalsRange: Range;
  range: Range;
}

export interface BlockLabel {
  value: string;
  /** Whether the label was written as a quoted string ("x") or a bare identifier (x). */
  quoted: boolean;
  range: Range;
}

export interface Block {
  kind: 'Block';
  type: string;
  readonly labels: readonly BlockLabel[];
  body: Body;
  typeRange: Range;
  openBraceRange: Range;
  closeBraceRange: Range;
  range: Range;
}

export type Expression =
  | LiteralValueExpr
  | TemplateExpr
  | TemplateWrapExpr
  | ScopeTraversalExpr
  | RelativeTraversalExpr
  | FunctionCallExpr
  | ConditionalExpr
  | BinaryOpExpr
  | UnaryOpExpr
  | TupleConsExpr
  | ObjectConsExpr
  | ForExpr
  | SplatExpr
  | AnonSymbolExpr
  | IndexExpr
  | ParenthesesExpr;

export interface LiteralValueExpr {
  kind: 'LiteralValue';
  value: null | boolean | number | string;
  range: Range;
}

/** A quoted string or heredoc that contains interpolations or directives, or any heredoc. */
export interface TemplateExpr {
  kind: 'Template';
  parts: TemplatePart[];
  /** true for heredoc templates (<<EOT / <<-EOT). */
  heredoc: boolean;
  range: Range;
}

export type TemplatePart = TemplateLiteral | TemplateInterpolation | TemplateIf | TemplateFor;

export interface TemplateLiteral {
  kind: 'TemplateLiteral';
  value: string;
  range: Range;
}

export interface TemplateInterpolation {
  kind: 'TemplateInterpolation';
  expr: Expression;
  stripLeft: boolean;
  stripRight: boolean;
  range: Range;
}

export interface TemplateIf {
  kind: 'TemplateIf';
  condition: Expression;
  then: TemplatePart[];
  else: TemplatePart[] | null;
  range: Range;
}

export interface TemplateFor {
  kind: 'TemplateFor';
  keyVar: string | null;
  valueVar: string;
  collection: Expression;
  body: TemplatePart[];
  range: Range;
}

/** A template of exactly one interpolation, "${expr}": its value is the value of expr, unconverted. */
export interface TemplateWrapExpr {
  kind: 'TemplateWrap';
  wrapped: Expression;
  range: Range;
}

export type Traverser =
  | { kind: 'Root'; name: string; range: Range }
  | { kind: 'Attr'; name: string; range: Range }
  | { kind: 'Index'; key: string | number; range: Range };

/** A variable reference followed by static attribute/index steps: var.x, local.list[0], each.value.name */
export interface ScopeTraversalExpr {
  kind: 'ScopeTraversal';
  traversal: Traverser[];
  range: Range;
}

/** Static attribute/index steps applied to the result of another expression: f(x).a[0] */
export interface RelativeTraversalExpr {
  kind: 'RelativeTraversal';
  source: Expression;
  traversal: Traverser[];
  range: Range;
}

/** A dynamic index: expr[keyExpr] where keyExpr is not a literal. */
export interface IndexExpr {
  kind: 'Index';
  collection: Expression;
  key: Expression;
  range: Range;
  bracketRange: Range;
}

export interface FunctionCallExpr {
  kind: 'FunctionCall';
  name: string;
  args: Expression[];
  /** true when the final argument is followed by `...` */
  expandFinal: boolean;
  nameRange: Range;
  openParenRange: Range;
  closeParenRange: Range;
  range: Range;
}

export interface ConditionalExpr {
  kind: 'Conditional';
  condition: Expression;
  trueResult: Expression;
  falseResult: Expression;
  range: Range;
}

export type BinaryOperator =
  | '||' | '&&'
  | '==' | '!='
  | '<' | '>' | '<=' | '>='
  | '+' | '-'
  | '*' | '/' | '%';

export interface BinaryOpExpr {
  kind: 'BinaryOp';
  op: BinaryOperator;
  lhs: Expression;
  rhs: Expression;
  range: Range;
}

export interface UnaryOpExpr {
  kind: 'UnaryOp';
  op: '!' | '-';
  operand: Expression;
  symbolRange: Range;
  range: Range;
}

export interface TupleConsExpr {
  kind: 'TupleCons';
  exprs: Expression[];
  range: Range;
  openRange: Range;
}

export interface ObjectConsItem {
  /** A bare identifier key (`name = 1`) is represented as a LiteralValueExpr string with `bareKey` true. */
  keyExpr: Expression;
  bareKey: boolean;
  valueExpr: Expression;
}

export interface ObjectConsExpr {
  kind: 'ObjectCons';
  items: ObjectConsItem[];
  range: Range;
  openRange: Range;
}

export interface ForExpr {
  kind: 'For';
  keyVar: string | null;
  valueVar: string;
  collection: Expression;
  /** Present for object-producing for expressions `{for k, v in x : keyExpr => valueExpr}`. */
  keyExpr: Expression | null;
  valueExpr: Expression;
  condition: Expression | null;
  /** `...` after the value expression (grouping mode, object for only). */
  group: boolean;
  range: Range;
  openRange: Range;
  closeRange: Range;
}

/** source.*.attr or source[*].attr; `each` is evaluated once per element with AnonSymbol bound to it. */
export interface SplatExpr {
  kind: 'Splat';
  source: Expression;
  each: Expression;
  item: AnonSymbolExpr;
  /** 'attr' for `.*` (legacy attribute-only splat), 'full' for `[*]` */
  style: 'attr' | 'full';
  markerRange: Range;
  range: Range;
}

/** The placeholder for the current element inside a SplatExpr's `each`. */
export interface AnonSymbolExpr {
  kind: 'AnonSymbol';
  range: Range;
}

export interface ParenthesesExpr {
  kind: 'Parentheses';
  expr: Expression;
  range: Range;
}
