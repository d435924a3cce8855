/**
 * `propertyJPath`: the subset of JSONPath that automation rules use — a path to one value, never a query.
 * Accepted: `Severity`, `properties.metadata.severity`, `$.Entity.AssessmentType`, `Entities[0].Type`,
 * `ExtendedProperties['Process Path']`, `Entities.0.Type`. Rejected at save time: wildcards, `..`, filters, slices.
 * Property names match exactly first, then case-insensitively (event shapes mix PascalCase and camelCase).
 */
import { type JsonObject, type Value, getProperty, isObject } from '../expressions/values.js';

export type PathSegment =
  | { readonly kind: 'property'; readonly name: string; /** Set when the name is digits: indexes an array too. */ readonly index?: number }
  | { readonly kind: 'index'; readonly index: number };

export type PathParseResult =
  | { readonly ok: true; readonly segments: readonly PathSegment[] }
  | { readonly ok: false; readonly message: string };

const MAX_SEGMENTS = 32;
const UNSUPPORTED = 'Only plain property paths are supported (no wildcards, recursive descent, filters or slices).';

function fail(message: string): PathParseResult {
  return { ok: false, message };
}

function property(name: string): PathSegment {
  return /^(0|[1-9]\d{0,8})$/.test(name) ? { kind: 'property', name, index: Number(name) } : { kind: 'property', name };
}

/** Reads `[...]` starting at `start` (the `[`); returns the segment and the index after `]`. */
function readBracket(text: string, start: number): { segment: PathSegment; next: number } | string {
  const quote = text[start + 1];
  if (quote === "'" || quote === '"') {
    let name = '';
    let i = start + 2;
    while (i < text.length && text[i] !== quote) {
      if (text[i] === '\\' && i + 1 < text.length) i++;
      name += text[i];
      i++;
    }
    if (i >= text.length) return `Unterminated quoted name at position ${start}.`;
    if (text[i + 1] !== ']') return `Expected ']' after the quoted name at position ${i + 1}.`;
    if (name === '') return 'A quoted property name must not be empty.';
    return { segment: { kind: 'property', name }, next: i + 2 };
  }
  const close = text.indexOf(']', start);
  if (close < 0) return `Unterminated '[' at position ${start}.`;
  const inner = text.slice(start + 1, close).trim();
  if (!/^(0|[1-9]\d{0,8})$/.test(inner)) {
    return /^-?\d+$/.test(inner) ? `Array index '${inner}' must be a non-negative integer.` : UNSUPPORTED;
  }
  return { segment: { kind: 'index', index: Number(inner) }, next: close + 1 };
}

/** Reads a dotted name up to the next `.`, `[` or the end. */
function readName(text: string, start: number): { name: string; next: number } {
  let i = start;
  while (i < text.length && text[i] !== '.' && text[i] !== '[') i++;
  return { name: text.slice(start, i), next: i };
}

export function parsePropertyPath(path: string): PathParseResult {
  const text = path.trim();
  if (text === '') return fail('The property path must not be empty.');
  const segments: PathSegment[] = [];
  let i = 0;
  let expectName = true; // a bare name may start the path; after that, names follow a '.'
  if (text[0] === '$') {
    if (text.length === 1) return fail("'$' alone is the whole event; name a property, e.g. '$.Severity'.");
    i = 1;
    expectName = false;
  }
  while (i < text.length) {
    const c = text[i];
    if (c === '[') {
      const read = readBracket(text, i);
      if (typeof read === 'string') return fail(read);
      segments.push(read.segment);
      i = read.next;
    } else if (c === '.' || expectName) {
      const { name, next } = readName(text, c === '.' ? i + 1 : i);
      if (name === '') return fail(c === '.' && text[i + 1] === '.' ? UNSUPPORTED : `Empty property name at position ${i}.`);
      if (name.includes(']')) return fail(`Unexpected ']' in '${name}'.`);
      if (name.trim() === '*') return fail(UNSUPPORTED);
      segments.push(property(name));
      i = next;
    } else {
      return fail(`Expected '.' or '[' at position ${i}.`);
    }
    expectName = false;
    if (segments.length > MAX_SEGMENTS) return fail(`The property path has more than ${MAX_SEGMENTS} segments.`);
  }
  return { ok: true, segments };
}

/** The value at the path, or `undefined` when any step is missing. Never throws. */
export function resolvePropertyPath(root: Value | undefined, segments: readonly PathSegment[]): Value | undefined {
  let current: Value | undefined = root;
  for (const segment of segments) {
    if (current === undefined || current === null) return undefined;
    if (Array.isArray(current)) {
      if (segment.index === undefined) return undefined;
      current = current[segment.index];
    } else if (isObject(current) && segment.kind === 'property') {
      current = getProperty(current as JsonObject, segment.name);
    } else {
      return undefined;
    }
  }
  return current;
}
