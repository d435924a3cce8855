/**
 * A WorkflowHost built from a conformance case's `context`, so workflow functions (triggerBody, body, variables,
 * items, result, …) can be checked without running a workflow. Records follow Logic Apps' shape:
 * `{name, inputs, outputs: {headers, body}, status, startTime, endTime, code}`.
 */
import type { WorkflowHost } from '../../src/expressions/environment.js';
import { type JsonObject, type Value, cloneValue, getProperty } from '../../src/expressions/values.js';

export interface CaseContext {
  /** The trigger record; `triggerBody()` is its `outputs.body`. */
  trigger?: Value;
  /** Action records by name; `body('X')` is `actions.X.outputs.body`. */
  actions?: JsonObject;
  /** `result('<scope>')` values by scope name. */
  results?: JsonObject;
  variables?: JsonObject;
  parameters?: JsonObject;
  /** Current item of each enclosing loop, outermost first: `item()` is the last entry. */
  items?: JsonObject;
  iterationIndexes?: Record<string, number>;
  workflow?: Value;
  callbackUrl?: Value;
  /** The record `action()` returns (only meaningful inside webhook unsubscribe, trackedProperties, until). */
  currentAction?: Value;
}

/** The fixture also exposes `currentAction()` for `action()`, which the WorkflowHost interface does not model. */
export type FixtureHost = WorkflowHost & { currentAction(): Value | undefined };

const defaultTrigger: JsonObject = {
  name: 'manual',
  inputs: {},
  outputs: { headers: {}, body: null },
  status: 'Succeeded',
  startTime: '2018-03-15T13:00:00Z',
  endTime: '2018-03-15T13:00:00Z',
  code: 'OK',
};

const defaultWorkflow: JsonObject = {
  id: '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Logic/workflows/conformance',
  name: 'conformance',
  type: 'Microsoft.Logic/workflows',
  location: 'westus',
  run: {
    id: '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Logic/workflows/conformance/runs/08586000000000000000000000000CU00',
    name: '08586000000000000000000000000CU00',
    type: 'Microsoft.Logic/workflows/runs',
  },
};

/** Exact name first, then Logic Apps' case-insensitive fallback; copies so a function cannot alter the fixture. */
function lookup(table: JsonObject | undefined, name: string): Value | undefined {
  if (table === undefined) return undefined;
  const value = getProperty(table, name);
  return value === undefined ? undefined : cloneValue(value);
}

export function createFixtureHost(context: CaseContext = {}): FixtureHost {
  return {
    trigger: () => cloneValue(context.trigger ?? defaultTrigger),
    action: (name) => lookup(context.actions, name),
    result: (scopeName) => lookup(context.results, scopeName),
    variable: (name) => lookup(context.variables, name),
    parameter: (name) => lookup(context.parameters, name),
    item: (loopName) => {
      const items = context.items;
      if (items === undefined) return undefined;
      if (loopName !== undefined) return lookup(items, loopName);
      const names = Object.keys(items);
      const innermost = names[names.length - 1];
      return innermost === undefined ? undefined : lookup(items, innermost);
    },
    iterationIndex: (loopName) => {
      const indexes = context.iterationIndexes;
      if (indexes === undefined) return undefined;
      const value = getProperty(indexes, loopName);
      return typeof value === 'number' ? value : undefined;
    },
    workflow: () => cloneValue(context.workflow ?? defaultWorkflow),
    listCallbackUrl: () => cloneValue(context.callbackUrl ?? null),
    currentAction: () => (context.currentAction === undefined ? undefined : cloneValue(context.currentAction)),
  };
}
