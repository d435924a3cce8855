/**
 * The API connections a workflow can reach: those its `$connections` parameter names and those its `ApiConnection`
 * actions and triggers name literally. Using a connection needs `Microsoft.Web/connections/join/action` on it when
 * the workflow is saved, and a run may use no other connection (an expression-computed name included), so this set
 * is what both checks compare against. Pure: no I/O.
 */

import { MAX_NESTING_DEPTH } from './compiler/compile-workflow.js';

const CONNECTION_ID = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.Web\/connections\/([^/]+)$/i;
const WORKFLOW_SCOPE = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)(?:\/|$)/i;
const CONNECTION_TYPES: ReadonlySet<string> = new Set(['apiconnection', 'apiconnectionwebhook']);

/** Deeper than any definition that compiles (those are refused anyway), so a hostile body cannot exhaust the stack. */
const WALK_DEPTH = Math.max(64, MAX_NESTING_DEPTH * 2);

type Json = Readonly<Record<string, unknown>>;

const isRecord = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The lower-cased id of the connection `reference` names: a full connection id as is, or a bare name as the
 * connection of that name in the workflow's subscription and resource group. `undefined` when it names none.
 */
export function connectionReferenceId(reference: string, workflowId: string): string | undefined {
  if (CONNECTION_ID.test(reference)) return reference.toLowerCase();
  const scope = WORKFLOW_SCOPE.exec(workflowId);
  if (scope === null || reference === '' || reference.includes('/')) return undefined;
  return `/subscriptions/${scope[1] as string}/resourceGroups/${scope[2] as string}/providers/Microsoft.Web/connections/${reference}`.toLowerCase();
}

/**
 * Every connection `definition` can reach with `parameterValues` (by parameter name, matched case-insensitively;
 * unwrapped from `{value}`): the entries of the given `$connections` value (else of its declared `defaultValue`), and
 * the literal `inputs.host.connection.name` of every `ApiConnection`/`ApiConnectionWebhook` trigger and action at any
 * depth. Lower-cased ids, each once.
 */
export function declaredConnectionIds(definition: unknown, parameterValues: Readonly<Record<string, unknown>>, workflowId: string): string[] {
  const ids = new Set<string>();
  const add = (reference: unknown) => {
    if (typeof reference !== 'string') return;
    const id = connectionReferenceId(reference, workflowId);
    if (id !== undefined) ids.add(id);
  };
  for (const value of connectionsValues(definition, parameterValues)) {
    if (!isRecord(value)) continue;
    for (const entry of Object.values(value)) {
      if (!isRecord(entry)) continue;
      add(typeof entry['connectionId'] === 'string' ? entry['connectionId'] : entry['connectionName']);
    }
  }
  if (isRecord(definition)) {
    for (const trigger of recordValues(definition['triggers'])) add(literalConnectionName(trigger));
    walkActions(definition['actions'], (action) => add(literalConnectionName(action)));
  }
  return [...ids];
}

/** The given `$connections` values (any spelling), or when none is given, the definition's declared defaults. */
function connectionsValues(definition: unknown, parameterValues: Readonly<Record<string, unknown>>): unknown[] {
  const named = (record: Json) => Object.entries(record).filter(([name]) => name.toLowerCase() === '$connections');
  const given = named(parameterValues)
    .map(([, value]) => value)
    .filter((value) => value !== undefined);
  if (given.length > 0) return given;
  const declared = isRecord(definition) && isRecord(definition['parameters']) ? named(definition['parameters']) : [];
  return declared.map(([, declaration]) => (isRecord(declaration) ? declaration['defaultValue'] : undefined));
}

/** `inputs.host.connection.name` of a connection action or trigger when it is a literal (no expression). */
function literalConnectionName(item: unknown): string | undefined {
  if (!isRecord(item) || typeof item['type'] !== 'string' || !CONNECTION_TYPES.has(item['type'].toLowerCase())) return undefined;
  const inputs = item['inputs'];
  const host = isRecord(inputs) ? inputs['host'] : undefined;
  const connection = isRecord(host) ? host['connection'] : undefined;
  const name = isRecord(connection) ? connection['name'] : undefined;
  return typeof name === 'string' && !name.includes('@') ? name : undefined;
}

/** Visits every action, nested ones included: scopes and loops (`actions`), ifs (`else`), switches (`cases`, `default`). */
function walkActions(actions: unknown, visit: (action: Json) => void, depth = 0): void {
  if (depth > WALK_DEPTH) return;
  for (const action of recordValues(actions)) {
    if (!isRecord(action)) continue;
    visit(action);
    walkActions(action['actions'], visit, depth + 1);
    for (const branch of [action['else'], action['default'], ...recordValues(action['cases'])]) {
      if (isRecord(branch)) walkActions(branch['actions'], visit, depth + 1);
    }
  }
}

function recordValues(value: unknown): unknown[] {
  return isRecord(value) ? Object.values(value) : [];
}
