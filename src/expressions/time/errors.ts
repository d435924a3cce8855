import { ExpressionError, ExpressionErrorCode } from '../expression-error.js';

/**
 * An invalid date/time value (unparseable timestamp, bad format string, unknown zone…). It is an ordinary
 * `ExpressionError(InvalidArgument)`, so callers outside the function library (the workflow executor) can
 * report it as is; the function library re-labels it with `inFunction` so the message names the function,
 * the way Logic Apps does ("In function 'addDays', the value provided for date time string …").
 */
export class TimeValueError extends ExpressionError {
  constructor(message: string) {
    super(ExpressionErrorCode.InvalidArgument, message);
  }
}

export function invalidTimestamp(text: string): TimeValueError {
  return new TimeValueError(
    `The value provided for date time string '${text}' was not valid. The datetime string must match ISO 8601 format.`,
  );
}

export function invalidFormat(format: string): TimeValueError {
  return new TimeValueError(`The provided format '${format}' is not a valid date and time format string.`);
}

export function invalidLocale(locale: string): TimeValueError {
  return new TimeValueError(`The provided locale '${locale}' is not valid or doesn't have an associated culture.`);
}

export function outOfRange(): TimeValueError {
  return new TimeValueError(
    'The resulting timestamp is outside the supported range (0001-01-01T00:00:00 to 9999-12-31T23:59:59.9999999).',
  );
}

/** Runs `body`, rewording a `TimeValueError` so that it names the expression function that failed. */
export function inFunction<T>(functionName: string, body: () => T): T {
  try {
    return body();
  } catch (error) {
    if (error instanceof TimeValueError) {
      const message = error.message.charAt(0).toLowerCase() + error.message.slice(1);
      throw new ExpressionError(error.code, `In function '${functionName}', ${message}`);
    }
    throw error;
  }
}
