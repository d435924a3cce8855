/**
 * The "Assign policy" wizard as data: its fields, one control per definition parameter (chosen from the parameter's
 * type, allowed values and strong type), the checks made before sending, the PUT body, and which tab and field a
 * server error's `target` (`properties.parameters.alertSeverities.value[1]`, `properties.notScopes[0]`, …) belongs to.
 */
import type { TriggerKind } from '../../api/workflow-trigger';
import type { PolicyAssignment, PolicyDefinition, PolicyParameter } from './policy-api';

export type TabId = 'basics' | 'parameters' | 'remediation' | 'review';

export const wizardTabs: readonly { readonly id: TabId; readonly label: string }[] = [
  { id: 'basics', label: 'Basics' },
  { id: 'parameters', label: 'Parameters' },
  { id: 'remediation', label: 'Remediation' },
  { id: 'review', label: 'Review + create' },
];

export type ParamValue = string | boolean | readonly string[];

export interface AssignmentForm {
  readonly definitionId: string;
  readonly scope: string;
  readonly name: string;
  readonly displayName: string;
  readonly description: string;
  readonly notScopes: readonly string[];
  readonly enforce: boolean;
  /** By parameter name; lists without allowed values are kept as text, one item per line. */
  readonly values: Readonly<Record<string, ParamValue>>;
  readonly createRemediation: boolean;
  readonly reEvaluate: boolean;
}

/** Keys of the form's fields: `scope`, `name`, …, `param:<name>` for a parameter, `form` for what fits nowhere. */
export type FieldKey = string;
export type FieldErrors = Readonly<Record<FieldKey, string>>;

export const paramKey = (name: string): FieldKey => `param:${name}`;

export type ControlKind = 'boolean' | 'multi' | 'list' | 'choice' | 'workflow' | 'location' | 'integer' | 'object' | 'text';

export function controlKind(parameter: PolicyParameter): ControlKind {
  const strongType = parameter.metadata.strongType?.toLowerCase();
  if (parameter.type === 'Boolean') return 'boolean';
  if (parameter.type === 'Array') return parameter.allowedValues !== undefined && parameter.allowedValues.length > 0 ? 'multi' : 'list';
  if (parameter.type === 'Integer') return 'integer';
  if (parameter.type === 'Object') return 'object';
  if (strongType === 'microsoft.logic/workflows') return 'workflow';
  if (parameter.allowedValues !== undefined && parameter.allowedValues.length > 0) return 'choice';
  if (strongType === 'location') return 'location';
  return 'text';
}

export const isRequired = (parameter: PolicyParameter) => parameter.defaultValue === undefined;

export const MANUAL_TRIGGER = 'Manual (Incoming HTTP request)';

/** The workflow trigger kind each built-in's Defender trigger needs (by definition GUID, then by its wording). */
const defenderKinds: Readonly<Record<string, TriggerKind>> = {
  'f1525828-9a90-4fcf-be48-268cdd02361e': 'Alert',
  '73d6ab6c-2475-4850-afd6-43795f3492ef': 'Assessment',
  '509122b9-ddd9-47ba-a5f1-d0dac20be63c': 'RegulatoryCompliance',
};

/** What kind of workflow trigger the chosen `logicAppTrigger` value needs. */
export function neededTriggerKind(definition: PolicyDefinition, logicAppTrigger: string): TriggerKind {
  if (logicAppTrigger.toLowerCase() === MANUAL_TRIGGER.toLowerCase()) return 'Request';
  const known = defenderKinds[definition.name.toLowerCase()];
  if (known !== undefined) return known;
  if (/recommendation/i.test(logicAppTrigger)) return 'Assessment';
  if (/regulatory/i.test(logicAppTrigger)) return 'RegulatoryCompliance';
  return 'Alert';
}

/** The built-ins' common parameters come first; the Logic App pair is shown together, the trigger first. */
export function orderedParameters(definition: PolicyDefinition): [string, PolicyParameter][] {
  const entries = Object.entries(definition.properties.parameters);
  const trigger = entries.find(([name]) => name === 'logicAppTrigger');
  if (trigger === undefined) return entries;
  const rest = entries.filter(([name]) => name !== 'logicAppTrigger');
  const workflow = rest.findIndex(([, parameter]) => controlKind(parameter) === 'workflow');
  if (workflow < 0) return entries;
  return [...rest.slice(0, workflow), trigger, ...rest.slice(workflow)];
}

function initialValue(name: string, parameter: PolicyParameter): ParamValue {
  const kind = controlKind(parameter);
  const fallback = parameter.defaultValue;
  switch (kind) {
    case 'boolean':
      return typeof fallback === 'boolean' ? fallback : false;
    case 'multi':
      return Array.isArray(fallback) ? fallback.map(String) : [];
    case 'list':
      return Array.isArray(fallback) ? fallback.map(String).join('\n') : '';
    case 'object':
      return fallback === undefined ? '' : JSON.stringify(fallback, null, 2);
    case 'choice':
      if (fallback !== undefined) return String(fallback);
      // The Defender trigger is what workflow automation is about; Manual is the exception.
      if (name === 'logicAppTrigger') return String(parameter.allowedValues?.find((value) => String(value) !== MANUAL_TRIGGER) ?? '');
      return '';
    default:
      return fallback === undefined ? '' : String(fallback);
  }
}

export function initialValues(definition: PolicyDefinition | undefined): Record<string, ParamValue> {
  if (definition === undefined) return {};
  return Object.fromEntries(Object.entries(definition.properties.parameters).map(([name, parameter]) => [name, initialValue(name, parameter)]));
}

export function emptyForm(definition: PolicyDefinition | undefined, scope: string): AssignmentForm {
  return {
    definitionId: definition?.id ?? '',
    scope,
    name: definition === undefined ? '' : suggestedName(definition),
    displayName: definition?.properties.displayName ?? '',
    description: '',
    notScopes: [],
    enforce: true,
    values: initialValues(definition),
    createRemediation: false,
    reEvaluate: false,
  };
}

/** "Deploy Workflow Automation for Microsoft Defender for Cloud alerts" → "deploy-workflow-automation-alerts". */
export function suggestedName(definition: PolicyDefinition): string {
  const last = definition.properties.displayName.split(/\s+/).pop() ?? 'policy';
  return `deploy-workflow-automation-${last.toLowerCase().replaceAll(/[^a-z0-9]+/g, '-')}`.replace(/-+$/, '');
}

function lines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

/** A parameter's value as the API takes it; undefined when the text is not valid (the checks say why). */
export function apiValue(parameter: PolicyParameter, value: ParamValue | undefined): unknown {
  switch (controlKind(parameter)) {
    case 'boolean':
      return value === true;
    case 'multi':
      return Array.isArray(value) ? [...value] : [];
    case 'list':
      return lines(typeof value === 'string' ? value : '');
    case 'integer': {
      const text = typeof value === 'string' ? value.trim() : '';
      return /^-?\d+$/.test(text) ? Number(text) : undefined;
    }
    case 'object': {
      try {
        return JSON.parse(typeof value === 'string' ? value : '') as unknown;
      } catch {
        return undefined;
      }
    }
    default:
      return typeof value === 'string' ? value.trim() : '';
  }
}

/** The PUT body of `…/policyAssignments/{name}`. */
export function assignmentBody(form: AssignmentForm, definition: PolicyDefinition) {
  const description = form.description.trim();
  const parameters = Object.fromEntries(
    Object.entries(definition.properties.parameters).map(([name, parameter]) => [name, { value: apiValue(parameter, form.values[name]) }]),
  );
  return {
    properties: {
      policyDefinitionId: definition.id,
      displayName: form.displayName.trim() === '' ? definition.properties.displayName : form.displayName.trim(),
      ...(description === '' ? {} : { description }),
      notScopes: [...form.notScopes],
      enforcementMode: form.enforce ? 'Default' : 'DoNotEnforce',
      parameters,
    },
  };
}

const FORBIDDEN_NAME = /[<>*%&:\\?+/#|"]/;

/** The checks the server would make anyway, made first so each shows beside its field at once. */
export function validate(form: AssignmentForm, definition: PolicyDefinition | undefined): Record<FieldKey, string> {
  const errors: Record<FieldKey, string> = {};
  if (form.scope === '') errors['scope'] = 'Choose the management group or subscription to assign the policy to.';
  if (definition === undefined) errors['definitionId'] = 'Choose a policy definition.';
  const name = form.name.trim();
  if (name === '') errors['name'] = 'Enter an assignment name.';
  else if (name.length > 128 || FORBIDDEN_NAME.test(name) || name.endsWith('.')) errors['name'] = 'Use 1-128 characters without <>*%&:\\?+/#|" and not ending in a dot.';
  if (form.displayName.trim().length > 128) errors['displayName'] = 'Use at most 128 characters.';
  if (form.description.trim().length > 512) errors['description'] = 'Use at most 512 characters.';
  if (definition === undefined) return errors;
  for (const [paramName, parameter] of Object.entries(definition.properties.parameters)) {
    const value = form.values[paramName];
    const kind = controlKind(parameter);
    const key = paramKey(paramName);
    if (kind === 'multi' && Array.isArray(value) && value.length === 0) errors[key] = 'Choose at least one.';
    else if (kind === 'integer' && apiValue(parameter, value) === undefined && !(value === '' && !isRequired(parameter))) errors[key] = 'Enter a whole number.';
    else if (kind === 'object' && apiValue(parameter, value) === undefined) errors[key] = 'Enter valid JSON.';
    else if (isRequired(parameter) && (kind === 'text' || kind === 'location' || kind === 'choice' || kind === 'workflow') && (typeof value !== 'string' || value.trim() === '')) {
      errors[key] = kind === 'workflow' ? 'Choose the workflow the automations start.' : kind === 'choice' ? 'Choose a value.' : 'Enter a value.';
    }
  }
  return errors;
}

/** The wizard tab that holds a field. */
export function tabOf(key: FieldKey): TabId {
  if (key.startsWith('param:') || key === 'parameters') return 'parameters';
  if (key === 'remediation') return 'remediation';
  if (key === 'form') return 'review';
  return 'basics';
}

/** The field a server error's `target` is about (parameter names match case-insensitively), if any. */
export function fieldOfTarget(target: string, definition: PolicyDefinition | undefined): FieldKey | undefined {
  if (target === 'name') return 'name';
  if (target.startsWith('properties.displayName')) return 'displayName';
  if (target.startsWith('properties.description')) return 'description';
  if (target.startsWith('properties.notScopes')) return 'notScopes';
  if (target.startsWith('properties.policyDefinitionId')) return 'definitionId';
  if (target.startsWith('properties.enforcementMode')) return 'enforce';
  const parameter = /^properties\.parameters\.([^.[]+)/.exec(target)?.[1];
  if (parameter !== undefined) {
    const known = Object.keys(definition?.properties.parameters ?? {}).find((name) => name.toLowerCase() === parameter.toLowerCase());
    return known === undefined ? 'parameters' : paramKey(known);
  }
  if (target.startsWith('properties.parameters')) return 'parameters';
  return undefined;
}

/** How a parameter value reads in the review and on an assignment's page. */
export function displayValue(value: unknown): string {
  if (Array.isArray(value)) return value.length === 0 ? '(none: all)' : value.map(String).join(', ');
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  if (value === '' || value === undefined || value === null) return '(empty)';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** The definition an assignment assigns, among the loaded ones. */
export function definitionOf(assignment: PolicyAssignment, definitions: readonly PolicyDefinition[] | undefined): PolicyDefinition | undefined {
  const id = assignment.properties.policyDefinitionId.toLowerCase();
  return definitions?.find((definition) => definition.id.toLowerCase() === id);
}
