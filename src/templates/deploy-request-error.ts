/** A deploy request the template cannot be deployed with; each problem names the request field at fault. */
export interface DeployProblem {
  readonly code: string;
  readonly message: string;
  /** The field of the deploy request: `workflowName`, `parameters.recipients`, `connections.office365`. */
  readonly target: string;
}

export const deployProblem = (code: string, target: string, message: string): DeployProblem => ({ code, message, target });

export class DeployRequestError extends Error {
  override readonly name = 'DeployRequestError';
  constructor(readonly problems: readonly [DeployProblem, ...DeployProblem[]]) {
    super(problems[0].message);
  }
}
