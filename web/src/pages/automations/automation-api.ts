/** Workflow automations (`Microsoft.Security/automations`) over the public API. */
import { api, get, getAll } from '../../api/client';
import type { AutomationRuleSet } from '../../shared/core';

export interface AutomationSource {
  readonly eventSource: string;
  readonly ruleSets: readonly AutomationRuleSet[];
}

export interface AutomationAction {
  readonly actionType: string;
  readonly logicAppResourceId?: string;
}

export interface AutomationProperties {
  readonly description?: string;
  readonly isEnabled: boolean;
  readonly scopes: readonly { readonly description?: string; readonly scopePath: string }[];
  readonly sources: readonly AutomationSource[];
  readonly actions: readonly AutomationAction[];
}

export interface AutomationResource {
  readonly id: string;
  readonly name: string;
  readonly type?: string;
  readonly location?: string;
  readonly tags?: Readonly<Record<string, string>>;
  readonly etag?: string;
  readonly properties: AutomationProperties;
}

const sub = (subscriptionId: string) => `/api/subscriptions/${encodeURIComponent(subscriptionId)}`;

export function automationPath(subscriptionId: string, resourceGroup: string, name: string): string {
  return `${sub(subscriptionId)}/resourceGroups/${encodeURIComponent(resourceGroup)}/providers/Microsoft.Security/automations/${encodeURIComponent(name)}`;
}

export function listAutomations(subscriptionId: string): Promise<AutomationResource[]> {
  return getAll<AutomationResource>(`${sub(subscriptionId)}/providers/Microsoft.Security/automations`);
}

export function getAutomation(path: string): Promise<AutomationResource> {
  return get<AutomationResource>(path);
}

export function putAutomation(path: string, body: unknown): Promise<AutomationResource> {
  return api<AutomationResource>('PUT', path, body);
}

/** The id is the API path without `/api`. */
export function deleteAutomation(id: string): Promise<void> {
  return api<void>('DELETE', `/api${id}`);
}

/** Enabling or disabling is a PUT of the whole resource with `isEnabled` changed (as the portal does). */
export function setAutomationEnabled(automation: AutomationResource, isEnabled: boolean): Promise<AutomationResource> {
  const { description, scopes, sources, actions } = automation.properties;
  return putAutomation(`/api${automation.id}`, {
    ...(automation.location === undefined ? {} : { location: automation.location }),
    ...(automation.tags === undefined ? {} : { tags: automation.tags }),
    properties: { ...(description === undefined ? {} : { description }), isEnabled, scopes, sources, actions },
  });
}

