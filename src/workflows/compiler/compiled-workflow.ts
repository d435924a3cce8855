/** The executable form of a definition: validated once, with every expression compiled. */
import type { CompiledTemplate } from '../../expressions/index.js';
import type { ActionType } from '../actions/action-type.js';
import type { ActionDefinition, ParameterDeclaration } from '../definition-schema.js';

export interface CompiledAction {
  readonly name: string;
  /** Canonical type name, e.g. `Foreach` even when the definition says `foreach`. */
  readonly type: string;
  /** Where the action sits in the definition JSON, e.g. `actions.For_each.actions.Send`. */
  readonly path: string;
  /** Predecessor name → statuses that let this action run. Empty: runs when its container starts. */
  readonly runAfter: ReadonlyMap<string, ReadonlySet<string>>;
  /** Names of the enclosing loops (Foreach, Until), outermost first. */
  readonly loops: readonly string[];
  readonly definition: ActionDefinition;
  readonly handler: ActionType<unknown>;
  readonly plan: unknown;
  /** Nested containers (branches, loop bodies), for `result()`. */
  readonly containers: readonly CompiledContainer[];
  readonly timeoutMs?: number;
  /** Hidden in the journal and record: by the action's own secureData, or because it reads secured data. */
  readonly secureInputs: boolean;
  readonly secureOutputs: boolean;
}

export interface CompiledContainer {
  /** In definition order. */
  readonly actions: readonly CompiledAction[];
  /** Sibling name → the siblings that run after it. */
  readonly dependents: ReadonlyMap<string, readonly CompiledAction[]>;
  /** Actions no sibling runs after: the ends of the container's branches, which decide its status. */
  readonly leaves: readonly CompiledAction[];
}

export interface CompiledWorkflow {
  readonly root: CompiledContainer;
  /** Lower-cased name → action, across every nesting level (names are unique in a definition). */
  readonly actionsByName: ReadonlyMap<string, CompiledAction>;
  readonly parameters: Readonly<Record<string, ParameterDeclaration>>;
  readonly trigger: { readonly name: string; readonly type: string; readonly kind?: string };
  /** `secure`: a securestring/secureobject output, or one that reads secured data; hidden in the run record. */
  readonly outputs: ReadonlyMap<string, { readonly type: string; readonly value: CompiledTemplate; readonly secure: boolean }>;
}
