/**
 * Validates a definition and compiles it into the executable form. Everything that can be known before a run is
 * checked here, each problem naming the action and the JSON path: shape, action types, runAfter targets and
 * cycles, duplicate names, nesting and size limits, expressions, and static references (`variables('x')`,
 * `body('A')`, `items('Loop')`).
 */
import { ExpressionError, type CompiledTemplate, type FunctionReference, compileTemplate } from '../../expressions/index.js';
import type { ActionCompileContext } from '../actions/action-type.js';
import { lookupActionType, supportedActionTypes } from '../actions/action-types.js';
import type { ActionDefinition, ParameterDeclaration, WorkflowDefinition } from '../definition-schema.js';
import { tryParseDuration } from '../duration.js';
import { RunAfterStatuses } from '../run-record.js';
import type { ValidationIssue } from '../validation-issue.js';
import type { CompiledAction, CompiledContainer, CompiledWorkflow } from './compiled-workflow.js';
import { checkReferences } from './reference-check.js';
import { checkParameters } from './parameter-check.js';
import { hiddenByReading, ownSecureData, sitesReadingSecureData } from './secure-data.js';
import { checkStructure } from './structural-check.js';
import { checkTrigger } from './trigger-check.js';

export const MAX_ACTIONS = 250;
export const MAX_NESTING_DEPTH = 8;

export type CompileResult =
  | { readonly ok: true; readonly workflow: CompiledWorkflow }
  | { readonly ok: false; readonly issues: readonly ValidationIssue[] };

/** Where a template was compiled, so references can be checked once every action is known. */
export interface TemplateSite {
  readonly action: CompiledActionDraft;
  readonly where: string;
  readonly references: readonly FunctionReference[];
}

/** The compiler settles `secureInputs`/`secureOutputs` once every action is known, see hideReadersOfSecureData. */
type MutableCompiledAction = { -readonly [K in keyof CompiledAction]: CompiledAction[K] };

type CompiledOutputs = Map<string, { type: string; value: CompiledTemplate; secure: boolean }>;

interface CompiledActionDraft {
  name: string;
  type: string;
  path: string;
  loops: readonly string[];
}

const canonicalStatus = new Map(RunAfterStatuses.map((status) => [status.toLowerCase(), status]));

export function compileWorkflow(input: unknown): CompileResult {
  const structural = checkStructure(input);
  if (structural.length > 0) return { ok: false, issues: structural };
  const definition = input as WorkflowDefinition;
  const compiler = new DefinitionCompiler();
  const root = compiler.container(definition.actions, '', [], 0);
  const trigger = checkTrigger(definition, compiler.issues);
  checkParameters(definition.parameters ?? {}, compiler.issues);
  const outputs = compiler.outputs(definition.outputs ?? {});
  compiler.checkLimitsAndPlacement(trigger.type);
  checkReferences(compiler.sites, compiler.actionsByName, definition.parameters ?? {}, compiler.variableNames, compiler.issues);
  if (compiler.issues.length > 0) return { ok: false, issues: compiler.issues };
  compiler.hideReadersOfSecureData(outputs);
  return {
    ok: true,
    workflow: {
      root,
      actionsByName: compiler.actionsByName,
      parameters: (definition.parameters ?? {}) as Record<string, ParameterDeclaration>,
      trigger,
      outputs,
    },
  };
}

class DefinitionCompiler {
  readonly issues: ValidationIssue[] = [];
  readonly sites: TemplateSite[] = [];
  readonly actionsByName = new Map<string, MutableCompiledAction>();
  readonly variableNames = new Set<string>();
  private readonly depthOf = new Map<string, number>();
  /** Foreach actions whose containers are being compiled (see `action`). */
  private openForeachLoops = 0;

  container(
    actions: Readonly<Record<string, ActionDefinition>> | undefined,
    prefix: string,
    loops: readonly string[],
    depth: number,
  ): CompiledContainer {
    const entries = Object.entries(actions ?? {});
    const compiled: CompiledAction[] = [];
    for (const [name, definition] of entries) {
      const action = this.action(name, definition, `${prefix}actions.${name}`, loops, depth);
      if (action) compiled.push(action);
    }
    return this.link(compiled, entries.map(([name]) => name));
  }

  private action(
    name: string,
    definition: ActionDefinition,
    path: string,
    loops: readonly string[],
    depth: number,
  ): CompiledAction | undefined {
    const lower = name.toLowerCase();
    if (this.actionsByName.has(lower) || this.depthOf.has(lower)) {
      this.issues.push({ path, action: name, message: `The action name '${name}' is used more than once; action names must be unique across the whole definition.` });
      return undefined;
    }
    this.depthOf.set(lower, depth);
    const handler = lookupActionType(definition.type);
    if (handler === undefined) {
      this.issues.push({
        path: `${path}.type`,
        action: name,
        message: `The action type '${definition.type}' is not supported. Supported types: ${supportedActionTypes.join(', ')}.`,
      });
      return undefined;
    }
    const innerLoops = handler.isLoop ? [...loops, name] : loops;
    const insideForeach = this.openForeachLoops > 0;
    const draft: CompiledActionDraft = { name, type: handler.type, path, loops };
    const containers: CompiledContainer[] = [];
    const cx: ActionCompileContext = {
      actionName: name,
      loops,
      insideForeach,
      template: (value, where) => this.template(value, draft, where),
      container: (actions, where) => {
        const container = this.container(actions, `${path}.${where.replace(/actions$/, '')}`, innerLoops, depth + 1);
        containers.push(container);
        return container;
      },
      duration: (text, where) => this.duration(text, draft, where),
      issue: (message, where) => this.issues.push({ path: where ? `${path}.${where}` : path, action: name, message }),
    };
    // Compiling is depth-first, so the Foreach loops open now are exactly those enclosing the containers compiled.
    if (handler.type === 'Foreach') this.openForeachLoops++;
    let plan: unknown;
    try {
      plan = handler.compile(definition, cx);
    } finally {
      if (handler.type === 'Foreach') this.openForeachLoops--;
    }
    if (handler.type === 'InitializeVariable' && Array.isArray(plan)) {
      for (const variable of plan as { name: string }[]) this.variableNames.add(variable.name.toLowerCase());
    }
    const runAfter = this.runAfter(definition);
    const secure = ownSecureData(handler.type, definition.runtimeConfiguration?.secureData?.properties ?? []);
    const timeoutText = handler.ownsTimeout ? undefined : definition.limit?.timeout;
    const timeoutMs = timeoutText === undefined ? undefined : cx.duration(timeoutText, 'limit.timeout');
    const action: MutableCompiledAction = {
      name,
      type: handler.type,
      path,
      runAfter,
      loops,
      definition,
      handler,
      plan,
      containers,
      ...(timeoutMs === undefined ? {} : { timeoutMs }),
      secureInputs: secure.inputs,
      secureOutputs: secure.outputs,
    };
    this.actionsByName.set(lower, action);
    return action;
  }

  private runAfter(definition: ActionDefinition): Map<string, Set<string>> {
    const runAfter = new Map<string, Set<string>>();
    for (const [predecessor, statuses] of Object.entries(definition.runAfter ?? {})) {
      const set = new Set<string>();
      for (const status of statuses) set.add(canonicalStatus.get(status.toLowerCase()) ?? status);
      // An empty list means the default: run after the predecessor succeeded.
      if (set.size === 0) set.add('Succeeded');
      runAfter.set(predecessor, set);
    }
    return runAfter;
  }

  /** Resolves runAfter names among siblings, reports unknown targets and cycles, and indexes dependents. */
  private link(actions: CompiledAction[], declared: readonly string[]): CompiledContainer {
    const siblings = new Map(actions.map((action) => [action.name, action]));
    const declaredNames = new Set(declared);
    const dependents = new Map<string, CompiledAction[]>();
    for (const action of actions) {
      for (const predecessor of action.runAfter.keys()) {
        if (!siblings.has(predecessor)) {
          if (declaredNames.has(predecessor)) continue; // the sibling itself failed to compile; already reported
          this.issues.push({
            path: `${action.path}.runAfter.${predecessor}`,
            action: action.name,
            message: `The action '${action.name}' runs after '${predecessor}', which is not an action in the same container; an action can only run after its siblings.`,
          });
          continue;
        }
        const list = dependents.get(predecessor) ?? [];
        list.push(action);
        dependents.set(predecessor, list);
      }
    }
    this.checkCycles(actions, siblings);
    const leaves = actions.filter((action) => !dependents.has(action.name));
    return { actions, dependents, leaves };
  }

  private checkCycles(actions: CompiledAction[], siblings: Map<string, CompiledAction>): void {
    // Kahn's algorithm: whatever cannot be ordered sits on or behind a cycle.
    const remaining = new Map(actions.map((action) => [action.name, [...action.runAfter.keys()].filter((p) => siblings.has(p)).length]));
    const ready = actions.filter((action) => remaining.get(action.name) === 0).map((action) => action.name);
    while (ready.length > 0) {
      const name = ready.pop() as string;
      remaining.delete(name);
      for (const action of actions) {
        if (!action.runAfter.has(name) || !remaining.has(action.name)) continue;
        const left = (remaining.get(action.name) ?? 1) - 1;
        remaining.set(action.name, left);
        if (left === 0) ready.push(action.name);
      }
    }
    if (remaining.size === 0) return;
    const names = [...remaining.keys()];
    const first = siblings.get(names[0] as string);
    this.issues.push({
      path: `${first?.path ?? 'actions'}.runAfter`,
      ...(first ? { action: first.name } : {}),
      message: `The runAfter dependencies form a cycle among: ${names.map((n) => `'${n}'`).join(', ')}.`,
    });
  }

  private template(value: unknown, action: CompiledActionDraft, where: string): CompiledTemplate {
    try {
      const template = compileTemplate(value);
      this.sites.push({ action, where, references: template.references });
      return template;
    } catch (error) {
      if (!(error instanceof ExpressionError)) throw error;
      this.issues.push({ path: `${action.path}.${where}`, action: action.name, message: error.describe() });
      return compileTemplate(null);
    }
  }

  private duration(text: unknown, action: CompiledActionDraft, where: string): number | undefined {
    const ms = typeof text === 'string' ? tryParseDuration(text) : undefined;
    if (ms === undefined) {
      this.issues.push({ path: `${action.path}.${where}`, action: action.name, message: `'${String(text)}' is not an ISO 8601 duration such as PT1H.` });
    }
    return ms;
  }

  outputs(outputs: NonNullable<WorkflowDefinition['outputs']>): CompiledOutputs {
    const compiled: CompiledOutputs = new Map();
    for (const [name, output] of Object.entries(outputs)) {
      const draft: CompiledActionDraft = { name: '(outputs)', type: 'Outputs', path: `outputs.${name}`, loops: [] };
      const secure = output.type.toLowerCase().startsWith('secure');
      compiled.set(name, { type: output.type, value: this.template(output.value, draft, 'value'), secure });
    }
    return compiled;
  }

  /** Hides the inputs (and some outputs) of actions, and the workflow outputs, that read secured data. */
  hideReadersOfSecureData(outputs: CompiledOutputs): void {
    for (const site of sitesReadingSecureData(this.sites, this.actionsByName)) {
      const output = site.action.type === 'Outputs' ? outputs.get(site.action.path.slice('outputs.'.length)) : undefined;
      if (output !== undefined) {
        output.secure = true;
        continue;
      }
      const reader = this.actionsByName.get(site.action.name.toLowerCase());
      if (reader === undefined) continue;
      const hidden = hiddenByReading(reader.type);
      reader.secureInputs ||= hidden.inputs;
      reader.secureOutputs ||= hidden.outputs;
    }
  }

  checkLimitsAndPlacement(triggerType: string): void {
    if (this.actionsByName.size > MAX_ACTIONS) {
      this.issues.push({ path: 'actions', message: `The definition has ${this.actionsByName.size} actions; at most ${MAX_ACTIONS} are allowed.` });
    }
    for (const action of this.actionsByName.values()) {
      const depth = this.depthOf.get(action.name.toLowerCase()) ?? 0;
      const at = { path: action.path, action: action.name };
      if (depth >= MAX_NESTING_DEPTH) {
        this.issues.push({ ...at, message: `The action is nested ${depth + 1} levels deep; at most ${MAX_NESTING_DEPTH} levels are allowed.` });
      }
      if (action.type === 'InitializeVariable' && depth > 0) {
        this.issues.push({ ...at, message: 'Variables can only be initialized at the top level of the workflow, not inside scopes, conditions or loops.' });
      }
      if ((action.type === 'Terminate' || action.type === 'Response') && action.loops.length > 0) {
        this.issues.push({ ...at, message: `A '${action.type}' action cannot be inside a Foreach or Until loop.` });
      }
      if (action.type === 'Response' && triggerType.toLowerCase() !== 'request') {
        this.issues.push({ ...at, message: "A 'Response' action needs a 'Request' trigger." });
      }
    }
  }
}
