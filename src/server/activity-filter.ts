/**
 * The Activity Log's `$filter`, as Azure writes it: `field op 'value'` clauses joined by `and`, e.g.
 * `eventTimestamp ge '2024-05-01T00:00:00Z' and eventTimestamp le '2024-05-02T00:00:00Z' and resourceGroupName eq 'soc'`.
 * A tokenizer and a parser for exactly that; anything else is a 400 naming `$filter` and the reason.
 */
import { badRequest } from './api-error.js';

export interface ActivityFilter {
  /** Inclusive bounds as instant text (seven fractional digits, UTC). */
  readonly from?: string;
  readonly to?: string;
  readonly resourceGroupName?: string;
  readonly resourceUri?: string;
  readonly caller?: string;
  readonly operationName?: string;
  readonly status?: string;
  readonly correlationId?: string;
}

type Token =
  | { readonly kind: 'word'; readonly text: string; readonly at: number }
  | { readonly kind: 'string'; readonly text: string; readonly at: number };

const MAX_FILTER_LENGTH = 4096;

const invalid = (reason: string) => badRequest('InvalidFilter', `'$filter' is not valid: ${reason}`, '$filter');

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const char = text[i] as string;
    if (/\s/.test(char)) {
      i++;
    } else if (char === "'") {
      const at = i;
      let value = '';
      i++;
      for (;;) {
        if (i >= text.length) throw invalid(`the string starting at position ${at + 1} is not closed.`);
        if (text[i] === "'") {
          // OData doubles a quote inside a string.
          if (text[i + 1] === "'") {
            value += "'";
            i += 2;
            continue;
          }
          i++;
          break;
        }
        value += text[i];
        i++;
      }
      tokens.push({ kind: 'string', text: value, at });
    } else if (/[A-Za-z]/.test(char)) {
      const at = i;
      while (i < text.length && /[A-Za-z0-9_.]/.test(text[i] as string)) i++;
      tokens.push({ kind: 'word', text: text.slice(at, i), at });
    } else {
      throw invalid(`unexpected '${char}' at position ${i + 1}.`);
    }
  }
  return tokens;
}

const FIELDS = {
  eventtimestamp: 'eventTimestamp',
  resourcegroupname: 'resourceGroupName',
  resourceuri: 'resourceUri',
  resourceid: 'resourceUri',
  caller: 'caller',
  operationname: 'operationName',
  status: 'status',
  correlationid: 'correlationId',
} as const;

type Field = (typeof FIELDS)[keyof typeof FIELDS];

const INSTANT = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,7}))?)?)?(Z|[+-]\d{2}:?\d{2})?$/i;

/**
 * An ISO 8601 date or date-time (UTC when no offset is given) as instant text with seven fractional digits, the
 * form entries are stored with; `undefined` when it is not one.
 */
export function parseInstant(text: string): string | undefined {
  const match = INSTANT.exec(text.trim());
  if (match === null) return undefined;
  const [, y, mo, d, h = '00', mi = '00', s = '00', fraction = '', zone = 'Z'] = match;
  const fields = [y, mo, d, h, mi, s].map(Number) as [number, number, number, number, number, number];
  const [year, month, day, hour, minute, second] = fields;
  const local = Date.UTC(year, month - 1, day, hour, minute, second);
  const check = new Date(local);
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day || hour > 23 || minute > 59 || second > 59) {
    return undefined;
  }
  let offsetMinutes = 0;
  if (zone.toUpperCase() !== 'Z') {
    const digits = zone.replace(':', '');
    offsetMinutes = (Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5))) * (digits.startsWith('-') ? -1 : 1);
  }
  const ms = local - offsetMinutes * 60_000;
  if (!Number.isFinite(ms) || ms < 0 || ms > 253_402_300_799_999) return undefined;
  return `${new Date(ms).toISOString().slice(0, 19)}.${fraction.padEnd(7, '0')}Z`;
}

/** The filter's clauses; `undefined` text gives an empty filter. */
export function parseActivityFilter(text: string | undefined): ActivityFilter {
  if (text === undefined || text.trim() === '') return {};
  if (text.length > MAX_FILTER_LENGTH) throw invalid(`it is longer than ${MAX_FILTER_LENGTH} characters.`);
  const tokens = tokenize(text);
  const result: Partial<Record<Field | 'from' | 'to', string>> = {};
  let i = 0;
  for (;;) {
    const fieldToken = tokens[i];
    const operator = tokens[i + 1];
    const value = tokens[i + 2];
    if (fieldToken?.kind !== 'word') throw invalid(fieldToken === undefined ? 'a condition is missing at its end.' : `expected a field name at position ${fieldToken.at + 1}.`);
    const field = (FIELDS as Record<string, Field>)[fieldToken.text.toLowerCase()];
    if (field === undefined) {
      throw invalid(`unknown field '${fieldToken.text}'; use eventTimestamp, resourceGroupName, resourceUri, caller, operationName, status or correlationId.`);
    }
    if (operator?.kind !== 'word') throw invalid(`expected an operator after '${fieldToken.text}'.`);
    const op = operator.text.toLowerCase();
    if (value?.kind !== 'string') throw invalid(`expected a quoted value after '${fieldToken.text} ${operator.text}'.`);
    if (field === 'eventTimestamp') {
      if (op !== 'ge' && op !== 'le') throw invalid(`eventTimestamp takes 'ge' or 'le', not '${operator.text}'.`);
      const instant = parseInstant(value.text);
      if (instant === undefined) throw invalid(`'${value.text}' is not an ISO 8601 date-time.`);
      const bound = op === 'ge' ? 'from' : 'to';
      if (result[bound] !== undefined) throw invalid(`eventTimestamp ${op} is given twice.`);
      result[bound] = instant;
    } else {
      if (op !== 'eq') throw invalid(`${field} takes 'eq', not '${operator.text}'.`);
      if (result[field] !== undefined) throw invalid(`${field} is given twice.`);
      if (value.text === '') throw invalid(`${field} must not be empty.`);
      result[field] = value.text;
    }
    i += 3;
    const joiner = tokens[i];
    if (joiner === undefined) break;
    if (joiner.kind !== 'word' || joiner.text.toLowerCase() !== 'and') throw invalid(`expected 'and' at position ${joiner.at + 1}; only 'and' joins conditions.`);
    i++;
  }
  return result;
}
