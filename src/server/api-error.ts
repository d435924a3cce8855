/** Errors answered in ARM's shape: `{error: {code, message, target?, details?}}`. */
export interface ErrorDetail {
  readonly code: string;
  readonly message: string;
  readonly target?: string;
}

export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly target?: string,
    readonly details?: readonly ErrorDetail[],
  ) {
    super(message);
  }

  toBody(): { error: ErrorDetail & { details?: readonly ErrorDetail[] } } {
    return {
      error: {
        code: this.code,
        message: this.message,
        ...(this.target === undefined ? {} : { target: this.target }),
        ...(this.details === undefined || this.details.length === 0 ? {} : { details: this.details }),
      },
    };
  }
}

export const notFound = (what: string, id: string) =>
  new ApiError(404, 'ResourceNotFound', `The ${what} '${id}' was not found.`);

export const badRequest = (code: string, message: string, target?: string, details?: readonly ErrorDetail[]) =>
  new ApiError(400, code, message, target, details);
