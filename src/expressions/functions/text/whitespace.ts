/**
 * .NET's `char.IsWhiteSpace` set, which `String.Trim()` removes. It differs from JavaScript's `\s`: U+0085 is
 * whitespace in .NET, and the byte-order mark U+FEFF is not (that is what `trimByteOrderMark` is for).
 */
const WHITESPACE_CLASS =
  '[\\u0009-\\u000D\\u0020\\u0085\\u00A0\\u1680\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F\\u3000]';

const LEADING_OR_TRAILING_WHITESPACE = new RegExp(`^${WHITESPACE_CLASS}+|${WHITESPACE_CLASS}+$`, 'g');

export function trimDotNetWhitespace(text: string): string {
  return text.replace(LEADING_OR_TRAILING_WHITESPACE, '');
}
