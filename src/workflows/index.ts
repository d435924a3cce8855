/** The workflow engine's public face: compile (validate) a definition once, run it many times. */
export { compileWorkflow, type CompileResult, MAX_ACTIONS, MAX_NESTING_DEPTH } from './compiler/compile-workflow.js';
export type { CompiledWorkflow } from './compiler/compiled-workflow.js';
export { runWorkflow, type RunOptions, type TriggerInput } from './executor/run-workflow.js';
export { pendingWakeAt } from './executor/pending-wake-at.js';
export { idempotencyKey } from './executor/idempotency-key.js';
export { resolveParameters, type ParameterResolution } from './parameters.js';
export * from './ports.js';
export * from './run-record.js';
export type { ValidationIssue } from './validation-issue.js';
export { reachesOutside, supportedActionTypes } from './actions/action-types.js';
export type { WorkflowDefinition } from './definition-schema.js';
