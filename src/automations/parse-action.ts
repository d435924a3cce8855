/** Semantic checks of one action: its type, the fields that belong to it, the target resource id's shape. */
import { parseResourceId } from '../arm/resource-id.js';
import { childTarget } from './automation-issue.js';
import { ActionType, type AutomationAction } from './automation-types.js';
import { type IssueList, enumLookup, isRecord, notOneOf, stringField } from './parse-fields.js';

const actionTypeOf = enumLookup(ActionType);

interface TargetKind {
  readonly field: string;
  readonly resourceType: string;
  readonly example: string;
}

const targets: { readonly [T in ActionType]: TargetKind } = {
  LogicApp: {
    field: 'logicAppResourceId',
    resourceType: 'Microsoft.Logic/workflows',
    example: '/subscriptions/{subscriptionId}/resourceGroups/{resourceGroup}/providers/Microsoft.Logic/workflows/{name}',
  },
  EventHub: {
    field: 'eventHubResourceId',
    resourceType: 'Microsoft.EventHub/namespaces/eventhubs',
    example:
      '/subscriptions/{subscriptionId}/resourceGroups/{resourceGroup}/providers/Microsoft.EventHub/namespaces/{namespace}/eventhubs/{name}',
  },
  Workspace: {
    field: 'workspaceResourceId',
    resourceType: 'Microsoft.OperationalInsights/workspaces',
    example: '/subscriptions/{subscriptionId}/resourceGroups/{resourceGroup}/providers/Microsoft.OperationalInsights/workspaces/{name}',
  },
};

/** Fields each action type may carry besides `actionType` (`sasPolicyName` is read-only: accepted, dropped). */
const allowedFields: { readonly [T in ActionType]: readonly string[] } = {
  LogicApp: ['logicAppResourceId', 'uri'],
  EventHub: ['eventHubResourceId', 'connectionString', 'sasPolicyName', 'isTrustedServiceEnabled'],
  Workspace: ['workspaceResourceId'],
};

function isTargetId(id: string, resourceType: string): boolean {
  const parsed = parseResourceId(id);
  return (
    parsed?.resourceGroup !== undefined &&
    parsed.name !== undefined &&
    parsed.providerGroups === 1 &&
    parsed.resourceType?.toLowerCase() === resourceType.toLowerCase()
  );
}

function httpUrlCheck(text: string): boolean {
  if (!URL.canParse(text)) return false;
  const protocol = new URL(text).protocol;
  return protocol === 'https:' || protocol === 'http:';
}

export function parseAction(raw: unknown, target: string, issues: IssueList): AutomationAction | undefined {
  if (!isRecord(raw)) return undefined;
  const typeText = stringField(raw.actionType);
  if (typeText === undefined) return undefined;
  const actionType = actionTypeOf(typeText);
  if (actionType === undefined) {
    issues.add(childTarget(target, 'actionType'), notOneOf(typeText, 'an action type', ActionType));
    return undefined;
  }
  let ok = true;
  const allowed = allowedFields[actionType];
  for (const key of Object.keys(raw)) {
    if (key !== 'actionType' && !allowed.includes(key)) {
      const message = `'${key}' does not belong to a ${actionType} action; allowed: actionType, ${allowed.join(', ')}.`;
      issues.add(childTarget(target, key), message);
      ok = false;
    }
  }
  const kind = targets[actionType];
  const resourceId = stringField(raw[kind.field]);
  if (resourceId === undefined) {
    issues.add(childTarget(target, kind.field), `A ${actionType} action needs '${kind.field}'.`);
    return undefined;
  }
  if (!isTargetId(resourceId, kind.resourceType)) {
    issues.add(childTarget(target, kind.field), `Must be a ${kind.resourceType} resource id: ${kind.example}.`);
    ok = false;
  }
  const uri = stringField(raw.uri);
  if (actionType === 'LogicApp' && uri !== undefined && !httpUrlCheck(uri)) {
    issues.add(childTarget(target, 'uri'), 'Must be an absolute http(s) URL (the trigger callback URL).');
    ok = false;
  }
  if (!ok) return undefined;

  switch (actionType) {
    case 'LogicApp':
      return { actionType, logicAppResourceId: resourceId, ...(uri !== undefined ? { uri } : {}) };
    case 'EventHub': {
      const connectionString = stringField(raw.connectionString);
      const trusted = raw.isTrustedServiceEnabled;
      return {
        actionType,
        eventHubResourceId: resourceId,
        ...(connectionString !== undefined ? { connectionString } : {}),
        ...(typeof trusted === 'boolean' ? { isTrustedServiceEnabled: trusted } : {}),
      };
    }
    case 'Workspace':
      return { actionType, workspaceResourceId: resourceId };
  }
}
