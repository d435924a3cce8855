/**
 * Tokenizer for WDL expressions. It works on demand from an offset so the parser can read an expression embedded
 * in a longer string (`"Alert @{triggerBody()?['AlertDisplayName']} on …"`) and stop at the closing brace.
 */
import { ExpressionErrorCode, expressionError } from './expression-error.js';

export const TokenKind = {
  Identifier: 'identifier',
  Integer: 'integer',
  Float: 'float',
  String: 'string',
  LeftParen: '(',
  RightParen: ')',
  LeftBracket: '[',
  RightBracket: ']',
  Comma: ',',
  Dot: '.',
  Question: '?',
  RightBrace: '}',
  End: 'end of expression',
} as const;
export type TokenKind = (typeof TokenKind)[keyof typeof TokenKind];

export interface Token {
  readonly kind: TokenKind;
  /** Identifier name, string contents (unescaped) or number text. */
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

const punctuation: Readonly<Record<string, TokenKind>> = {
  '(': TokenKind.LeftParen,
  ')': TokenKind.RightParen,
  '[': TokenKind.LeftBracket,
  ']': TokenKind.RightBracket,
  ',': TokenKind.Comma,
  '.': TokenKind.Dot,
  '?': TokenKind.Question,
  '}': TokenKind.RightBrace,
};

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

function isIdentifierStart(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95 || code === 36 || code > 127;
}

function isIdentifierPart(code: number): boolean {
  return isIdentifierStart(code) || isDigit(code) || code === 45; // '-' appears in property names after '.'
}

function isWhitespace(code: number): boolean {
  return code === 32 || code === 9 || code === 10 || code === 13;
}

/** Reads the token that starts at or after `offset` (whitespace skipped). */
export function readToken(source: string, offset: number): Token {
  let pos = offset;
  while (pos < source.length && isWhitespace(source.charCodeAt(pos))) pos++;
  if (pos >= source.length) return { kind: TokenKind.End, text: '', start: pos, end: pos };

  const char = source[pos] as string;
  const code = source.charCodeAt(pos);
  const single = punctuation[char];
  if (single !== undefined) {
    // A dot followed by a digit after an operator position is never valid WDL; treat '.' as member access.
    return { kind: single, text: char, start: pos, end: pos + 1 };
  }
  if (char === "'") return readString(source, pos);
  if (isDigit(code) || ((char === '-' || char === '+') && isDigit(source.charCodeAt(pos + 1)))) {
    return readNumber(source, pos);
  }
  if (isIdentifierStart(code)) {
    let end = pos + 1;
    // Identifiers never contain '-' at the start of a function name, but property names after '.' may.
    while (end < source.length && isIdentifierPart(source.charCodeAt(end))) end++;
    return { kind: TokenKind.Identifier, text: source.slice(pos, end), start: pos, end };
  }
  throw expressionError(ExpressionErrorCode.ParseError, `Unexpected character '${char}'.`, pos);
}

function readString(source: string, start: number): Token {
  let pos = start + 1;
  let text = '';
  for (;;) {
    const next = source.indexOf("'", pos);
    if (next === -1) {
      throw expressionError(ExpressionErrorCode.ParseError, 'The string literal is not terminated.', start);
    }
    text += source.slice(pos, next);
    if (source[next + 1] === "'") {
      text += "'";
      pos = next + 2;
      continue;
    }
    return { kind: TokenKind.String, text, start, end: next + 1 };
  }
}

function readNumber(source: string, start: number): Token {
  let pos = start;
  if (source[pos] === '-' || source[pos] === '+') pos++;
  while (isDigit(source.charCodeAt(pos))) pos++;
  let kind: TokenKind = TokenKind.Integer;
  if (source[pos] === '.' && isDigit(source.charCodeAt(pos + 1))) {
    kind = TokenKind.Float;
    pos++;
    while (isDigit(source.charCodeAt(pos))) pos++;
  }
  if (source[pos] === 'e' || source[pos] === 'E') {
    let exp = pos + 1;
    if (source[exp] === '+' || source[exp] === '-') exp++;
    if (isDigit(source.charCodeAt(exp))) {
      kind = TokenKind.Float;
      pos = exp;
      while (isDigit(source.charCodeAt(pos))) pos++;
    }
  }
  if (isIdentifierStart(source.charCodeAt(pos))) {
    throw expressionError(ExpressionErrorCode.ParseError, `Invalid number '${source.slice(start, pos + 1)}'.`, start);
  }
  return { kind, text: source.slice(start, pos), start, end: pos };
}
