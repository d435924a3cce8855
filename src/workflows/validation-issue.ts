/** A problem found in a definition before it runs; `path` points into the JSON (`actions.For_each.actions.X`). */
export interface ValidationIssue {
  readonly path: string;
  readonly action?: string;
  readonly message: string;
}

export class WorkflowValidationError extends Error {
  override readonly name = 'WorkflowValidationError';
  constructor(readonly issues: readonly ValidationIssue[]) {
    super(
      `The workflow definition is not valid:\n` +
        issues.map((issue) => `  - ${issue.path}: ${issue.message}`).join('\n'),
    );
  }
}
