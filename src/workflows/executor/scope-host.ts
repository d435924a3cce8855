/** The WorkflowHost seen by expressions evaluated at one place in a run (a loop repetition, an item). */
import { ExpressionErrorCode, type Value, type WorkflowHost, expressionError } from '../../expressions/index.js';
import type { LoopFrame } from '../actions/action-type.js';
import type { RunState } from './run-state.js';
import { recordOf } from './run-state.js';

export class ScopeHost implements WorkflowHost {
  constructor(
    private readonly state: RunState,
    private readonly frames: readonly LoopFrame[],
  ) {}

  trigger(): Value {
    return this.state.triggerRecord;
  }

  action(name: string): Value | undefined {
    return this.state.recordFor(name, this.frames);
  }

  result(scopeName: string): Value | undefined {
    const action = this.state.workflow.actionsByName.get(scopeName.toLowerCase());
    if (action === undefined || action.containers.length === 0) return undefined;
    const outer = new Map(this.frames.map((frame) => [frame.name, frame.index]));
    const results: Value[] = [];
    for (const container of action.containers) {
      for (const child of container.actions) {
        for (const entry of this.state.entriesOf(child.name)) {
          // Only repetitions that belong to the loop iterations the caller is in.
          const matches = entry.iteration.every((step) => !outer.has(step.loop) || outer.get(step.loop) === step.index);
          if (matches) results.push(recordOf(entry, this.state.runId));
        }
      }
    }
    return results;
  }

  variable(name: string): Value | undefined {
    return this.state.variables.get(name.toLowerCase())?.value;
  }

  parameter(name: string): Value | undefined {
    return this.state.parameters.get(name.toLowerCase());
  }

  item(loopName?: string): Value | undefined {
    if (loopName === undefined) return this.frames.findLast((frame) => 'item' in frame)?.item;
    const lower = loopName.toLowerCase();
    return this.frames.findLast((frame) => frame.name.toLowerCase() === lower && 'item' in frame)?.item;
  }

  iterationIndex(loopName: string): number | undefined {
    const lower = loopName.toLowerCase();
    return this.frames.findLast((frame) => frame.name.toLowerCase() === lower)?.index;
  }

  workflow(): Value {
    return this.state.workflowInfo;
  }

  listCallbackUrl(): Value {
    if (this.state.callbackUrl === undefined) {
      throw expressionError(ExpressionErrorCode.InvalidReference, 'This run has no callback URL (its trigger is not a Request or webhook trigger).');
    }
    return this.state.callbackUrl;
  }
}
