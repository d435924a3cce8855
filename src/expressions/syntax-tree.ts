import type { FunctionDefinition } from './functions/function-definition.js';
import type { Value } from './values.js';

export interface LiteralNode {
  readonly kind: 'literal';
  readonly value: Value;
  readonly position: number;
}

export interface CallNode {
  readonly kind: 'call';
  readonly name: string;
  readonly definition: FunctionDefinition;
  readonly args: readonly ExpressionNode[];
  readonly position: number;
}

/** `x.name`, `x['name']`, `x[0]`, and their null-safe `?` forms. */
export interface MemberNode {
  readonly kind: 'member';
  readonly target: ExpressionNode;
  readonly key: ExpressionNode;
  readonly nullSafe: boolean;
  readonly position: number;
}

export type ExpressionNode = LiteralNode | CallNode | MemberNode;

/** A parsed string value: a literal, a single expression (`@expr`), or an interpolation (`a @{expr} b`). */
export type TemplateString =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'expression'; readonly source: string; readonly node: ExpressionNode }
  | { readonly kind: 'interpolation'; readonly parts: readonly InterpolationPart[] };

export type InterpolationPart =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'expression'; readonly source: string; readonly node: ExpressionNode };
