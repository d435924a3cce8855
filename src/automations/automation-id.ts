/** Ids and names of automation resources (resource-group scoped: `…/providers/Microsoft.Security/automations/{name}`). */
import { type ResourceGroupResource, parseResourceGroupResource, resourceGroupResource } from '../arm/resource-id.js';

export const AUTOMATION_RESOURCE_TYPE = 'Microsoft.Security/automations';

/** ARM template reference: 1-260 characters, alphanumerics, underscore and hyphen. */
const NAME = /^[A-Za-z0-9_-]{1,260}$/;

export function isValidAutomationName(name: string): boolean {
  return NAME.test(name);
}

/** `/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.Security/automations/{name}`, any case. */
export function parseAutomationId(id: string): ResourceGroupResource | undefined {
  return parseResourceGroupResource(id, AUTOMATION_RESOURCE_TYPE);
}

export function automationId(subscriptionId: string, resourceGroup: string, name: string): string {
  return resourceGroupResource(subscriptionId, resourceGroup, 'Microsoft.Security', 'automations', name);
}
