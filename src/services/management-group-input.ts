/**
 * What PUTs of management groups, subscriptions and resource groups may carry, and the names in their paths. Every
 * mistake is a 400 naming the field. The permission checks read the same bodies before they are validated, through
 * the lenient `…In` readers that never throw (a malformed body is refused by the handler afterwards).
 */
import { ApiError, badRequest } from '../server/api-error.js';

export const MANAGEMENT_GROUP_TYPE = 'Microsoft.Management/managementGroups';
export const managementGroupId = (name: string) => `/providers/${MANAGEMENT_GROUP_TYPE}/${name}`;

const GROUP_NAME = /^[A-Za-z0-9_().-]{1,90}$/;
const GROUP_ID = /^\/providers\/Microsoft\.Management\/managementGroups\/([^/]+)$/i;
const RESOURCE_GROUP_NAME = /^[\p{L}\p{N}_().-]{1,90}$/u;
const MAX_DISPLAY_NAME = 90;
const MAX_LOCATION = 90;

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

export interface ManagementGroupInput {
  readonly displayName?: string;
  /** The parent's name, when the body names one. */
  readonly parent?: string;
}

export interface SubscriptionInput {
  readonly displayName?: string;
  /** The destination group's name, when the body names one. */
  readonly managementGroup?: string;
}

export function checkManagementGroupName(name: string): void {
  if (!GROUP_NAME.test(name) || name.endsWith('.')) {
    throw badRequest(
      'InvalidManagementGroupName',
      `The management group name '${name}' is not valid: use 1 to 90 letters, digits, '-', '_', '(', ')' or '.', not ending in '.'.`,
      'groupId',
    );
  }
}

export function checkSubscriptionId(id: string): void {
  if (id.length < 1 || id.length > 90 || /[/\\]/.test(id) || id.trim() !== id) {
    throw badRequest('InvalidSubscriptionId', `The subscription id '${id}' is not valid: use 1 to 90 characters, no '/' and no surrounding spaces.`, 'subscriptionId');
  }
}

export function checkResourceGroupName(name: string): void {
  if (!RESOURCE_GROUP_NAME.test(name) || name.endsWith('.')) {
    throw badRequest(
      'InvalidResourceGroupName',
      `The resource group name '${name}' is not valid: use 1 to 90 letters, digits, '-', '_', '(', ')' or '.', not ending in '.'.`,
      'resourceGroupName',
    );
  }
}

/** `/providers/Microsoft.Management/managementGroups/{name}` (any case) → the name; undefined for anything else. */
export function managementGroupNameOf(id: string): string | undefined {
  const name = GROUP_ID.exec(id)?.[1];
  return name !== undefined && GROUP_NAME.test(name) && !name.endsWith('.') ? name : undefined;
}

function displayNameOf(properties: Record<string, unknown>): string | undefined {
  const value = properties['displayName'];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.trim() === '' || value.length > MAX_DISPLAY_NAME) {
    throw badRequest('InvalidDisplayName', `properties.displayName must be a string of 1 to ${MAX_DISPLAY_NAME} characters.`, 'properties.displayName');
  }
  return value;
}

function propertiesOf(body: unknown): Record<string, unknown> {
  if (body === undefined || body === null) return {};
  if (!isObject(body)) throw badRequest('InvalidRequestContent', 'The body must be a JSON object {properties: {…}}.', 'properties');
  const properties = body['properties'];
  if (properties === undefined || properties === null) return {};
  if (!isObject(properties)) throw badRequest('InvalidRequestContent', 'properties must be an object.', 'properties');
  return properties;
}

/** `{properties: {displayName, details: {parent: {id}}}}`, every part optional. */
export function parseManagementGroup(body: unknown): ManagementGroupInput {
  const properties = propertiesOf(body);
  const displayName = displayNameOf(properties);
  const details = properties['details'];
  if (details !== undefined && details !== null && !isObject(details)) throw badRequest('InvalidRequestContent', 'properties.details must be an object.', 'properties.details');
  const parent = isObject(details) ? details['parent'] : undefined;
  if (parent !== undefined && parent !== null && !isObject(parent)) throw badRequest('InvalidRequestContent', 'properties.details.parent must be an object {id}.', 'properties.details.parent');
  let parentName: string | undefined;
  if (isObject(parent)) {
    const id = parent['id'];
    parentName = typeof id === 'string' ? managementGroupNameOf(id) : undefined;
    if (parentName === undefined) {
      throw badRequest(
        'InvalidParentManagementGroup',
        `properties.details.parent.id must be a management group id such as '${managementGroupId('corp')}' (got ${JSON.stringify(id)}).`,
        'properties.details.parent.id',
      );
    }
  }
  return { ...(displayName === undefined ? {} : { displayName }), ...(parentName === undefined ? {} : { parent: parentName }) };
}

/** `{properties: {displayName, managementGroupId}}`; the group may be given by its full id or its bare name. */
export function parseSubscription(body: unknown): SubscriptionInput {
  const properties = propertiesOf(body);
  const displayName = displayNameOf(properties);
  const value = properties['managementGroupId'];
  let group: string | undefined;
  if (value !== undefined && value !== null) {
    group = typeof value !== 'string' ? undefined : value.startsWith('/') ? managementGroupNameOf(value) : GROUP_NAME.test(value) && !value.endsWith('.') ? value : undefined;
    if (group === undefined) {
      throw badRequest(
        'InvalidManagementGroupId',
        `properties.managementGroupId must be a management group id such as '${managementGroupId('corp')}', or its name (got ${JSON.stringify(value)}).`,
        'properties.managementGroupId',
      );
    }
  }
  return { ...(displayName === undefined ? {} : { displayName }), ...(group === undefined ? {} : { managementGroup: group }) };
}

/** `{location}`: required when the group is created (`creating`). */
export function parseResourceGroupLocation(body: unknown, creating: boolean): string | undefined {
  if (body !== undefined && body !== null && !isObject(body)) throw badRequest('InvalidRequestContent', 'The body must be a JSON object {location}.', 'location');
  const location = isObject(body) ? body['location'] : undefined;
  if (location === undefined || location === null) {
    if (creating) throw badRequest('LocationRequired', 'location is required to create a resource group.', 'location');
    return undefined;
  }
  if (typeof location !== 'string' || location.trim() === '' || location.length > MAX_LOCATION) {
    throw badRequest('InvalidLocation', `location must be a string of 1 to ${MAX_LOCATION} characters.`, 'location');
  }
  return location;
}

/** The parent a management group body names, or undefined (also when the body is malformed). */
export const parentIn = (body: unknown): string | undefined => lenient(() => parseManagementGroup(body).parent);

/** The destination group a subscription body names, or undefined (also when the body is malformed). */
export const managementGroupIn = (body: unknown): string | undefined => lenient(() => parseSubscription(body).managementGroup);

function lenient<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch (error) {
    if (error instanceof ApiError) return undefined;
    throw error;
  }
}
