/**
 * Building blocks of the event schemas. Each schema is both the validator and, stripped of TypeBox's symbols,
 * the published JSON Schema, so every field carries a `description`. `errorMessage` is our own keyword: the
 * reason given when a value fails that field (it replaces TypeBox's text, which would quote a generated regex);
 * it is removed from the published documents.
 */
import { type StringOptions, type TSchema, Type } from '@sinclair/typebox';
import { MAX_ID_LENGTH } from '../limits.js';

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A regex fragment matching `literal` in any letter case (Node 20 regexes have no inline `(?i)`). */
export function anyCase(literal: string): string {
  return [...literal].map((c) => (/[a-z]/i.test(c) ? `[${c.toUpperCase()}${c.toLowerCase()}]` : escapeRegex(c))).join('');
}

/** A string that must be one of `values`, in any case; the normaliser canonicalises the spelling. */
export function OneOf(values: Readonly<Record<string, string>>, description: string): TSchema {
  const list = Object.values(values);
  return Type.String({
    description: `${description} One of ${list.join(', ')} (matched case-insensitively).`,
    pattern: `^(?:${list.map(anyCase).join('|')})$`,
    errorMessage: `must be one of ${list.join(', ')}`,
  });
}

export function Text(description: string, options: StringOptions = {}): TSchema {
  return Type.String({ description, ...options });
}

/** Segments without whitespace, `?` or `#`, and no `.`/`..` segments: ids end up in URLs (`AlertUri`). */
const SEGMENT = '(?!\\.\\.?(?:/|$))[^/?#\\s]+';
export const RESOURCE_ID_PATTERN = `^(?:/${SEGMENT})+$`;

/**
 * A resource id; `endsWith` is a case-insensitive pattern of its last segments (`{name}` for any segment),
 * e.g. `/providers/Microsoft.Security/assessments/{name}`, so an event id says what it is. The prefix is
 * matched segment by segment, which keeps the regex linear on long ids.
 */
export function ResourceId(description: string, endsWith?: string): TSchema {
  const pattern =
    endsWith === undefined
      ? RESOURCE_ID_PATTERN
      : `^(?:/${SEGMENT})*${endsWith
          .split('{name}')
          .map(anyCase)
          .join(SEGMENT)}$`;
  return Type.String({
    description,
    pattern,
    maxLength: MAX_ID_LENGTH,
    errorMessage:
      endsWith === undefined
        ? 'must be a resource id such as /subscriptions/{subscriptionId}/…, without spaces, ? or #'
        : `must be a resource id ending in ${endsWith}, without spaces, ? or #`,
  });
}

/** The ARM `type` of an event, compared case-insensitively. */
export function ResourceType(canonical: string, description: string): TSchema {
  return Type.String({
    description,
    pattern: `^${anyCase(canonical)}$`,
    errorMessage: `must be ${canonical}`,
    examples: [canonical],
  });
}
