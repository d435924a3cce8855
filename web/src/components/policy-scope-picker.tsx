/**
 * Choosing a scope: the tenant root (for role assignments), management groups (indented under their parents) and
 * subscriptions, from what the signed-in user may read. Shared by the Policy and Access control areas.
 */
import type { ReactNode } from 'react';
import { errorMessage, getAll } from '../api/client';
import { useLoad, type Loaded } from '../api/use-load';
import { Field } from './Field';

export const TENANT_ROOT = '/';

export interface ScopeGroup {
  readonly id: string;
  readonly name: string;
  readonly displayName: string;
  /** The parent group's id; undefined for the tenant root group. */
  readonly parentId?: string;
  readonly depth: number;
}

export interface ScopeSubscription {
  readonly id: string;
  readonly subscriptionId: string;
  readonly displayName: string;
  readonly managementGroupId?: string;
}

export interface Scopes {
  readonly groups: readonly ScopeGroup[];
  readonly subscriptions: readonly ScopeSubscription[];
  /** Why management groups could not be listed (the user may read subscriptions only). */
  readonly groupsError?: string;
}

interface GroupResource {
  readonly id: string;
  readonly name: string;
  readonly properties: { readonly displayName: string; readonly details?: { readonly parent: { readonly id: string } | null } };
}

interface SubscriptionResource {
  readonly id: string;
  readonly subscriptionId: string;
  readonly displayName: string;
  readonly properties?: { readonly managementGroupId?: string };
}

/** Groups in tree order (each parent before its children, siblings by display name), with their depth. */
function treeOrder(groups: readonly GroupResource[]): ScopeGroup[] {
  const byParent = new Map<string, GroupResource[]>();
  const ids = new Set(groups.map((group) => group.id.toLowerCase()));
  for (const group of groups) {
    const parent = group.properties.details?.parent?.id.toLowerCase();
    // A group whose parent the user cannot read is shown at the top.
    const key = parent !== undefined && ids.has(parent) ? parent : '';
    byParent.set(key, [...(byParent.get(key) ?? []), group]);
  }
  const ordered: ScopeGroup[] = [];
  const seen = new Set<string>();
  const visit = (key: string, depth: number) => {
    const children = [...(byParent.get(key) ?? [])].sort((a, b) => a.properties.displayName.localeCompare(b.properties.displayName));
    for (const group of children) {
      const id = group.id.toLowerCase();
      if (seen.has(id)) continue;
      seen.add(id);
      const parentId = group.properties.details?.parent?.id;
      ordered.push({ id: group.id, name: group.name, displayName: group.properties.displayName, ...(parentId === undefined ? {} : { parentId }), depth });
      visit(id, depth + 1);
    }
  };
  visit('', 0);
  return ordered;
}

export async function loadScopes(): Promise<Scopes> {
  const [groups, subscriptions] = await Promise.allSettled([
    getAll<GroupResource>('/api/providers/Microsoft.Management/managementGroups'),
    getAll<SubscriptionResource>('/api/subscriptions'),
  ]);
  if (subscriptions.status === 'rejected') throw subscriptions.reason;
  return {
    groups: groups.status === 'fulfilled' ? treeOrder(groups.value) : [],
    subscriptions: subscriptions.value
      .map((subscription) => ({
        id: subscription.id,
        subscriptionId: subscription.subscriptionId,
        displayName: subscription.displayName,
        ...(subscription.properties?.managementGroupId === undefined ? {} : { managementGroupId: subscription.properties.managementGroupId }),
      }))
      .sort((a, b) => a.displayName.localeCompare(b.displayName)),
    ...(groups.status === 'rejected' ? { groupsError: errorMessage(groups.reason) } : {}),
  };
}

export function useScopes(): Loaded<Scopes> {
  return useLoad(loadScopes, []);
}

/** "Contoso (management group)", "Prod (0000…)", "Tenant root (/)"; the id itself when unknown. */
export function scopeLabel(scope: string, scopes: Scopes | undefined): string {
  if (scope === TENANT_ROOT) return 'Tenant root (/)';
  const lower = scope.toLowerCase();
  const group = scopes?.groups.find((candidate) => candidate.id.toLowerCase() === lower);
  if (group !== undefined) return `${group.displayName} (management group)`;
  const subscription = scopes?.subscriptions.find((candidate) => candidate.id.toLowerCase() === lower);
  if (subscription !== undefined) return subscription.displayName === subscription.subscriptionId ? `Subscription ${subscription.subscriptionId}` : `${subscription.displayName} (subscription)`;
  const rg = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)$/i.exec(scope);
  if (rg !== null) return `Resource group ${rg[2]} in ${scopeLabel(`/subscriptions/${rg[1]}`, scopes)}`;
  const mg = /^\/providers\/Microsoft\.Management\/managementGroups\/([^/]+)$/i.exec(scope);
  if (mg !== null) return `${mg[1]} (management group)`;
  return scope;
}

export interface ScopeSelectProps {
  readonly label: string;
  readonly value: string;
  readonly onChange: (scope: string) => void;
  readonly scopes: Scopes | undefined;
  readonly includeRoot?: boolean;
  readonly hint?: ReactNode;
  readonly error?: string;
  readonly required?: boolean;
  readonly placeholder?: string;
}

const INDENT = '\u00a0\u00a0\u00a0';

export function ScopeSelect({ label, value, onChange, scopes, includeRoot = false, hint, error, required, placeholder }: ScopeSelectProps) {
  const groups = scopes?.groups ?? [];
  const subscriptions = scopes?.subscriptions ?? [];
  return (
    <Field label={label} hint={hint} error={error} required={required}>
      {(control) => (
        <select {...control} className="input" value={value} disabled={scopes === undefined} onChange={(event) => onChange(event.target.value)}>
          {placeholder === undefined ? null : <option value="">{scopes === undefined ? 'Loading scopes…' : placeholder}</option>}
          {includeRoot ? <option value={TENANT_ROOT}>Tenant root (/)</option> : null}
          {groups.length === 0 ? null : (
            <optgroup label="Management groups">
              {groups.map((group) => (
                <option key={group.id} value={group.id}>
                  {`${INDENT.repeat(group.depth)}${group.displayName}${group.displayName === group.name ? '' : ` (${group.name})`}`}
                </option>
              ))}
            </optgroup>
          )}
          {subscriptions.length === 0 ? null : (
            <optgroup label="Subscriptions">
              {subscriptions.map((subscription) => (
                <option key={subscription.id} value={subscription.id}>
                  {subscription.displayName === subscription.subscriptionId ? subscription.subscriptionId : `${subscription.displayName} (${subscription.subscriptionId})`}
                </option>
              ))}
            </optgroup>
          )}
        </select>
      )}
    </Field>
  );
}

/** The scopes above `scope`, nearest first, ending with the tenant root: what a role assigned there inherits from. */
export function ancestorsOf(scope: string, scopes: Scopes | undefined): string[] {
  const chain: string[] = [];
  const groupOf = (id: string) => scopes?.groups.find((group) => group.id.toLowerCase() === id.toLowerCase());
  const climbGroups = (groupId: string | undefined) => {
    for (let id = groupId, steps = 0; id !== undefined && steps < 50; steps++) {
      chain.push(id);
      id = groupOf(id)?.parentId;
    }
  };
  const lower = scope.toLowerCase();
  const rg = /^(\/subscriptions\/[^/]+)\/resourcegroups\/[^/]+$/i.exec(scope);
  if (rg?.[1] !== undefined) {
    chain.push(rg[1]);
    climbGroups(scopes?.subscriptions.find((subscription) => subscription.id.toLowerCase() === rg[1]?.toLowerCase())?.managementGroupId);
  } else if (/^\/subscriptions\/[^/]+$/.test(lower)) {
    climbGroups(scopes?.subscriptions.find((subscription) => subscription.id.toLowerCase() === lower)?.managementGroupId);
  } else if (lower !== TENANT_ROOT) {
    climbGroups(groupOf(scope)?.parentId);
  }
  if (lower !== TENANT_ROOT) chain.push(TENANT_ROOT);
  return chain;
}
