import { ExpressionErrorCode, expressionError, type ExpressionError } from '../../expression-error.js';

/** The Logic Apps wording for a value that cannot be turned into the requested type. */
export function conversionError(fn: string, detail?: string): ExpressionError {
  const suffix = detail === undefined ? '' : ` ${detail}`;
  return expressionError(
    ExpressionErrorCode.InvalidConversion,
    `The template language function '${fn}' was invoked with a parameter that is not valid. ` +
      `The value cannot be converted to the target type.${suffix}`,
  );
}
