/**
 * Recursive-descent parser for WDL expressions and for string values that embed them. Function names and
 * arity are resolved here, so an unknown function or a wrong argument count is a load-time error with a position.
 */
import { ExpressionError, ExpressionErrorCode, expressionError } from './expression-error.js';
import { lookupFunction } from './functions/function-table.js';
import { type Token, TokenKind, readToken } from './lexer.js';
import type { ExpressionNode, InterpolationPart, TemplateString } from './syntax-tree.js';
import { Float } from './values.js';

/** Deeply nested input must fail cleanly rather than overflow the stack. */
const MAX_DEPTH = 200;

class Parser {
  private token: Token;
  private depth = 0;

  constructor(
    private readonly source: string,
    offset: number,
  ) {
    this.token = readToken(source, offset);
  }

  /** A method, not a field read, so TypeScript does not narrow it across `advance()` calls. */
  private kind(): TokenKind {
    return this.token.kind;
  }

  get current(): Token {
    return this.token;
  }

  private advance(): Token {
    const token = this.token;
    this.token = readToken(this.source, token.end);
    return token;
  }

  private expect(kind: TokenKind): Token {
    if (this.kind() !== kind) throw this.unexpected(`'${kind}'`);
    return this.advance();
  }

  private unexpected(expected: string): ExpressionError {
    const found = this.kind() === TokenKind.End ? 'the end of the expression' : `'${this.token.text}'`;
    return expressionError(
      ExpressionErrorCode.ParseError,
      `Expected ${expected} but found ${found}.`,
      this.token.start,
    );
  }

  parseExpression(): ExpressionNode {
    if (++this.depth > MAX_DEPTH) {
      throw expressionError(ExpressionErrorCode.ParseError, 'The expression is nested too deeply.', this.token.start);
    }
    let node = this.parsePrimary();
    node = this.parseAccessors(node);
    this.depth--;
    return node;
  }

  private parsePrimary(): ExpressionNode {
    const token = this.token;
    switch (token.kind) {
      case TokenKind.String:
        this.advance();
        return { kind: 'literal', value: token.text, position: token.start };
      case TokenKind.Integer: {
        this.advance();
        const value = Number(token.text);
        return { kind: 'literal', value, position: token.start };
      }
      case TokenKind.Float: {
        this.advance();
        const value = Number(token.text);
        return { kind: 'literal', value: Number.isInteger(value) ? new Float(value) : value, position: token.start };
      }
      case TokenKind.Identifier:
        return this.parseIdentifier();
      case TokenKind.Dot: {
        // A float written without its leading zero, as in the documented `sub(10.3, .3)`.
        const digits = readToken(this.source, token.end);
        if (digits.kind === TokenKind.Integer && digits.start === token.end && /^\d+$/.test(digits.text)) {
          this.advance();
          this.advance();
          const value = Number(`0.${digits.text}`);
          return { kind: 'literal', value: Number.isInteger(value) ? new Float(value) : value, position: token.start };
        }
        throw this.unexpected('a value or a function call');
      }
      default:
        throw this.unexpected('a value or a function call');
    }
  }

  private parseIdentifier(): ExpressionNode {
    const token = this.advance();
    if (this.kind() !== TokenKind.LeftParen) {
      const lower = token.text.toLowerCase();
      if (lower === 'true' || lower === 'false') {
        return { kind: 'literal', value: lower === 'true', position: token.start };
      }
      if (lower === 'null') return { kind: 'literal', value: null, position: token.start };
      throw expressionError(
        ExpressionErrorCode.ParseError,
        `'${token.text}' is not a value; did you mean the function call '${token.text}()'?`,
        token.start,
      );
    }
    const definition = lookupFunction(token.text);
    if (definition === undefined) {
      throw expressionError(
        ExpressionErrorCode.UnknownFunction,
        `The template function '${token.text}' is not defined or not valid.`,
        token.start,
      );
    }
    this.advance(); // (
    const args: ExpressionNode[] = [];
    if (this.kind() !== TokenKind.RightParen) {
      for (;;) {
        args.push(this.parseExpression());
        if (this.kind() === TokenKind.Comma) {
          this.advance();
          continue;
        }
        break;
      }
    }
    this.expect(TokenKind.RightParen);
    if (args.length < definition.minArgs || args.length > definition.maxArgs) {
      throw expressionError(ExpressionErrorCode.BadArity, arityMessage(definition.name, definition, args.length), token.start);
    }
    return { kind: 'call', name: definition.name, definition, args, position: token.start };
  }

  private parseAccessors(target: ExpressionNode): ExpressionNode {
    let node = target;
    for (;;) {
      const start = this.token.start;
      let nullSafe = false;
      if (this.kind() === TokenKind.Question) {
        this.advance();
        nullSafe = true;
        if (this.kind() !== TokenKind.Dot && this.kind() !== TokenKind.LeftBracket) {
          throw this.unexpected("'.' or '[' after '?'");
        }
      }
      if (this.kind() === TokenKind.Dot) {
        this.advance();
        const name = this.token;
        if (name.kind !== TokenKind.Identifier && name.kind !== TokenKind.Integer) {
          throw this.unexpected('a property name');
        }
        this.advance();
        const key: ExpressionNode = { kind: 'literal', value: name.text, position: name.start };
        node = { kind: 'member', target: node, key, nullSafe, position: start };
      } else if (this.kind() === TokenKind.LeftBracket) {
        this.advance();
        const key = this.parseExpression();
        this.expect(TokenKind.RightBracket);
        node = { kind: 'member', target: node, key, nullSafe, position: start };
      } else {
        return node;
      }
    }
  }
}

function arityMessage(name: string, definition: { minArgs: number; maxArgs: number }, given: number): string {
  const { minArgs, maxArgs } = definition;
  const expected =
    minArgs === maxArgs
      ? `${minArgs}`
      : maxArgs === Infinity
        ? `at least ${minArgs}`
        : `between ${minArgs} and ${maxArgs}`;
  return `The template language function '${name}' expects ${expected} parameter(s) but was given ${given}.`;
}

function withSource<T>(source: string, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (error instanceof ExpressionError && error.expression === undefined) error.expression = source;
    throw error;
  }
}

/** Parses a bare expression (no leading `@`) that must span the whole text. */
export function parseExpression(source: string): ExpressionNode {
  return withSource(source, () => {
    const parser = new Parser(source, 0);
    const node = parser.parseExpression();
    if (parser.current.kind !== TokenKind.End) {
      throw expressionError(
        ExpressionErrorCode.ParseError,
        `Unexpected '${parser.current.text}' after the end of the expression.`,
        parser.current.start,
      );
    }
    return node;
  });
}

/** Parses a JSON string value according to WDL's `@`, `@@` and `@{…}` rules. */
export function parseTemplateString(text: string): TemplateString {
  // A lone `@` is too short to be an expression: Logic Apps keeps it as text (templates test `contains(…, '@')`).
  if (text === '@') return { kind: 'text', text };
  if (text.startsWith('@@')) return { kind: 'text', text: text.slice(1) };
  if (text.startsWith('@') && !text.startsWith('@{')) {
    const source = text.slice(1);
    return { kind: 'expression', source, node: parseExpression(source) };
  }
  if (!text.includes('@{')) return { kind: 'text', text };
  return { kind: 'interpolation', parts: parseInterpolation(text) };
}

function parseInterpolation(text: string): InterpolationPart[] {
  const parts: InterpolationPart[] = [];
  let literal = '';
  let pos = 0;
  while (pos < text.length) {
    const open = text.indexOf('@{', pos);
    if (open === -1) {
      literal += text.slice(pos);
      break;
    }
    if (open > 0 && text[open - 1] === '@') {
      // `@@{` is an escaped, literal `@{`.
      literal += text.slice(pos, open - 1) + '@{';
      pos = open + 2;
      continue;
    }
    literal += text.slice(pos, open);
    const parsed = withSource(text, () => {
      const parser = new Parser(text, open + 2);
      const node = parser.parseExpression();
      if (parser.current.kind !== TokenKind.RightBrace) {
        throw expressionError(
          ExpressionErrorCode.ParseError,
          `Expected '}' to close the '@{' at position ${open + 1}.`,
          parser.current.start,
        );
      }
      return { node, end: parser.current.end };
    });
    if (literal !== '') parts.push({ kind: 'text', text: literal });
    literal = '';
    parts.push({ kind: 'expression', source: text.slice(open + 2, parsed.end - 1).trim(), node: parsed.node });
    pos = parsed.end;
  }
  if (literal !== '') parts.push({ kind: 'text', text: literal });
  return parts;
}
