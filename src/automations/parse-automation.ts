/**
 * Validation and canonicalisation of an automation PUT body: the shape check (TypeBox) first, then the
 * semantic checks the schema cannot express — enums matched case-insensitively and given their canonical
 * spelling, operators that fit the property type, parsable expected values, scope and action id shapes.
 * All problems are reported at once (one per target; at most 50 from the shape check).
 */
import { parseResourceId } from '../arm/resource-id.js';
import { type AutomationIssue, childTarget } from './automation-issue.js';
import {
  type AutomationAction,
  type AutomationBody,
  AutomationLimits as Limits,
  type AutomationRule,
  type AutomationRuleSet,
  type AutomationScope,
  type AutomationSource,
  EventSource,
  PropertyType,
  RuleOperator,
  operatorsFor,
} from './automation-types.js';
import { checkShape } from './check-shape.js';
import { parseAction } from './parse-action.js';
import {
  IssueList,
  type JsonRecord,
  arrayField,
  enumLookup,
  isRecord,
  notOneOf,
  stringField,
  withoutNulls,
} from './parse-fields.js';
import { parsePropertyPath } from './property-path.js';
import { readBoolean, readInteger, readNumber } from './rule-values.js';

export type ParseAutomationResult =
  | { readonly ok: true; readonly value: AutomationBody }
  | { readonly ok: false; readonly errors: AutomationIssue[] };

export interface ParseAutomationOptions {
  /** The subscription the automation lives in; when given, every scope must lie within it (as in Defender). */
  readonly subscriptionId?: string;
}

const eventSourceOf = enumLookup(EventSource);
const propertyTypeOf = enumLookup(PropertyType);
const operatorOf = enumLookup(RuleOperator);

const SUBSCRIPTION = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const RESOURCE_GROUP = /^[-\w.()\p{L}\p{N}]{1,90}$/u;
const SCOPE_FORMS =
  "a subscription ('/subscriptions/{subscriptionId}') or a resource group in it " +
  "('/subscriptions/{subscriptionId}/resourceGroups/{name}')";

function trimTrailingSlashes(path: string): string {
  return path.length > 1 ? path.replace(/\/+$/, '') : path;
}

function parseScope(raw: unknown, target: string, issues: IssueList, options: ParseAutomationOptions): AutomationScope | undefined {
  if (!isRecord(raw)) return undefined;
  const scopePath = stringField(raw.scopePath);
  if (scopePath === undefined) return undefined;
  const parsed = parseResourceId(scopePath);
  const valid =
    parsed?.subscriptionId !== undefined &&
    parsed.providerGroups === 0 &&
    SUBSCRIPTION.test(parsed.subscriptionId) &&
    (parsed.resourceGroup === undefined || (RESOURCE_GROUP.test(parsed.resourceGroup) && !parsed.resourceGroup.endsWith('.')));
  if (!valid) {
    issues.add(childTarget(target, 'scopePath'), `Must be ${SCOPE_FORMS}.`);
    return undefined;
  }
  if (options.subscriptionId !== undefined && parsed.subscriptionId.toLowerCase() !== options.subscriptionId.toLowerCase()) {
    issues.add(childTarget(target, 'scopePath'), `Must lie within the automation's subscription '${options.subscriptionId}'.`);
    return undefined;
  }
  const description = stringField(raw.description);
  return { ...(description !== undefined ? { description } : {}), scopePath: trimTrailingSlashes(scopePath) };
}

function expectedText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return undefined;
}

function checkExpected(type: PropertyType, expected: string): string | undefined {
  switch (type) {
    case 'Integer': {
      const n = readInteger(expected);
      if (n === undefined) return `Must be an integer for an Integer property; got '${expected}'.`;
      return Number.isSafeInteger(n) ? undefined : `Must be between ${Number.MIN_SAFE_INTEGER} and ${Number.MAX_SAFE_INTEGER}.`;
    }
    case 'Number':
      return readNumber(expected) === undefined ? `Must be a number for a Number property; got '${expected}'.` : undefined;
    case 'Boolean':
      return readBoolean(expected) === undefined ? `Must be 'true' or 'false' for a Boolean property; got '${expected}'.` : undefined;
    case 'String':
      return undefined;
  }
}

function parseOperator(text: string, target: string, issues: IssueList): RuleOperator | undefined {
  const operator = operatorOf(text);
  if (operator !== undefined) return operator;
  const lesser = /^less(than(orequalto)?)$/i.exec(text.trim());
  const hint = lesser ? ` The spec spells it 'Lesser${lesser[2] ? 'ThanOrEqualTo' : 'Than'}'.` : '';
  issues.add(target, notOneOf(text, 'an operator', RuleOperator) + hint);
  return undefined;
}

function parseRule(raw: unknown, target: string, issues: IssueList): AutomationRule | undefined {
  if (!isRecord(raw)) return undefined;
  const propertyJPath = stringField(raw.propertyJPath);
  if (propertyJPath !== undefined) {
    const path = parsePropertyPath(propertyJPath);
    if (!path.ok) issues.add(childTarget(target, 'propertyJPath'), path.message);
  }
  const typeText = stringField(raw.propertyType);
  const propertyType = typeText === undefined ? undefined : propertyTypeOf(typeText);
  if (typeText !== undefined && propertyType === undefined) {
    issues.add(childTarget(target, 'propertyType'), notOneOf(typeText, 'a property type', PropertyType));
  }
  const operatorText = stringField(raw.operator);
  const operator = operatorText === undefined ? undefined : parseOperator(operatorText, childTarget(target, 'operator'), issues);
  if (propertyType !== undefined && operator !== undefined && !operatorsFor[propertyType].includes(operator)) {
    const article = propertyType === 'Integer' ? 'an' : 'a';
    const allowed = operatorsFor[propertyType].join(', ');
    issues.add(childTarget(target, 'operator'), `'${operator}' does not apply to ${article} ${propertyType} property; use one of ${allowed}.`);
  }
  const expectedValue = expectedText(raw.expectedValue);
  if (propertyType !== undefined && expectedValue !== undefined) {
    const problem = checkExpected(propertyType, expectedValue);
    if (problem !== undefined) issues.add(childTarget(target, 'expectedValue'), problem);
  }
  if (propertyJPath === undefined || propertyType === undefined || operator === undefined || expectedValue === undefined) return undefined;
  return { propertyJPath, propertyType, expectedValue, operator };
}

function parseRuleSet(raw: unknown, target: string, issues: IssueList): AutomationRuleSet | undefined {
  if (!isRecord(raw)) return undefined;
  const rules = arrayField(raw.rules, Limits.rulesPerRuleSet).map((rule, i) =>
    parseRule(rule, childTarget(childTarget(target, 'rules'), i), issues),
  );
  return { rules: rules.filter((rule) => rule !== undefined) };
}

function parseSource(raw: unknown, target: string, issues: IssueList): AutomationSource | undefined {
  if (!isRecord(raw)) return undefined;
  const sourceText = stringField(raw.eventSource);
  const eventSource = sourceText === undefined ? undefined : eventSourceOf(sourceText);
  if (sourceText !== undefined && eventSource === undefined) {
    issues.add(childTarget(target, 'eventSource'), notOneOf(sourceText, 'an event source', EventSource));
  }
  const ruleSets = arrayField(raw.ruleSets, Limits.ruleSetsPerSource).map((ruleSet, i) =>
    parseRuleSet(ruleSet, childTarget(childTarget(target, 'ruleSets'), i), issues),
  );
  if (eventSource === undefined) return undefined;
  return { eventSource, ruleSets: ruleSets.filter((ruleSet) => ruleSet !== undefined) };
}

function list<T>(raw: unknown, limit: number, target: string, parse: (item: unknown, target: string) => T | undefined): T[] {
  return arrayField(raw, limit)
    .map((item, i) => parse(item, childTarget(target, i)))
    .filter((item): item is T => item !== undefined);
}

function checkTags(tags: unknown, issues: IssueList): void {
  if (!isRecord(tags)) return;
  for (const name of Object.keys(tags)) {
    if (name.length === 0 || name.length > Limits.tagNameLength) {
      issues.add(childTarget('tags', name), `A tag name must be 1-${Limits.tagNameLength} characters long.`);
    }
  }
}

/**
 * Validates a PUT body and returns its canonical form: enum values in their spec spelling, `isEnabled`
 * defaulting to true, absent `scopes`/`sources`/`actions`/`ruleSets`/`rules` as empty arrays, numeric and
 * boolean `expectedValue`s as strings, `null` properties treated as absent, read-only envelope fields
 * (`id`, `name`, `type`, `systemData`, an action's `sasPolicyName`) dropped.
 */
export function parseAutomationBody(raw: unknown, options: ParseAutomationOptions = {}): ParseAutomationResult {
  if (!isRecord(raw)) {
    return { ok: false, errors: [{ target: '(body)', message: "The body must be a JSON object with a 'properties' object." }] };
  }
  const body = withoutNulls(raw) as JsonRecord;
  const issues = new IssueList();
  checkTags(body.tags, issues);
  const properties = isRecord(body.properties) ? body.properties : {};
  const scopes = list(properties.scopes, Limits.scopes, 'properties.scopes', (item, target) => parseScope(item, target, issues, options));
  const sources = list(properties.sources, Limits.sources, 'properties.sources', (item, target) => parseSource(item, target, issues));
  const actions: AutomationAction[] = list(properties.actions, Limits.actions, 'properties.actions', (item, target) =>
    parseAction(item, target, issues),
  );
  // Semantic messages are the more specific ones, so they go first; the shape check fills in the rest.
  for (const issue of checkShape(body)) issues.add(issue.target, issue.message);
  if (issues.items.length > 0) return { ok: false, errors: [...issues.items] };

  const description = stringField(properties.description);
  const envelope = {
    ...(typeof body.location === 'string' ? { location: body.location } : {}),
    ...(isRecord(body.tags) ? { tags: { ...(body.tags as Record<string, string>) } } : {}),
    ...(typeof body.etag === 'string' ? { etag: body.etag } : {}),
    ...(typeof body.kind === 'string' ? { kind: body.kind } : {}),
  };
  return {
    ok: true,
    value: {
      ...(description !== undefined ? { description } : {}),
      isEnabled: properties.isEnabled !== false,
      scopes,
      sources,
      actions,
      ...envelope,
    },
  };
}
