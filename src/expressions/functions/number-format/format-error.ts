import { ExpressionErrorCode, expressionError, type ExpressionError } from '../../expression-error.js';

/** The error `formatNumber` raises where .NET's `ToString(format, culture)` would throw a FormatException. */
export function formatNumberError(detail: string): ExpressionError {
  return expressionError(
    ExpressionErrorCode.InvalidArgument,
    `The template language function 'formatNumber' was invoked with a parameter that is not valid. ${detail}`,
  );
}
