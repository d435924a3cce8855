/**
 * The workflow page's draft, kept apart from React: the JSON text of the definition (with where a syntax error
 * is), the parameters form (text per declared parameter, typed on save), the `$connections` value, and the PUT
 * body they make together.
 */
import { isObject, property } from '../../api/json-object';
import type { WorkflowBody, WorkflowResource } from './workflow-api';

// ---------- The JSON text ----------

export type Parsed = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly message: string; readonly line: number; readonly column: number };

/** JSON.parse with the line and column of a syntax error (V8 reports a character position). */
export function parseJson(text: string): Parsed {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const lineColumn = /line (\d+) column (\d+)/.exec(message);
    const position = /position (\d+)/.exec(message);
    let line = 1;
    let column = 1;
    if (lineColumn !== null) {
      line = Number(lineColumn[1]);
      column = Number(lineColumn[2]);
    } else if (position !== null) {
      const before = text.slice(0, Number(position[1]));
      line = before.split('\n').length;
      column = before.length - before.lastIndexOf('\n');
    } else if (/end of (json|data) input/i.test(message)) {
      line = text.split('\n').length;
    }
    return { ok: false, message: message.replace(/\s*\(line \d+ column \d+\)/, ''), line, column };
  }
}

export function formatJson(value: unknown): string {
  return JSON.stringify(value, null, 2);
}

/** The 1-based line where an action or trigger named `name` is defined (its key followed by an object). */
export function lineOfKey(text: string, name: string): number | undefined {
  const key = JSON.stringify(name).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const match = new RegExp(`${key}\\s*:\\s*\\{`).exec(text);
  return match === null ? undefined : text.slice(0, match.index).split('\n').length;
}

/** Every action name in a definition, nested ones included. */
export function actionNames(definition: unknown): string[] {
  const names: string[] = [];
  const visit = (actions: unknown) => {
    if (!isObject(actions)) return;
    for (const [name, action] of Object.entries(actions)) {
      names.push(name);
      if (!isObject(action)) continue;
      visit(property(action, 'actions'));
      const otherwise = property(action, 'else');
      if (isObject(otherwise)) visit(property(otherwise, 'actions'));
      const fallback = property(action, 'default');
      if (isObject(fallback)) visit(property(fallback, 'actions'));
      const cases = property(action, 'cases');
      if (isObject(cases)) for (const branch of Object.values(cases)) if (isObject(branch)) visit(property(branch, 'actions'));
    }
  };
  if (isObject(definition)) {
    visit(property(definition, 'actions'));
    const triggers = property(definition, 'triggers');
    if (isObject(triggers)) names.push(...Object.keys(triggers));
  }
  return names;
}

/** The action (or trigger) a validation path points into: the longest known name after `actions.`/`triggers.`. */
export function actionOfPath(path: string, names: readonly string[]): string | undefined {
  let best: string | undefined;
  for (const name of names) {
    const lower = name.toLowerCase();
    const hit = [`actions.${lower}`, `triggers.${lower}`].some((prefix) => {
      const at = path.toLowerCase().indexOf(prefix);
      if (at < 0) return false;
      const next = path[at + prefix.length];
      return next === undefined || next === '.' || next === '[';
    });
    if (hit && (best === undefined || name.length > best.length)) best = name;
  }
  return best;
}

// ---------- Parameters ----------

export interface DeclaredParameter {
  readonly name: string;
  readonly type: string;
  readonly secure: boolean;
  readonly defaultValue?: unknown;
  readonly allowedValues?: readonly unknown[];
  readonly description?: string;
}

export const CONNECTIONS = '$connections';

/** The parameters a definition declares, `$connections` left out (it has its own form). */
export function declaredParameters(definition: unknown): DeclaredParameter[] {
  const declared = isObject(definition) ? property(definition, 'parameters') : undefined;
  if (!isObject(declared)) return [];
  return Object.entries(declared)
    .filter(([name]) => name.toLowerCase() !== CONNECTIONS.toLowerCase())
    .map(([name, spec]) => {
      const declaration = isObject(spec) ? spec : {};
      const type = String(property(declaration, 'type') ?? 'string');
      const metadata = property(declaration, 'metadata');
      const description = isObject(metadata) ? property(metadata, 'description') : undefined;
      const allowed = property(declaration, 'allowedValues');
      return {
        name,
        type,
        secure: type.toLowerCase().startsWith('secure'),
        ...('defaultValue' in declaration ? { defaultValue: declaration['defaultValue'] } : {}),
        ...(Array.isArray(allowed) ? { allowedValues: allowed } : {}),
        ...(typeof description === 'string' ? { description } : {}),
      };
    });
}

/** Form state: the text of each parameter, and which secure ones have a stored value the server did not show. */
export interface ParameterForm {
  readonly values: Readonly<Record<string, string>>;
  readonly hiddenSecure: readonly string[];
}

function entryOf(stored: WorkflowResource['properties']['parameters'], name: string): { readonly value?: unknown } | undefined {
  if (stored === undefined) return undefined;
  const key = Object.keys(stored).find((candidate) => candidate.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : stored[key];
}

function textOf(type: string, value: unknown): string {
  const lower = type.toLowerCase();
  if (lower === 'array' || lower === 'object' || lower === 'secureobject') return JSON.stringify(value, null, 2);
  return typeof value === 'string' ? value : JSON.stringify(value);
}

export function initialParameterForm(definition: unknown, stored: WorkflowResource['properties']['parameters']): ParameterForm {
  const values: Record<string, string> = {};
  const hiddenSecure: string[] = [];
  for (const parameter of declaredParameters(definition)) {
    const entry = entryOf(stored, parameter.name);
    if (entry !== undefined && 'value' in entry) values[parameter.name] = textOf(parameter.type, entry.value);
    else {
      values[parameter.name] = '';
      if (entry !== undefined && parameter.secure) hiddenSecure.push(parameter.name);
    }
  }
  return { values, hiddenSecure };
}

/** A form text as the parameter's type, or the problem with it; `undefined` value means "leave it out". */
export function typedValue(parameter: DeclaredParameter, text: string): { readonly value?: unknown; readonly problem?: string } {
  const lower = parameter.type.toLowerCase();
  if (text.trim() === '' && lower !== 'string' && lower !== 'securestring') return {};
  switch (lower) {
    case 'string':
    case 'securestring':
      return text === '' && parameter.defaultValue !== undefined ? {} : { value: text };
    case 'int':
      return /^-?\d+$/.test(text.trim()) ? { value: Number(text.trim()) } : { problem: 'Enter a whole number.' };
    case 'float':
      return text.trim() !== '' && Number.isFinite(Number(text)) ? { value: Number(text) } : { problem: 'Enter a number.' };
    case 'bool':
      return text === 'true' || text === 'false' ? { value: text === 'true' } : { problem: 'Choose true or false.' };
    case 'array':
    case 'object':
    case 'secureobject': {
      const parsed = parseJson(text);
      if (!parsed.ok) return { problem: `Not valid JSON: ${parsed.message}` };
      const fits = lower === 'array' ? Array.isArray(parsed.value) : isObject(parsed.value);
      return fits ? { value: parsed.value } : { problem: lower === 'array' ? 'Enter a JSON array ([…]).' : 'Enter a JSON object ({…}).' };
    }
    default:
      return { value: text };
  }
}

export interface BuiltParameters {
  /** `{}` for a stored secure value left as it is: the server keeps it. */
  readonly parameters: Record<string, { value?: unknown }>;
  /** By parameter name. */
  readonly problems: Readonly<Record<string, string>>;
}

/**
 * The `properties.parameters` a save (or live validation) sends: each declared parameter from the form (left out to
 * use its default), and `$connections`. A stored secure value the server never shows, left blank, is sent back as
 * `{}` — as GET shows it — and the server keeps it.
 */
export function buildParameters(definition: unknown, form: ParameterForm, connections: Readonly<Record<string, unknown>> | undefined): BuiltParameters {
  const parameters: Record<string, { value?: unknown }> = {};
  const problems: Record<string, string> = {};
  for (const parameter of declaredParameters(definition)) {
    const text = form.values[parameter.name] ?? '';
    if (form.hiddenSecure.includes(parameter.name) && text === '') {
      parameters[parameter.name] = {};
      continue;
    }
    const typed = typedValue(parameter, text);
    if (typed.problem !== undefined) problems[parameter.name] = typed.problem;
    else if ('value' in typed) parameters[parameter.name] = { value: typed.value };
  }
  if (connections !== undefined) parameters[CONNECTIONS] = { value: connections };
  return { parameters, problems };
}

// ---------- Connections ----------

export interface ConnectionReference {
  readonly connectionId?: string;
  readonly connectionName?: string;
  readonly id?: string;
}

/** The stored `$connections` value: connector key → reference; undefined when the workflow has none. */
export function storedConnections(resource: WorkflowResource): Record<string, ConnectionReference> | undefined {
  const entry = entryOf(resource.properties.parameters, CONNECTIONS);
  if (entry === undefined || !isObject(entry.value)) return undefined;
  const references: Record<string, ConnectionReference> = {};
  for (const [key, value] of Object.entries(entry.value)) if (isObject(value)) references[key] = value as ConnectionReference;
  return references;
}

/** The connector keys a definition reads from `$connections` (`parameters('$connections')['office365']`). */
export function connectorKeysUsed(definition: unknown): string[] {
  const text = JSON.stringify(definition ?? null);
  const keys = new Set<string>();
  for (const match of text.matchAll(/parameters\('\$connections'\)\['([^']+)'\]/g)) if (match[1] !== undefined) keys.add(match[1]);
  return [...keys];
}

/** The managed API a `$connections` entry is for: the last segment of its `id` (`…/managedApis/office365`), else its key. */
export function apiNameOf(key: string, reference: ConnectionReference | undefined): string {
  const id = reference?.id;
  if (typeof id === 'string' && /\/managedApis\//i.test(id)) return id.slice(id.toLowerCase().lastIndexOf('/managedapis/') + '/managedapis/'.length).toLowerCase();
  return key.toLowerCase();
}

// ---------- The body ----------

export function workflowBody(resource: Pick<WorkflowResource, 'location' | 'tags'>, state: string, definition: unknown, parameters: Record<string, { value?: unknown }>): WorkflowBody {
  return {
    ...(resource.location === undefined ? {} : { location: resource.location }),
    ...(resource.tags === undefined ? {} : { tags: resource.tags }),
    properties: { state, definition, parameters },
  };
}

/** Where a server error's target points, shortened for the list: `properties.definition.actions.x` → `actions.x`. */
export function displayPath(target: string | undefined): string {
  if (target === undefined || target === '') return '(workflow)';
  return target.replace(/^properties\.definition\.?/, '').replace(/^properties\./, '') || '(definition)';
}
