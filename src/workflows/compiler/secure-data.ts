/**
 * `runtimeConfiguration.secureData` as Logic Apps applies it. Compose, ParseJson and Response only have "secure
 * inputs", which hides their outputs too: they are made of their inputs. An action whose expressions read an action
 * with secured inputs or outputs (`body('X')`, `outputs('X')`, `actions('X')`, `result('Scope')`) gets its own inputs
 * hidden, and for those three its outputs too; one step only, as Logic Apps does.
 */
import type { FunctionReference } from '../../expressions/index.js';
import type { CompiledAction } from './compiled-workflow.js';
import type { TemplateSite } from './compile-workflow.js';

const outputsAreInputs = new Set(['Compose', 'ParseJson', 'Response']);
const readerFunctions = new Set(['actions', 'body', 'outputs', 'actionbody', 'actionoutputs']);

export interface SecureData {
  readonly inputs: boolean;
  readonly outputs: boolean;
}

/** What an action's own `secureData.properties` hides. */
export function ownSecureData(type: string, properties: readonly string[]): SecureData {
  const inputs = properties.includes('inputs');
  return { inputs, outputs: properties.includes('outputs') || (inputs && outputsAreInputs.has(type)) };
}

/** What reading secured data hides of the reader. */
export function hiddenByReading(type: string): SecureData {
  return { inputs: true, outputs: outputsAreInputs.has(type) };
}

/** The template sites (action inputs, workflow outputs) whose expressions read another action's secured data. */
export function sitesReadingSecureData(
  sites: readonly TemplateSite[],
  actions: ReadonlyMap<string, CompiledAction>,
): TemplateSite[] {
  const secured = new Set(
    [...actions.values()].filter((action) => action.secureInputs || action.secureOutputs).map((action) => action.name.toLowerCase()),
  );
  if (secured.size === 0) return [];
  const reads = (reference: FunctionReference): boolean => {
    const target = reference.literalArgument?.toLowerCase();
    if (target === undefined) return false;
    const fn = reference.functionName.toLowerCase();
    if (readerFunctions.has(fn)) return secured.has(target);
    // result() returns the records of the scope's top-level inner actions.
    if (fn === 'result') {
      const scope = actions.get(target);
      return scope?.containers.some((container) => container.actions.some((child) => secured.has(child.name.toLowerCase()))) ?? false;
    }
    return false;
  };
  return sites.filter((site) => site.references.some(reads));
}
