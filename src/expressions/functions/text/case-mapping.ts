/**
 * Case mapping the way .NET's invariant culture does it: one character in, one character out. JavaScript's
 * `toUpperCase` may lengthen a string ('ß' becomes 'SS'), which would shift the indexes `indexOf` reports and
 * change results that .NET leaves alone.
 */

function mapEachCharacter(text: string, map: (character: string) => string): string {
  let out = '';
  for (const character of text) {
    const mapped = map(character);
    out += mapped.length === character.length ? mapped : character;
  }
  return out;
}

/** Upper-cases without changing the length; characters whose upper case is longer stay as they are. */
export function toUpperInvariant(text: string): string {
  const upper = text.toUpperCase();
  // Case mapping never shortens text, so an equal length means no character expanded.
  return upper.length === text.length ? upper : mapEachCharacter(text, (c) => c.toUpperCase());
}

/** Lower-cases without changing the length; characters whose lower case is longer stay as they are. */
export function toLowerInvariant(text: string): string {
  const lower = text.toLowerCase();
  return lower.length === text.length ? lower : mapEachCharacter(text, (c) => c.toLowerCase());
}

/**
 * The key for ordinal case-insensitive comparison (.NET `OrdinalIgnoreCase` upper-cases both sides). Indexes into
 * the folded text are indexes into the original, because the length does not change.
 */
export function foldCase(text: string): string {
  return toUpperInvariant(text);
}
