/** A problem found in a definition before it runs; `path` points into the JSON (`actions.For_each.actions.X`). */
export interface ValidationIssue {
  readonly path: string;
  readonly action?: string;
  readonly message: string;
}
