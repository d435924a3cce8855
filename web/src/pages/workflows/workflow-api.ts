/** Workflows, gallery templates, connections and connectors over the public API, as the Workflows pages use them. */
import { api, get, getAll } from '../../api/client';

export interface WorkflowProperties {
  readonly state: string;
  readonly version?: number;
  readonly createdTime?: string;
  readonly changedTime?: string;
  readonly definition: unknown;
  /** Secure parameters come back as `{}` (a value is set, never shown). */
  readonly parameters?: Readonly<Record<string, { readonly value?: unknown }>>;
  readonly accessEndpoint?: string;
}

export interface WorkflowResource {
  readonly id: string;
  readonly name: string;
  readonly type?: string;
  readonly location?: string;
  readonly tags?: Readonly<Record<string, string>>;
  readonly properties: WorkflowProperties;
}

export interface WorkflowBody {
  readonly location?: string;
  readonly tags?: Readonly<Record<string, string>>;
  readonly properties: {
    readonly state: string;
    readonly definition: unknown;
    /** `{}` keeps a stored secure value. */
    readonly parameters: Readonly<Record<string, { readonly value?: unknown }>>;
  };
}

export interface TemplateParameter {
  readonly type: string;
  readonly description: string;
  readonly defaultValue?: unknown;
  readonly allowedValues?: readonly (string | number | boolean)[];
}

export interface TemplateResource {
  readonly id: string;
  readonly name: string;
  readonly properties: {
    readonly displayName: string;
    readonly description: string;
    readonly category: string;
    readonly trigger: 'Alert' | 'Assessment' | 'Request' | string;
    readonly connectors: readonly string[];
    readonly parameters: Readonly<Record<string, TemplateParameter>>;
    readonly definition?: unknown;
  };
}

export interface DeployRequest {
  readonly subscriptionId: string;
  readonly resourceGroup: string;
  readonly workflowName?: string;
  readonly state?: string;
  readonly parameters?: Readonly<Record<string, unknown>>;
  readonly connections?: Readonly<Record<string, string>>;
}

export interface ConnectionResource {
  readonly id: string;
  readonly name: string;
  readonly properties: {
    readonly api: { readonly name: string; readonly displayName?: string; readonly id?: string };
    readonly displayName?: string;
    readonly overallStatus?: string;
    readonly statuses?: readonly { readonly status: string; readonly message?: string }[];
  };
}

export interface ConnectorParameter {
  readonly type: string;
  readonly required?: boolean;
  readonly secret?: boolean;
  readonly defaultValue?: unknown;
  readonly allowedValues?: readonly unknown[];
  readonly uiDefinition?: { readonly displayName?: string; readonly description?: string };
}

export interface ManagedApi {
  readonly name: string;
  readonly properties: {
    readonly displayName: string;
    readonly description?: string;
    readonly connectionParameters: Readonly<Record<string, ConnectorParameter>>;
  };
}

const enc = encodeURIComponent;

export function workflowPath(subscriptionId: string, resourceGroup: string, name: string): string {
  return `/api/subscriptions/${enc(subscriptionId)}/resourceGroups/${enc(resourceGroup)}/providers/Microsoft.Logic/workflows/${enc(name)}`;
}

/** The UI route of a workflow's page. */
export function workflowPage(subscriptionId: string, resourceGroup: string, name: string): string {
  return `/workflows/${enc(subscriptionId)}/${enc(resourceGroup)}/${enc(name)}`;
}

export function listWorkflows(subscriptionId: string): Promise<WorkflowResource[]> {
  return getAll<WorkflowResource>(`/api/subscriptions/${enc(subscriptionId)}/providers/Microsoft.Logic/workflows`);
}

export function getWorkflow(path: string, signal?: AbortSignal): Promise<WorkflowResource> {
  return get<WorkflowResource>(path, signal === undefined ? undefined : { signal });
}

export function putWorkflow(path: string, body: WorkflowBody): Promise<WorkflowResource> {
  return api<WorkflowResource>('PUT', path, body);
}

/** Answers `{}` when the body would be accepted; a 400 `ApiError` with one detail per problem otherwise. */
export function validateWorkflow(path: string, body: WorkflowBody, signal: AbortSignal): Promise<unknown> {
  return api<unknown>('POST', `${path}/validate`, body, { signal });
}

export function deleteWorkflow(path: string): Promise<void> {
  return api<void>('DELETE', path);
}

export async function listTemplates(): Promise<TemplateResource[]> {
  return getAll<TemplateResource>('/api/templates');
}

export function deployTemplate(id: string, body: DeployRequest): Promise<WorkflowResource> {
  return api<WorkflowResource>('POST', `/api/templates/${enc(id)}/deploy`, body);
}

export function listConnections(subscriptionId: string): Promise<ConnectionResource[]> {
  return getAll<ConnectionResource>(`/api/subscriptions/${enc(subscriptionId)}/providers/Microsoft.Web/connections`);
}

/** `id` is an ARM id (`/subscriptions/…/connections/{name}`). */
export function getConnection(id: string, signal?: AbortSignal): Promise<ConnectionResource> {
  return get<ConnectionResource>(`/api${id}`, signal === undefined ? undefined : { signal });
}

export function connectionPath(subscriptionId: string, resourceGroup: string, name: string): string {
  return `/api/subscriptions/${enc(subscriptionId)}/resourceGroups/${enc(resourceGroup)}/providers/Microsoft.Web/connections/${enc(name)}`;
}

export function putConnection(path: string, body: unknown): Promise<ConnectionResource> {
  return api<ConnectionResource>('PUT', path, body);
}

export function getManagedApi(name: string): Promise<ManagedApi> {
  return get<ManagedApi>(`/api/providers/Microsoft.Web/managedApis/${enc(name)}`);
}
