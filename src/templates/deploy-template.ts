/**
 * Turns a template and a deploy request into the workflow resource body `PUT …/Microsoft.Logic/workflows/{name}`
 * takes: the template's definition, the parameter values checked against the template, and `$connections`
 * pointing at existing connections of the right API.
 */
import { type DeployProblem, DeployRequestError, deployProblem } from './deploy-request-error.js';
import { type ConnectionLookup, templateConnections } from './template-connections.js';
import { templateDefinition } from './template-definition.js';
import { templateParameterValues } from './template-parameter-values.js';
import type { WorkflowTemplate } from './template.js';

export type { ConnectionLookup } from './template-connections.js';

export interface DeployRequest {
  readonly subscriptionId: string;
  readonly resourceGroup: string;
  /** Defaults to the template's name. */
  readonly workflowName?: string;
  readonly location?: string;
  /** `Enabled` (default) or `Disabled`, case-insensitive. */
  readonly state?: string;
  readonly parameters?: Readonly<Record<string, unknown>>;
  /** Connector → a connection name in the same resource group, or a full connection id. */
  readonly connections?: Readonly<Record<string, string>>;
}

export interface WorkflowBody {
  readonly location?: string;
  readonly tags: Readonly<Record<string, string>>;
  readonly properties: {
    readonly state: 'Enabled' | 'Disabled';
    readonly definition: Record<string, unknown>;
    readonly parameters: Readonly<Record<string, { readonly value: unknown }>>;
  };
}

export interface Deployment {
  readonly subscriptionId: string;
  readonly resourceGroup: string;
  readonly workflowName: string;
  readonly body: WorkflowBody;
}

const FIELDS = ['subscriptionId', 'resourceGroup', 'workflowName', 'location', 'state', 'parameters', 'connections'];
/** The rule the workflow service applies to workflow names, checked here to name the request's field. */
const WORKFLOW_NAME = /^[A-Za-z0-9_.()-]{1,80}$/;
/** Subscription and resource group become segments of the workflow id. */
const ID_SEGMENT = /^[^/?#\s]{1,90}$/;

/** Throws DeployRequestError listing every problem; the first one is the one an API error names. */
export async function buildDeployment(template: WorkflowTemplate, request: DeployRequest, connections: ConnectionLookup): Promise<Deployment> {
  const problems: DeployProblem[] = [];
  for (const field of Object.keys(request).filter((name) => !FIELDS.includes(name))) {
    problems.push(deployProblem('UnknownField', field, `The deploy request has no field '${field}'; its fields are ${FIELDS.join(', ')}.`));
  }
  const badScope = (['subscriptionId', 'resourceGroup'] as const).filter((field) => !ID_SEGMENT.test(request[field]));
  for (const field of badScope) {
    problems.push(deployProblem('InvalidRequestContent', field, `'${field}' must be 1-90 characters without '/', '?', '#' or spaces.`));
  }
  const workflowName = request.workflowName ?? template.name;
  if (!WORKFLOW_NAME.test(workflowName)) {
    const message = `The workflow name '${workflowName}' must be 1-80 letters, digits, '_', '-', '.', '(' or ')'.`;
    problems.push(deployProblem('InvalidResourceName', 'workflowName', message));
  }
  const stateText = (request.state ?? 'Enabled').toLowerCase();
  const state = (['Enabled', 'Disabled'] as const).find((candidate) => candidate.toLowerCase() === stateText);
  if (state === undefined) problems.push(deployProblem('InvalidWorkflowState', 'state', "'state' must be 'Enabled' or 'Disabled'."));
  const values = templateParameterValues(template, request.parameters ?? {}, problems);
  // Connections are looked up in the deployment's resource group, so only once that is a valid one.
  const $connections = badScope.length === 0 ? await templateConnections(template, request, request.connections ?? {}, connections, problems) : {};
  const [first, ...rest] = problems;
  if (first !== undefined) throw new DeployRequestError([first, ...rest]);

  const parameters: Record<string, { value: unknown }> = { $connections: { value: $connections } };
  for (const [name, value] of values) parameters[name] = { value };
  return {
    subscriptionId: request.subscriptionId,
    resourceGroup: request.resourceGroup,
    workflowName,
    body: {
      ...(request.location === undefined ? {} : { location: request.location }),
      // LogicAppsCategory as the public templates tag their workflows; the template id says where it came from.
      tags: { LogicAppsCategory: 'security', 'riposte-template': template.id },
      properties: { state: state ?? 'Enabled', definition: templateDefinition(template), parameters },
    },
  };
}
