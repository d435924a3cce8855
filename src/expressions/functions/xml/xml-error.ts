/**
 * Failures inside the XML helpers. They carry only the reason; the function boundary (`xml`, `xpath`, `json`) turns
 * them into an `ExpressionError` that names the function, because the same conversion serves several functions.
 */
import { ExpressionErrorCode, expressionError, type ExpressionError } from '../../expression-error.js';

export class XmlError extends Error {
  override readonly name = 'XmlError';
}

/** How deep XML elements or JSON objects may nest before conversion gives up, so recursion cannot exhaust the stack. */
export const MAX_XML_DEPTH = 1000;

/** The `ExpressionError` a function reports for an `XmlError` (other errors are passed through unchanged). */
export function xmlExpressionError(fn: string, what: string, error: unknown): unknown {
  if (!(error instanceof XmlError)) return error;
  return invalidXmlArgument(fn, what, error.message);
}

export function invalidXmlArgument(fn: string, what: string, reason: string): ExpressionError {
  return expressionError(
    ExpressionErrorCode.InvalidArgument,
    `The template language function '${fn}' parameter is not valid. ${what}: ${reason}`,
  );
}
