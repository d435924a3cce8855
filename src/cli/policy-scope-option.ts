/**
 * The scope a `riposte policy …` command works at: a management group or a subscription, written as its id or as
 * the shorthands `mg:<name>` and `sub:<id>`.
 */
import { managementGroupScope } from '../auth/scope.js';
import { parsePolicyScope, scopeText } from '../services/policy-scope.js';
import { CliInputError } from './json-file.js';

/** Where listings and compliance look when no scope is given: everything below the tenant root group. */
export const ROOT_GROUP = managementGroupScope('root');

export const SCOPE_HELP = "a management group or subscription: its id, 'mg:<name>' or 'sub:<id>'";

export interface PolicyScopeArgument {
  /** The scope id, e.g. `/subscriptions/{id}`. */
  readonly scope: string;
  /** The same, percent-encoded segment by segment, to put after `/api` in a URL. */
  readonly path: string;
}

/** `mg:` and `sub:` expanded; anything else as given. */
export function expandScope(text: string): string {
  const trimmed = text.trim();
  const shorthand = /^(mg|sub):(.+)$/i.exec(trimmed);
  if (shorthand === null) return trimmed;
  const name = shorthand[2] ?? '';
  return shorthand[1]?.toLowerCase() === 'mg' ? managementGroupScope(name) : `/subscriptions/${name}`;
}

export const encodePath = (id: string) => id.split('/').map(encodeURIComponent).join('/');

export function policyScopeOption(text: string, option = '--scope'): PolicyScopeArgument {
  const parsed = parsePolicyScope(expandScope(text));
  if (parsed === undefined) {
    throw new CliInputError(
      `${option} '${text}' is not a policy scope: use '/providers/Microsoft.Management/managementGroups/{name}' (or 'mg:{name}') or '/subscriptions/{id}' (or 'sub:{id}').`,
    );
  }
  const scope = scopeText(parsed);
  return { scope, path: encodePath(scope) };
}
