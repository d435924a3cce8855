/**
 * The one error type the expression language raises. `code` says what went wrong; `message` quotes the
 * failing expression so a user can find it in a large definition.
 */
export const ExpressionErrorCode = {
  /** The text is not a well-formed expression (validation time). */
  ParseError: 'InvalidTemplateSyntax',
  /** A function name is not in the library (validation time). */
  UnknownFunction: 'UnknownFunction',
  /** A function was given too few or too many arguments (validation time). */
  BadArity: 'InvalidFunctionArgumentCount',
  /** An argument has the wrong type or an unusable value. */
  InvalidArgument: 'InvalidFunctionArgument',
  /** A conversion such as `int('abc')` failed. */
  InvalidConversion: 'InvalidConversion',
  /** A property or index that does not exist was read without `?`. */
  PropertyNotFound: 'InvalidTemplateProperty',
  /** Division or modulo by zero. */
  DivideByZero: 'DivideByZero',
  /** A workflow function referred to an action, variable, parameter or loop that does not exist. */
  InvalidReference: 'InvalidTemplateReference',
  /** The evaluation exceeded its work budget (a runaway `range` or string growth). */
  LimitExceeded: 'ExpressionLimitExceeded',
  /** A function failed in a way it did not anticipate: a defect, reported instead of crashing the run. */
  Internal: 'InternalFunctionError',
} as const;
export type ExpressionErrorCode = (typeof ExpressionErrorCode)[keyof typeof ExpressionErrorCode];

export class ExpressionError extends Error {
  override readonly name = 'ExpressionError';
  constructor(
    readonly code: ExpressionErrorCode,
    message: string,
    /** The expression text being evaluated, filled in at the evaluation boundary when known. */
    public expression?: string,
    /** Zero-based character offset of the problem within the expression text. */
    public position?: number,
  ) {
    super(message);
  }

  /** The message with the expression quoted, as shown to users. */
  describe(): string {
    if (this.expression === undefined) return this.message;
    const where = this.position === undefined ? '' : ` at position ${this.position + 1}`;
    return `${this.message} (in expression '${this.expression}'${where})`;
  }
}

export function expressionError(code: ExpressionErrorCode, message: string, position?: number): ExpressionError {
  return new ExpressionError(code, message, undefined, position);
}
