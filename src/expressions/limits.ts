/**
 * Work limits that keep a hostile or runaway expression from exhausting memory. The values follow the limits
 * Logic Apps documents for its functions.
 */
import { ExpressionErrorCode, expressionError } from './expression-error.js';

/** Longest string a function may build: the documented limit for `concat`/`join` results (100 MiB of characters). */
export const MAX_STRING_LENGTH = 104_857_600;

/** Most items a function may create out of nothing in one array: the documented `count` limit of `range`. */
export const MAX_ARRAY_LENGTH = 100_000;

/** Throws `LimitExceeded` when a string result of `fn` would be longer than {@link MAX_STRING_LENGTH}. */
export function checkStringLength(fn: string, length: number): void {
  if (length > MAX_STRING_LENGTH) {
    throw expressionError(
      ExpressionErrorCode.LimitExceeded,
      `The template language function '${fn}' would produce a string of ${length} characters, which exceeds ` +
        `the limit of ${MAX_STRING_LENGTH} characters.`,
    );
  }
}

/** Throws `LimitExceeded` when an array result of `fn` would hold more than {@link MAX_ARRAY_LENGTH} items. */
export function checkArrayLength(fn: string, length: number): void {
  if (length > MAX_ARRAY_LENGTH) {
    throw expressionError(
      ExpressionErrorCode.LimitExceeded,
      `The template language function '${fn}' would produce an array of ${length} items, which exceeds ` +
        `the limit of ${MAX_ARRAY_LENGTH} items.`,
    );
  }
}
