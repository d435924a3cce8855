/**
 * TypeBox schemas of the automation resource.
 * - `AutomationRequestSchema`: the PUT body's *shape* (types, required fields, unknown properties, sizes). Enum
 *   fields are plain strings here because they are matched case-insensitively; `parseAutomationBody` checks them
 *   and everything else. Use it to document the request, not as a Fastify body schema: Fastify's Ajv defaults
 *   (`removeAdditional`) would silently drop unknown properties that `parseAutomationBody` reports.
 * - `AutomationResourceSchema`: what the API returns (canonical enum spellings, no write-only fields).
 */
import { type TSchema, Type } from '@sinclair/typebox';
import { ActionType, AutomationLimits, EventSource, PropertyType, RuleOperator } from './automation-types.js';

const Limits = AutomationLimits;
const text = (maxLength: number, description?: string) =>
  Type.String({ maxLength, ...(description ? { description } : {}) });
const anyCaseOf = (values: Readonly<Record<string, string>>, what: string) =>
  Type.String({ description: `${what}: one of ${Object.values(values).join(', ')} (case-insensitive).` });
const literalsOf = (values: Readonly<Record<string, string>>) =>
  Type.Union(Object.values(values).map((value) => Type.Literal(value)));
/** `title` names the object in "not a property of …" messages. */
const strict = { additionalProperties: false } as const;

const Tags = Type.Record(Type.String(), text(Limits.tagValueLength), { maxProperties: Limits.tags });
const ResourceIdText = text(Limits.resourceIdLength);

// ---- request -------------------------------------------------------------------------------------------------

const ScopeRequest = Type.Object(
  {
    description: Type.Optional(text(Limits.descriptionLength)),
    scopePath: Type.String({
      minLength: 1,
      maxLength: Limits.resourceIdLength,
      description: 'A subscription (`/subscriptions/{id}`) or a resource group in it (`/subscriptions/{id}/resourceGroups/{rg}`).',
    }),
  },
  { ...strict, title: 'a scope' },
);

const RuleRequest = Type.Object(
  {
    propertyJPath: Type.String({
      minLength: 1,
      maxLength: Limits.propertyPathLength,
      description: 'Path into the event JSON: `Severity`, `properties.metadata.severity`, `$.Entities[0].Type`.',
    }),
    propertyType: anyCaseOf(PropertyType, 'Property type'),
    expectedValue: Type.Union([text(Limits.expectedValueLength), Type.Number(), Type.Boolean()]),
    operator: anyCaseOf(RuleOperator, 'Operator'),
  },
  { ...strict, title: 'a rule' },
);

const RuleSetRequest = Type.Object(
  { rules: Type.Optional(Type.Array(RuleRequest, { maxItems: Limits.rulesPerRuleSet })) },
  { ...strict, title: 'a rule set' },
);

const SourceRequest = Type.Object(
  {
    eventSource: anyCaseOf(EventSource, 'Event source'),
    ruleSets: Type.Optional(Type.Array(RuleSetRequest, { maxItems: Limits.ruleSetsPerSource })),
  },
  { ...strict, title: 'a source' },
);

/** One object for all action types; `parseAutomationBody` checks which fields belong to which type. */
const ActionRequest = Type.Object(
  {
    actionType: anyCaseOf(ActionType, 'Action type'),
    logicAppResourceId: Type.Optional(ResourceIdText),
    uri: Type.Optional(text(Limits.uriLength, 'Write-only: the trigger callback URL.')),
    eventHubResourceId: Type.Optional(ResourceIdText),
    connectionString: Type.Optional(text(Limits.uriLength, 'Write-only.')),
    sasPolicyName: Type.Optional(Type.String({ description: 'Read-only; ignored on input.' })),
    isTrustedServiceEnabled: Type.Optional(Type.Boolean()),
    workspaceResourceId: Type.Optional(ResourceIdText),
  },
  { ...strict, title: 'an action' },
);

export const AutomationPropertiesRequestSchema = Type.Object(
  {
    description: Type.Optional(text(Limits.descriptionLength)),
    isEnabled: Type.Optional(Type.Boolean({ default: true })),
    scopes: Type.Optional(Type.Array(ScopeRequest, { maxItems: Limits.scopes })),
    sources: Type.Optional(Type.Array(SourceRequest, { maxItems: Limits.sources })),
    actions: Type.Optional(Type.Array(ActionRequest, { maxItems: Limits.actions })),
  },
  { ...strict, title: 'the automation properties' },
);

const readOnly = (description: string): TSchema => Type.Optional(Type.Unknown({ description }));

export const AutomationRequestSchema = Type.Object(
  {
    location: Type.Optional(text(256)),
    tags: Type.Optional(Tags),
    etag: Type.Optional(text(256, 'Optimistic concurrency: must match the stored etag when given.')),
    kind: Type.Optional(text(256)),
    properties: AutomationPropertiesRequestSchema,
    // Read-only envelope fields are accepted (so a GET result can be PUT back) and ignored.
    id: readOnly('Read-only; ignored.'),
    name: readOnly('Read-only; ignored.'),
    type: readOnly('Read-only; ignored.'),
    systemData: readOnly('Read-only; ignored.'),
  },
  { ...strict, title: 'an automation', $id: 'AutomationRequest' },
);

// ---- response ------------------------------------------------------------------------------------------------

const Rule = Type.Object({
  propertyJPath: Type.String(),
  propertyType: literalsOf(PropertyType),
  expectedValue: Type.String(),
  operator: literalsOf(RuleOperator),
});

const Source = Type.Object({
  eventSource: literalsOf(EventSource),
  ruleSets: Type.Array(Type.Object({ rules: Type.Array(Rule) })),
});

const Action = Type.Union([
  Type.Object({ actionType: Type.Literal('LogicApp'), logicAppResourceId: Type.String() }),
  Type.Object({
    actionType: Type.Literal('EventHub'),
    eventHubResourceId: Type.String(),
    sasPolicyName: Type.Optional(Type.String()),
    isTrustedServiceEnabled: Type.Optional(Type.Boolean()),
  }),
  Type.Object({ actionType: Type.Literal('Workspace'), workspaceResourceId: Type.String() }),
]);

export const AutomationPropertiesSchema = Type.Object({
  description: Type.Optional(Type.String()),
  isEnabled: Type.Boolean(),
  scopes: Type.Array(Type.Object({ description: Type.Optional(Type.String()), scopePath: Type.String() })),
  sources: Type.Array(Source),
  actions: Type.Array(Action),
});

export const AutomationResourceSchema = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    type: Type.Literal('Microsoft.Security/automations'),
    location: Type.Optional(Type.String()),
    tags: Type.Optional(Type.Record(Type.String(), Type.String())),
    etag: Type.Optional(Type.String()),
    kind: Type.Optional(Type.String()),
    properties: AutomationPropertiesSchema,
  },
  { $id: 'Automation' },
);
