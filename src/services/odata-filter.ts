/**
 * The small slice of OData `$filter` the Microsoft.Authorization lists accept: terms joined by `and`, each either
 * `field eq 'value'` or a function call `name()` / `name('value')`. Quotes inside values are doubled (`'O''Brien'`).
 */
import { badRequest } from '../server/api-error.js';

export type FilterTerm =
  | { readonly kind: 'eq'; readonly field: string; readonly value: string }
  | { readonly kind: 'call'; readonly name: string; readonly args: readonly string[] };

const STRING = "'((?:[^']|'')*)'";
const TERM = new RegExp(`^\\s*(?:([A-Za-z]+)\\s+eq\\s+${STRING}|([A-Za-z]+)\\(\\s*(?:${STRING})?\\s*\\))\\s*`, 'i');
const AND = /^and\s+/i;

/** Throws a 400 naming `$filter` when the text is not such a filter. */
export function parseFilter(text: string): FilterTerm[] {
  const terms: FilterTerm[] = [];
  let rest = text.trim();
  while (true) {
    const match = TERM.exec(rest);
    if (match === null) throw badRequest('InvalidFilter', `The filter '${text}' is not supported: use terms like "principalId eq '<id>'" or "atScope()", joined by 'and'.`, '$filter');
    const [whole, field, value, name, arg] = match;
    if (field !== undefined) terms.push({ kind: 'eq', field, value: (value ?? '').replaceAll("''", "'") });
    else terms.push({ kind: 'call', name: name as string, args: arg === undefined ? [] : [arg.replaceAll("''", "'")] });
    rest = rest.slice(whole.length);
    if (rest === '') return terms;
    const and = AND.exec(rest);
    if (and === null) throw badRequest('InvalidFilter', `The filter '${text}' is not supported: join terms with 'and'.`, '$filter');
    rest = rest.slice(and[0].length);
  }
}

/** The value of `field eq '…'`, compared case-insensitively by field name. */
export function equalsTerm(terms: readonly FilterTerm[], field: string): string | undefined {
  for (const term of terms) if (term.kind === 'eq' && term.field.toLowerCase() === field.toLowerCase()) return term.value;
  return undefined;
}

/** Throws a 400 for terms this list does not understand. */
export function onlyTerms(terms: readonly FilterTerm[], fields: readonly string[], calls: readonly string[]): void {
  for (const term of terms) {
    const known = term.kind === 'eq' ? fields.some((field) => field.toLowerCase() === term.field.toLowerCase()) : calls.some((call) => call.toLowerCase() === term.name.toLowerCase());
    if (!known) {
      const name = term.kind === 'eq' ? term.field : `${term.name}()`;
      const allowed = [...fields.map((field) => `${field} eq '…'`), ...calls.map((call) => `${call}()`)].join(', ');
      throw badRequest('InvalidFilter', `The filter term '${name}' is not supported here; use ${allowed}.`, '$filter');
    }
  }
}
