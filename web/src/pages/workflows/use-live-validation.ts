/**
 * Live validation of the draft: JSON syntax at once in the browser, then (debounced) the server's own checks via
 * `POST …/workflows/{name}/validate`, which answers every problem with its path. A stale answer is dropped.
 */
import { useEffect, useState } from 'react';
import { ApiError, errorMessage } from '../../api/client';
import type { Check } from '../../api/permissions';
import { type WorkflowBody, validateWorkflow } from './workflow-api';

export interface Problem {
  readonly path: string | undefined;
  readonly message: string;
}

export type Validation =
  | { readonly state: 'idle' }
  | { readonly state: 'checking' }
  | { readonly state: 'valid' }
  | { readonly state: 'syntax'; readonly message: string; readonly line: number; readonly column: number }
  | { readonly state: 'invalid'; readonly problems: readonly Problem[] }
  | { readonly state: 'unavailable'; readonly reason: string };

export type DraftToCheck = { readonly syntax: { readonly message: string; readonly line: number; readonly column: number } } | { readonly body: WorkflowBody };

export const VALIDATION_DELAY_MS = 450;

/** Every problem of a 400 answer: one per detail, else the error itself. */
export function problemsOf(error: ApiError): Problem[] {
  if (error.details.length > 0) return error.details.map((detail) => ({ path: detail.target, message: detail.message }));
  return [{ path: error.target, message: error.message }];
}

export function useLiveValidation(path: string, draft: DraftToCheck, allowed: Check): Validation {
  const [validation, setValidation] = useState<Validation>({ state: 'idle' });
  const syntax = 'syntax' in draft ? draft.syntax : undefined;
  const syntaxKey = syntax === undefined ? undefined : `${syntax.line}:${syntax.column}:${syntax.message}`;
  const bodyKey = 'body' in draft ? JSON.stringify(draft.body) : undefined;
  const allowedKey = allowed.state === 'denied' ? `denied:${allowed.reason}` : allowed.state;

  useEffect(() => {
    if (syntax !== undefined) {
      setValidation({ state: 'syntax', ...syntax });
      return undefined;
    }
    if (bodyKey === undefined) return undefined;
    if (allowed.state === 'denied') {
      setValidation({ state: 'unavailable', reason: `Only JSON syntax is checked here: server validation ${allowed.reason.charAt(0).toLowerCase()}${allowed.reason.slice(1)}` });
      return undefined;
    }
    if (allowed.state === 'checking') return undefined;
    setValidation({ state: 'checking' });
    const controller = new AbortController();
    const timer = window.setTimeout(() => {
      validateWorkflow(path, JSON.parse(bodyKey) as WorkflowBody, controller.signal).then(
        () => setValidation({ state: 'valid' }),
        (error: unknown) => {
          if (controller.signal.aborted) return;
          if (error instanceof ApiError && error.status === 400) setValidation({ state: 'invalid', problems: problemsOf(error) });
          else setValidation({ state: 'unavailable', reason: `Could not validate: ${errorMessage(error)}` });
        },
      );
    }, VALIDATION_DELAY_MS);
    return () => {
      window.clearTimeout(timer);
      controller.abort();
    };
    // `syntax` and `allowed` are compared through their keys.
  }, [path, syntaxKey, bodyKey, allowedKey]);

  return validation;
}
