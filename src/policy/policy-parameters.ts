/**
 * Validation of a policy assignment's `properties.parameters` (`{name: {value}}`) against a definition: names
 * and allowed values match case-insensitively and come out in their canonical spelling, defaults fill the gaps,
 * and the values the built-ins' templates would choke on (or deploy something invalid from) are refused here.
 * All problems are reported at once, each with the field it is about.
 */
import { parseResourceGroupResource } from '../arm/resource-id.js';
import { childTarget } from '../automations/automation-issue.js';
import { isValidAutomationName } from '../automations/automation-id.js';
import { AutomationLimits } from '../automations/automation-types.js';
import type { PolicyDefinition, PolicyParameterDefinition } from './policy-definition-types.js';

export interface ResolvedParameters {
  /** Every parameter, defaults applied, canonical spelling. */
  readonly values: Readonly<Record<string, unknown>>;
  /** What to store and echo: the given parameters only, canonicalised. */
  readonly given: Readonly<Record<string, { readonly value: unknown }>>;
}

/** `target` is a JSON path, e.g. `properties.parameters.alertSeverities.value[1]`. */
export interface ParameterError {
  readonly target: string;
  readonly message: string;
}

export type ResolveParametersResult =
  | { readonly ok: true; readonly value: ResolvedParameters }
  | { readonly ok: false; readonly errors: readonly ParameterError[] };

const ROOT = 'properties.parameters';
const RESOURCE_GROUP = /^[-\w.()\p{L}\p{N}]{1,90}$/u;
const WORKFLOW_ID = '/subscriptions/{subscriptionId}/resourceGroups/{resourceGroup}/providers/Microsoft.Logic/workflows/{name}';

/** The generated automation holds one rule set per combination; it may hold at most this many. */
export const MAX_RULE_SETS = AutomationLimits.ruleSetsPerSource;

type Check = (value: unknown) => string | undefined;

/** Checks beyond type and allowed values, for the parameters whose values end up in an automation or an id. */
const valueChecks: Readonly<Record<string, Check>> = {
  automationName: (value) =>
    typeof value === 'string' && !isValidAutomationName(value)
      ? 'Must be 1-260 characters: letters, digits, underscores and hyphens.'
      : undefined,
  resourceGroupName: (value) =>
    typeof value === 'string' && (!RESOURCE_GROUP.test(value) || value.endsWith('.'))
      ? "Must be 1-90 characters: letters, digits, '_', '-', '.', '(' and ')', not ending in '.'."
      : undefined,
  resourceGroupLocation: (value) => (typeof value === 'string' && value.trim() === '' ? 'Must not be empty.' : undefined),
  logicAppResourceId: (value) =>
    typeof value === 'string' &&
    (value.length > AutomationLimits.resourceIdLength || parseResourceGroupResource(value, 'Microsoft.Logic/workflows') === undefined)
      ? `Must be a logic app (workflow) resource id: ${WORKFLOW_ID}.`
      : undefined,
  alertName: (value) =>
    typeof value === 'string' && value.length > AutomationLimits.expectedValueLength
      ? `Must be at most ${AutomationLimits.expectedValueLength} characters.`
      : undefined,
};

function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}

function quoted(values: readonly unknown[]): string {
  return values.map((value) => (typeof value === 'string' ? `'${value}'` : String(value))).join(', ');
}

class Errors {
  readonly items: ParameterError[] = [];
  add(target: string, message: string): void {
    this.items.push({ target, message });
  }
}

/** A scalar against `allowedValues`: strings match any case and come back in the allowed spelling. */
function allowedOf(value: unknown, allowed: readonly (string | boolean)[] | undefined): { ok: boolean; value: unknown } {
  if (allowed === undefined) return { ok: true, value };
  const match = allowed.find((item) =>
    typeof item === 'string' && typeof value === 'string' ? item.toLowerCase() === value.trim().toLowerCase() : item === value,
  );
  return match === undefined ? { ok: false, value } : { ok: true, value: match };
}

function resolveArray(items: readonly unknown[], definition: PolicyParameterDefinition, target: string, errors: Errors): unknown[] | undefined {
  const allowed = definition.allowedValues;
  const out: string[] = [];
  const seen = new Map<string, number>();
  let ok = true;
  items.forEach((item, i) => {
    const itemTarget = childTarget(target, i);
    if (typeof item !== 'string') {
      errors.add(itemTarget, `Must be a string; got ${typeName(item)}.`);
      ok = false;
      return;
    }
    const matched = allowedOf(item, allowed);
    if (!matched.ok) {
      errors.add(itemTarget, `'${item}' is not allowed; use ${quoted(allowed ?? [])} (case-insensitive).`);
      ok = false;
      return;
    }
    const text = matched.value as string;
    if (allowed === undefined && text.trim() === '') {
      errors.add(itemTarget, 'Must not be empty.');
      ok = false;
      return;
    }
    if (text.length > AutomationLimits.expectedValueLength) {
      errors.add(itemTarget, `Must be at most ${AutomationLimits.expectedValueLength} characters.`);
      ok = false;
      return;
    }
    // Azure Policy compares case-insensitively, so 'abc' and 'ABC' would each be counted twice.
    const first = seen.get(text.toLowerCase());
    if (first !== undefined) {
      errors.add(itemTarget, `'${item}' is already given at [${first}]; each value may appear once.`);
      ok = false;
      return;
    }
    seen.set(text.toLowerCase(), i);
    out.push(text);
  });
  if (ok && allowed !== undefined && out.length === 0) {
    errors.add(target, `Must not be empty; give one or more of ${quoted(allowed)}.`);
    return undefined;
  }
  return ok ? out : undefined;
}

function resolveValue(raw: unknown, definition: PolicyParameterDefinition, target: string, errors: Errors): { ok: boolean; value: unknown } {
  const fail = (message: string): { ok: false; value: unknown } => {
    errors.add(target, message);
    return { ok: false, value: raw };
  };
  switch (definition.type) {
    case 'String':
      if (typeof raw !== 'string') return fail(`Must be a string; got ${typeName(raw)}.`);
      break;
    case 'Boolean':
      if (typeof raw !== 'boolean') return fail(`Must be true or false; got ${typeName(raw)}.`);
      break;
    case 'Integer':
      if (typeof raw !== 'number' || !Number.isSafeInteger(raw)) return fail(`Must be an integer; got ${typeName(raw)}.`);
      break;
    case 'Object':
      if (!isRecord(raw)) return fail(`Must be an object; got ${typeName(raw)}.`);
      return { ok: true, value: raw };
    case 'Array': {
      if (!Array.isArray(raw)) return fail(`Must be an array of strings; got ${typeName(raw)}.`);
      const items = resolveArray(raw, definition, target, errors);
      return items === undefined ? { ok: false, value: raw } : { ok: true, value: items };
    }
  }
  const matched = allowedOf(raw, definition.allowedValues);
  if (!matched.ok) return fail(`'${String(raw)}' is not allowed; use ${quoted(definition.allowedValues ?? [])} (case-insensitive).`);
  return matched;
}

/** ARM wraps each parameter value as `{"value": …}`; a bare value is the commonest client mistake. */
function wrapperProblem(wrapper: unknown): string | undefined {
  if (!isRecord(wrapper)) return `Must be {"value": …}; got ${typeName(wrapper)}.`;
  if (!Object.hasOwn(wrapper, 'value')) return `Must be {"value": …}; 'value' is missing.`;
  const extra = Object.keys(wrapper).filter((key) => key !== 'value');
  return extra.length > 0 ? `Must be {"value": …} alone; remove ${quoted(extra)}.` : undefined;
}

/** The combinations a definition multiplies into rule sets must fit in one automation. */
function checkRuleSetCount(definition: PolicyDefinition, values: Readonly<Record<string, unknown>>, errors: Errors): void {
  const length = (name: string): number => (Array.isArray(values[name]) ? (values[name] as unknown[]).length : 0);
  let names: string;
  let count: number;
  switch (definition.kind) {
    case 'alerts':
      return;
    case 'recommendations':
      names = 'recommendationNames';
      count = Math.max(1, length(names)) * length('recommendationSeverities') * length('recommendationStates');
      break;
    case 'regulatoryCompliance':
      names = 'regulatoryComplianceStandards';
      count = length(names) * length('regulatoryComplianceControlStates');
      break;
  }
  if (count > MAX_RULE_SETS) {
    errors.add(
      childTarget(childTarget(ROOT, names), 'value'),
      `These parameters make ${count} rule sets (one per combination); an automation holds at most ${MAX_RULE_SETS}. Give fewer values, or split them across assignments.`,
    );
  }
}

/** Validates `given` (an assignment's `properties.parameters`, possibly undefined) against the definition. */
export function resolveParameters(definition: PolicyDefinition, given: unknown): ResolveParametersResult {
  const errors = new Errors();
  const declared = definition.properties.parameters;
  const canonical = new Map(Object.keys(declared).map((name) => [name.toLowerCase(), name]));
  if (given !== undefined && given !== null && !isRecord(given)) {
    return { ok: false, errors: [{ target: ROOT, message: `Must be an object of {"name": {"value": …}}; got ${typeName(given)}.` }] };
  }

  const resolved = new Map<string, unknown>();
  const givenOut: Record<string, { readonly value: unknown }> = {};
  for (const [rawName, wrapper] of Object.entries(given ?? {})) {
    const name = canonical.get(rawName.toLowerCase());
    const target = childTarget(ROOT, name ?? rawName);
    const parameter = name === undefined ? undefined : declared[name];
    if (name === undefined || parameter === undefined) {
      errors.add(target, `'${rawName}' is not a parameter of this policy; its parameters are ${Object.keys(declared).join(', ')}.`);
      continue;
    }
    if (Object.hasOwn(givenOut, name) || resolved.has(name)) {
      errors.add(target, `'${name}' is given more than once (names are case-insensitive).`);
      continue;
    }
    const unwrapped = wrapperProblem(wrapper);
    if (unwrapped !== undefined || !isRecord(wrapper)) {
      errors.add(target, unwrapped ?? 'Must be {"value": …}.');
      resolved.set(name, undefined);
      continue;
    }
    const valueTarget = childTarget(target, 'value');
    const result = resolveValue(wrapper.value, parameter, valueTarget, errors);
    resolved.set(name, result.value);
    if (!result.ok) continue;
    const problem = valueChecks[name]?.(result.value);
    if (problem !== undefined) {
      errors.add(valueTarget, problem);
      continue;
    }
    givenOut[name] = { value: result.value };
  }

  const values: Record<string, unknown> = {};
  for (const [name, parameter] of Object.entries(declared)) {
    if (resolved.has(name)) {
      values[name] = resolved.get(name);
    } else if (parameter.defaultValue !== undefined) {
      values[name] = structuredClone(parameter.defaultValue);
    } else {
      errors.add(childTarget(ROOT, name), `'${name}' is required (${parameter.metadata.displayName}).`);
    }
  }
  if (errors.items.length === 0) checkRuleSetCount(definition, values, errors);
  if (errors.items.length > 0) return { ok: false, errors: errors.items };
  return { ok: true, value: { values, given: givenOut } };
}
