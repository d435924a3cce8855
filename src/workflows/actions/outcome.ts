import type { Value } from '../../expressions/index.js';
import type { ActionOutcome } from './action-type.js';

export function succeeded(inputs: Value | undefined, outputs: Value | undefined): ActionOutcome {
  return {
    status: 'Succeeded',
    ...(inputs === undefined ? {} : { inputs }),
    ...(outputs === undefined ? {} : { outputs }),
  };
}

export function failed(code: string, message: string, extra: Partial<ActionOutcome> = {}): ActionOutcome {
  return { status: 'Failed', code, error: { code, message }, ...extra };
}

/** The error a container reports when one of its branches failed. */
export function containerFailed(extra: Partial<ActionOutcome> = {}): ActionOutcome {
  return failed('ActionFailed', 'An action failed. No dependent actions succeeded.', extra);
}
