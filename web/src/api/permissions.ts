/**
 * What the signed-in user may do, from `GET /api{scope}/providers/Microsoft.Authorization/permissions` (ARM's
 * shape: the caller's effective `{actions, notActions}` at the scope, one entry per role that applies). The UI
 * asks before it offers an action and disables the control with the reason, rather than letting a click fail.
 */
import { useEffect, useState } from 'react';
import { actionMatches } from '../shared/core';
import { apiPath } from './arm-id';
import { errorMessage, getAll } from './client';

export interface Permission {
  readonly actions: readonly string[];
  readonly notActions: readonly string[];
}

/** An action is allowed when one entry grants it and that same entry does not exclude it (as in Azure). */
export function allows(permissions: readonly Permission[], action: string): boolean {
  return permissions.some(
    (entry) => entry.actions.some((pattern) => actionMatches(pattern, action)) && !entry.notActions.some((pattern) => actionMatches(pattern, action)),
  );
}

const cache = new Map<string, Promise<readonly Permission[]>>();

/** The caller's permissions at `scope` (`/`, a management group, subscription, resource group or resource id). */
export function loadPermissions(scope: string): Promise<readonly Permission[]> {
  const key = scope.toLowerCase();
  let pending = cache.get(key);
  if (pending === undefined) {
    pending = getAll<Permission>(apiPath(scope, '/providers/Microsoft.Authorization/permissions')).then((entries) =>
      entries.map((entry) => ({ actions: entry.actions ?? [], notActions: entry.notActions ?? [] })),
    );
    // A failed answer is not remembered, so the next render asks again.
    pending.catch(() => cache.delete(key));
    cache.set(key, pending);
  }
  return pending;
}

/** After signing in or out, or after a role assignment changed. */
export function clearPermissions(): void {
  cache.clear();
}

export type Check =
  | { readonly state: 'checking'; readonly reason: string }
  | { readonly state: 'allowed' }
  | { readonly state: 'denied'; readonly reason: string };

export const ALLOWED: Check = { state: 'allowed' };

function scopeText(scopes: readonly string[]): string {
  if (scopes.length === 1) return scopes[0] === '/' ? 'the tenant root (/)' : (scopes[0] as string);
  if (scopes.length === 0) return 'a subscription';
  return `any of ${scopes.length} scopes`;
}

/** "Needs {action} on {where}." — `where` defaults to the scope (or how many scopes were asked). */
export function deniedReason(action: string, scopes: readonly string[], where?: string): string {
  return `Needs ${action} on ${where ?? scopeText(scopes)}.`;
}

/** Whether `action` is allowed at any of `scopes` (the first that allows wins); `checking` until all have answered. */
export async function check(action: string, scopes: readonly string[], where?: string): Promise<Check> {
  if (scopes.length === 0) return { state: 'denied', reason: deniedReason(action, scopes, where) };
  const failures: string[] = [];
  const answers = await Promise.all(
    scopes.map((scope) =>
      loadPermissions(scope).then(
        (permissions) => allows(permissions, action),
        (error: unknown) => {
          failures.push(errorMessage(error));
          return false;
        },
      ),
    ),
  );
  if (answers.some(Boolean)) return ALLOWED;
  if (failures.length === scopes.length) return { state: 'denied', reason: `Could not check permissions: ${failures[0]}` };
  return { state: 'denied', reason: deniedReason(action, scopes, where) };
}

/**
 * `check` as a hook. `scopes` undefined (not known yet) keeps it `checking`. Pass a stable key of the scopes
 * (they are compared by value).
 */
export function useCan(action: string, scopes: string | readonly string[] | undefined, where?: string): Check {
  const list = scopes === undefined ? undefined : typeof scopes === 'string' ? [scopes] : scopes;
  const key = list === undefined ? undefined : list.join('\n');
  const [result, setResult] = useState<{ key: string; check: Check } | undefined>(undefined);
  useEffect(() => {
    if (key === undefined) return undefined;
    let live = true;
    void check(action, key === '' ? [] : key.split('\n'), where).then((answer) => {
      if (live) setResult({ key: `${action} ${key}`, check: answer });
    });
    return () => {
      live = false;
    };
  }, [action, key, where]);
  if (key === undefined || result === undefined || result.key !== `${action} ${key}`) return { state: 'checking', reason: 'Checking your permissions…' };
  return result.check;
}
