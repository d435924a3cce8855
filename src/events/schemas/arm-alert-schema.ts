/** The ARM alerts API shape (`Microsoft.Security/Locations/alerts`, api 2022-01-01), as Event Hub export carries it. */
import { type TSchema, Type } from '@sinclair/typebox';
import { ALERT_FIELDS } from './alert-fields.js';
import { ResourceId, ResourceType, Text } from './schema-helpers.js';

export const ARM_ALERT_TYPE = 'Microsoft.Security/Locations/alerts';

const properties: Record<string, TSchema> = {
  version: Type.Optional(Text('API version of the alert schema, e.g. 2022-01-01 (not delivered: flat alerts say Version "3.0").')),
  ...Object.fromEntries(
    ALERT_FIELDS.flatMap((field) =>
      field.arm === undefined ? [] : [[field.arm, field.required === true ? field.schema : Type.Optional(field.schema)]],
    ),
  ),
};

export const ArmAlertSchema = Type.Object(
  {
    id: ResourceId(
      'ARM id: /subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.Security/locations/{location}/alerts/{systemAlertId}.',
      '/providers/Microsoft.Security/locations/{name}/alerts/{name}',
    ),
    name: Text('Name of the alert resource (its systemAlertId).'),
    type: ResourceType(ARM_ALERT_TYPE, 'Resource type of an alert.'),
    properties: Type.Object(properties, { description: 'The alert.' }),
  },
  { description: 'A security alert in the ARM shape; delivered to workflows in the flat SecurityAlert shape.' },
);
