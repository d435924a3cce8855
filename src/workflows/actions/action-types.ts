import type { ActionType } from './action-type.js';
import { apiConnectionAction, apiConnectionWebhookAction } from './api-connection.js';
import { composeAction } from './compose.js';
import { expressionTimeAction } from './expression-time.js';
import { foreachAction } from './foreach.js';
import { httpAction } from './http.js';
import { ifAction } from './if.js';
import { joinAction } from './join.js';
import { parseJsonAction } from './parse-json.js';
import { queryAction } from './query.js';
import { responseAction } from './response.js';
import { scopeAction } from './scope.js';
import { selectAction } from './select.js';
import { switchAction } from './switch.js';
import { tableAction } from './table.js';
import { terminateAction } from './terminate.js';
import { untilAction } from './until.js';
import {
  appendToArrayVariableAction,
  appendToStringVariableAction,
  decrementVariableAction,
  incrementVariableAction,
  initializeVariableAction,
  setVariableAction,
} from './variable-actions.js';
import { waitAction } from './wait.js';

const all: readonly ActionType<unknown>[] = [
  composeAction,
  parseJsonAction,
  queryAction,
  selectAction,
  joinAction,
  tableAction,
  ifAction,
  switchAction,
  foreachAction,
  untilAction,
  scopeAction,
  initializeVariableAction,
  setVariableAction,
  incrementVariableAction,
  decrementVariableAction,
  appendToArrayVariableAction,
  appendToStringVariableAction,
  terminateAction,
  waitAction,
  httpAction,
  responseAction,
  expressionTimeAction,
  apiConnectionAction,
  apiConnectionWebhookAction,
];

const byLowerName = new Map(all.map((type) => [type.type.toLowerCase(), type]));

/** Action types are matched case-insensitively (`foreach`, `If`, `http` all appear in real templates). */
export function lookupActionType(type: string): ActionType<unknown> | undefined {
  return byLowerName.get(type.toLowerCase());
}

export const supportedActionTypes: readonly string[] = all.map((type) => type.type);

/** Whether entries of this action type must be stored before the run goes on (unknown types: yes). */
export function reachesOutside(type: string): boolean {
  const known = lookupActionType(type);
  return known === undefined || known.reachesOutside === true;
}
