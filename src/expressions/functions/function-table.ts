import { collectionFunctions } from './collection-functions.js';
import { conversionFunctions } from './conversion-functions.js';
import { dateTimeFunctions } from './datetime-functions.js';
import type { FunctionDefinition } from './function-definition.js';
import { logicalFunctions } from './logical-functions.js';
import { manipulationFunctions } from './manipulation-functions.js';
import { mathFunctions } from './math-functions.js';
import { stringFunctions } from './string-functions.js';
import { uriFunctions } from './uri-functions.js';
import { workflowFunctions } from './workflow-functions.js';
import { xmlFunctions } from './xml-functions.js';

export const allFunctions: readonly FunctionDefinition[] = [
  ...stringFunctions,
  ...collectionFunctions,
  ...logicalFunctions,
  ...conversionFunctions,
  ...mathFunctions,
  ...dateTimeFunctions,
  ...workflowFunctions,
  ...uriFunctions,
  ...manipulationFunctions,
  ...xmlFunctions,
];

/** Function names are case-insensitive in the Workflow Definition Language, so the table is keyed lower-case. */
const table = new Map<string, FunctionDefinition>();
for (const definition of allFunctions) {
  const key = definition.name.toLowerCase();
  if (table.has(key)) throw new Error(`Function '${definition.name}' is defined twice`);
  table.set(key, definition);
}

export function lookupFunction(name: string): FunctionDefinition | undefined {
  return table.get(name.toLowerCase());
}
