import type { ExpressionNode } from './syntax-tree.js';

/** A function call found in an expression, with its first argument when that is a string literal. */
export interface FunctionReference {
  readonly functionName: string;
  readonly literalArgument?: string;
  readonly expression: string;
}

/** Lists the calls in a parsed expression, so validation can check `variables('x')`, `body('A')`, … statically. */
export function collectReferences(node: ExpressionNode, expression: string, out: FunctionReference[]): void {
  switch (node.kind) {
    case 'literal':
      return;
    case 'member':
      collectReferences(node.target, expression, out);
      collectReferences(node.key, expression, out);
      return;
    case 'call': {
      const first = node.args[0];
      const literalArgument = first?.kind === 'literal' && typeof first.value === 'string' ? first.value : undefined;
      out.push({ functionName: node.name, expression, ...(literalArgument === undefined ? {} : { literalArgument }) });
      for (const arg of node.args) collectReferences(arg, expression, out);
    }
  }
}
