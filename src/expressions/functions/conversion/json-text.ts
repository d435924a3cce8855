/**
 * JSON text → Value, keeping what `JSON.parse` loses: a number written with a fraction or exponent is a float even
 * when its value is integral (`1.0`, `1e2`), so `json('{"a": 1.0}')` keeps `a` a `Float`. (Node 20's reviver has no
 * access to the source text, hence this small parser.)
 *
 * Like Json.NET (`JToken.Parse`, which Logic Apps uses) it also accepts single-quoted strings, unquoted property
 * names, `//` and block comments and a trailing comma; duplicate keys keep the last value.
 */
import { Float, type JsonObject, type Value } from '../../values.js';
import { setOwnProperty } from '../own-property.js';

export class JsonTextError extends Error {
  constructor(
    message: string,
    readonly position: number,
    readonly tooDeep = false,
  ) {
    super(`${message} at position ${position + 1}`);
  }
}

/** Nesting deeper than this is refused rather than risking the call stack. */
export const MAX_JSON_DEPTH = 512;

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const IDENTIFIER = /[A-Za-z_$][\w$]*/y;
const ESCAPES: Readonly<Record<string, string>> = {
  '"': '"',
  "'": "'",
  '\\': '\\',
  '/': '/',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
};

export function parseJsonText(text: string): Value {
  const parser = new JsonParser(text);
  return parser.parseDocument();
}

class JsonParser {
  private pos = 0;

  constructor(private readonly text: string) {
    if (text.charCodeAt(0) === 0xfeff) this.pos = 1;
  }

  parseDocument(): Value {
    this.skipWhitespace();
    const value = this.parseValue(0);
    this.skipWhitespace();
    if (this.pos < this.text.length) throw this.fail('Unexpected text after the JSON value');
    return value;
  }

  private fail(message: string): JsonTextError {
    return new JsonTextError(message, this.pos);
  }

  private skipWhitespace(): void {
    const { text } = this;
    while (this.pos < text.length) {
      const c = text[this.pos];
      if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
        this.pos++;
      } else if (c === '/' && text[this.pos + 1] === '/') {
        const end = text.indexOf('\n', this.pos);
        this.pos = end < 0 ? text.length : end + 1;
      } else if (c === '/' && text[this.pos + 1] === '*') {
        const end = text.indexOf('*/', this.pos + 2);
        if (end < 0) throw this.fail('Unterminated comment');
        this.pos = end + 2;
      } else {
        return;
      }
    }
  }

  private parseValue(depth: number): Value {
    const c = this.text[this.pos];
    switch (c) {
      case '{':
        return this.parseObject(depth + 1);
      case '[':
        return this.parseArray(depth + 1);
      case '"':
      case "'":
        return this.parseString();
      case 't':
        return this.parseLiteral('true', true);
      case 'f':
        return this.parseLiteral('false', false);
      case 'n':
        return this.parseLiteral('null', null);
      case undefined:
        throw this.fail('Unexpected end of text');
      default:
        if (c === '-' || (c >= '0' && c <= '9')) return this.parseNumber();
        throw this.fail(`Unexpected character '${c}'`);
    }
  }

  private checkDepth(depth: number): void {
    if (depth > MAX_JSON_DEPTH) throw new JsonTextError('The JSON nesting is too deep', this.pos, true);
  }

  private parseObject(depth: number): JsonObject {
    this.checkDepth(depth);
    this.pos++; // {
    const out: JsonObject = {};
    this.skipWhitespace();
    if (this.text[this.pos] === '}') {
      this.pos++;
      return out;
    }
    for (;;) {
      const key = this.parseKey();
      this.skipWhitespace();
      if (this.text[this.pos] !== ':') throw this.fail("Expected ':' after a property name");
      this.pos++;
      this.skipWhitespace();
      setOwnProperty(out, key, this.parseValue(depth));
      this.skipWhitespace();
      const c = this.text[this.pos];
      this.pos++;
      if (c === '}') return out;
      if (c !== ',') throw new JsonTextError("Expected ',' or '}' in an object", this.pos - 1);
      this.skipWhitespace();
      if (this.text[this.pos] === '}') {
        this.pos++;
        return out;
      }
    }
  }

  private parseKey(): string {
    const c = this.text[this.pos];
    if (c === '"' || c === "'") return this.parseString();
    IDENTIFIER.lastIndex = this.pos;
    const match = IDENTIFIER.exec(this.text);
    if (match === null) throw this.fail('Expected a property name');
    this.pos += match[0].length;
    return match[0];
  }

  private parseArray(depth: number): Value[] {
    this.checkDepth(depth);
    this.pos++; // [
    const out: Value[] = [];
    this.skipWhitespace();
    if (this.text[this.pos] === ']') {
      this.pos++;
      return out;
    }
    for (;;) {
      out.push(this.parseValue(depth));
      this.skipWhitespace();
      const c = this.text[this.pos];
      this.pos++;
      if (c === ']') return out;
      if (c !== ',') throw new JsonTextError("Expected ',' or ']' in an array", this.pos - 1);
      this.skipWhitespace();
      if (this.text[this.pos] === ']') {
        this.pos++;
        return out;
      }
    }
  }

  private parseString(): string {
    const { text } = this;
    const quote = text[this.pos];
    let out = '';
    let start = ++this.pos;
    while (this.pos < text.length) {
      const c = text[this.pos];
      if (c === quote) {
        out += text.slice(start, this.pos);
        this.pos++;
        return out;
      }
      if (c === '\\') {
        out += text.slice(start, this.pos);
        out += this.parseEscape();
        start = this.pos;
      } else {
        this.pos++;
      }
    }
    throw this.fail('Unterminated string');
  }

  /** Reads the escape at `pos` (a backslash) and returns the character it stands for. */
  private parseEscape(): string {
    const letter = this.text[this.pos + 1];
    if (letter === 'u') {
      const hex = this.text.slice(this.pos + 2, this.pos + 6);
      if (!/^[0-9A-Fa-f]{4}$/.test(hex)) throw this.fail('Invalid \\u escape');
      this.pos += 6;
      return String.fromCharCode(parseInt(hex, 16));
    }
    const replacement = letter === undefined ? undefined : ESCAPES[letter];
    if (replacement === undefined) throw this.fail('Invalid escape sequence');
    this.pos += 2;
    return replacement;
  }

  private parseLiteral<T extends Value>(word: string, value: T): T {
    if (!this.text.startsWith(word, this.pos)) throw this.fail('Unexpected token');
    this.pos += word.length;
    return value;
  }

  private parseNumber(): number | Float {
    NUMBER.lastIndex = this.pos;
    const match = NUMBER.exec(this.text);
    if (match === null) throw this.fail('Invalid number');
    const token = match[0];
    const n = Number(token);
    if (!Number.isFinite(n)) throw this.fail('The number is too large');
    this.pos += token.length;
    if (/[.eE]/.test(token)) return Number.isInteger(n) ? new Float(n) : n;
    return n === 0 ? 0 : n; // no integer -0
  }
}
