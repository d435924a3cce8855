/** Raised by an action when its evaluated inputs are unusable; the runner turns it into a failed action. */
export class ActionInputError extends Error {
  override readonly name = 'ActionInputError';
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}
