/** The resource as the API returns it: envelope plus properties, write-only secrets left out. */
import type { Static } from '@sinclair/typebox';
import { AUTOMATION_RESOURCE_TYPE, parseAutomationId } from './automation-id.js';
import type { AutomationResourceSchema } from './automation-schema.js';
import type { AutomationAction, AutomationBody, AutomationProperties } from './automation-types.js';

export type AutomationResource = Static<typeof AutomationResourceSchema>;
type ResourceAction = AutomationResource['properties']['actions'][number];

/** `uri` (a signed callback URL) and `connectionString` are write-only: stored, never returned. */
function publicAction(action: AutomationAction): ResourceAction {
  switch (action.actionType) {
    case 'LogicApp':
      return { actionType: action.actionType, logicAppResourceId: action.logicAppResourceId };
    case 'EventHub':
      return {
        actionType: action.actionType,
        eventHubResourceId: action.eventHubResourceId,
        ...(action.isTrustedServiceEnabled !== undefined ? { isTrustedServiceEnabled: action.isTrustedServiceEnabled } : {}),
      };
    case 'Workspace':
      return { actionType: action.actionType, workspaceResourceId: action.workspaceResourceId };
  }
}

/** Only the properties of a parsed body (what `compileAutomation` and storage need). */
export function automationProperties(body: AutomationBody): AutomationProperties {
  return {
    ...(body.description !== undefined ? { description: body.description } : {}),
    isEnabled: body.isEnabled,
    scopes: body.scopes,
    sources: body.sources,
    actions: body.actions,
  };
}

/** The GET/PUT response for a stored automation; `etag` overrides the body's (the server assigns etags). */
export function toAutomationResource(id: string, body: AutomationBody, etag?: string): AutomationResource {
  const name = parseAutomationId(id)?.name ?? id.slice(id.lastIndexOf('/') + 1);
  const resolvedEtag = etag ?? body.etag;
  return {
    id,
    name,
    type: AUTOMATION_RESOURCE_TYPE,
    ...(body.location !== undefined ? { location: body.location } : {}),
    ...(body.tags !== undefined ? { tags: { ...body.tags } } : {}),
    ...(resolvedEtag !== undefined ? { etag: resolvedEtag } : {}),
    ...(body.kind !== undefined ? { kind: body.kind } : {}),
    properties: {
      ...(body.description !== undefined ? { description: body.description } : {}),
      isEnabled: body.isEnabled,
      scopes: body.scopes.map((scope) => ({ ...scope })),
      sources: body.sources.map((source) => ({
        eventSource: source.eventSource,
        ruleSets: source.ruleSets.map((ruleSet) => ({ rules: ruleSet.rules.map((rule) => ({ ...rule })) })),
      })),
      actions: body.actions.map(publicAction),
    },
  };
}
