/**
 * .NET date/time format strings, shared by formatting and exact parsing: a single character is a standard format
 * specifier ("d", "D", "o", …) expanded to the culture's pattern; anything longer is a custom pattern, tokenized
 * per .NET's rules (repeated letters, `'quoted'` / `"quoted"` literals, `\` escapes, `%x` single specifiers,
 * `:` and `/` as the culture's separators).
 */
import { type DateCulture, EN_US } from './culture.js';
import { invalidFormat } from './errors.js';

export type FieldLetter = 'd' | 'f' | 'F' | 'g' | 'h' | 'H' | 'K' | 'm' | 'M' | 's' | 't' | 'y' | 'z';

export type PatternToken =
  | { readonly kind: 'field'; readonly letter: FieldLetter; readonly count: number }
  | { readonly kind: 'literal'; readonly text: string }
  | { readonly kind: 'dateSeparator' }
  | { readonly kind: 'timeSeparator' };

export interface ResolvedFormat {
  readonly tokens: readonly PatternToken[];
  /** Standard formats r, s, u and o always use the invariant culture. */
  readonly culture: DateCulture;
}

/** The round-trip ("o") pattern: ISO 8601 with seven fractional digits and the kind suffix. */
export const ROUND_TRIP_PATTERN = "yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'fffffffK";

const INVARIANT_PATTERNS: Readonly<Record<string, string>> = {
  o: ROUND_TRIP_PATTERN,
  O: ROUND_TRIP_PATTERN,
  r: "ddd, dd MMM yyyy HH':'mm':'ss 'GMT'",
  R: "ddd, dd MMM yyyy HH':'mm':'ss 'GMT'",
  s: "yyyy'-'MM'-'dd'T'HH':'mm':'ss",
  u: "yyyy'-'MM'-'dd HH':'mm':'ss'Z'",
};

function culturePattern(specifier: string, c: DateCulture): string | undefined {
  switch (specifier) {
    case 'd':
      return c.shortDatePattern;
    case 'D':
      return c.longDatePattern;
    case 'f':
      return `${c.longDatePattern} ${c.shortTimePattern}`;
    case 'F':
    case 'U': // "U" converts to UTC first; every instant here is already UTC or zone-less (read as UTC).
      return `${c.longDatePattern} ${c.longTimePattern}`;
    case 'g':
      return `${c.shortDatePattern} ${c.shortTimePattern}`;
    case 'G':
      return `${c.shortDatePattern} ${c.longTimePattern}`;
    case 'm':
    case 'M':
      return c.monthDayPattern;
    case 't':
      return c.shortTimePattern;
    case 'T':
      return c.longTimePattern;
    case 'y':
    case 'Y':
      return c.yearMonthPattern;
    default:
      return undefined;
  }
}

/** Resolves a standard or custom format string; an invalid one fails like .NET's FormatException. */
export function resolveFormat(format: string, culture: DateCulture): ResolvedFormat {
  if (format.length === 1) {
    const invariant = INVARIANT_PATTERNS[format];
    if (invariant !== undefined) return { tokens: tokenizePattern(invariant, format), culture: EN_US };
    const pattern = culturePattern(format, culture);
    if (pattern === undefined) throw invalidFormat(format);
    return { tokens: tokenizePattern(pattern, format), culture };
  }
  return { tokens: tokenizePattern(format, format), culture };
}

const FIELD_LETTERS = new Set<string>(['d', 'f', 'F', 'g', 'h', 'H', 'K', 'm', 'M', 's', 't', 'y', 'z']);

function isFieldLetter(ch: string): ch is FieldLetter {
  return FIELD_LETTERS.has(ch);
}

/** Splits a custom pattern into fields and literals; `original` is quoted in the error message. */
export function tokenizePattern(pattern: string, original: string = pattern): PatternToken[] {
  const tokens: PatternToken[] = [];
  let literal = '';
  const flush = (): void => {
    if (literal !== '') tokens.push({ kind: 'literal', text: literal });
    literal = '';
  };
  let i = 0;
  while (i < pattern.length) {
    const ch = pattern.charAt(i);
    if (isFieldLetter(ch)) {
      let count = 1;
      while (pattern.charAt(i + count) === ch) count++;
      // .NET allows at most seven fraction digits.
      if ((ch === 'f' || ch === 'F') && count > 7) throw invalidFormat(original);
      flush();
      tokens.push({ kind: 'field', letter: ch, count });
      i += count;
      continue;
    }
    switch (ch) {
      case ':':
        flush();
        tokens.push({ kind: 'timeSeparator' });
        i++;
        break;
      case '/':
        flush();
        tokens.push({ kind: 'dateSeparator' });
        i++;
        break;
      case "'":
      case '"': {
        let j = i + 1;
        let closed = false;
        while (j < pattern.length) {
          const c = pattern.charAt(j);
          if (c === '\\') {
            if (j + 1 >= pattern.length) throw invalidFormat(original);
            literal += pattern.charAt(j + 1);
            j += 2;
          } else if (c === ch) {
            closed = true;
            j++;
            break;
          } else {
            literal += c;
            j++;
          }
        }
        if (!closed) throw invalidFormat(original);
        i = j;
        break;
      }
      case '\\':
        if (i + 1 >= pattern.length) throw invalidFormat(original);
        literal += pattern.charAt(i + 1);
        i += 2;
        break;
      case '%': {
        // "%d" is the custom specifier "d" alone (a lone "d" would be the standard short-date format).
        const next = pattern.charAt(i + 1);
        if (next === '' || next === '%') throw invalidFormat(original);
        flush();
        if (isFieldLetter(next)) tokens.push({ kind: 'field', letter: next, count: 1 });
        else tokens.push(...tokenizePattern(next, original));
        i += 2;
        break;
      }
      default:
        literal += ch;
        i++;
    }
  }
  flush();
  return tokens;
}
