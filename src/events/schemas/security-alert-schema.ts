/** The flat (workflow-automation) alert: what an alert workflow receives as `triggerBody()`, however it was posted. */
import { type TSchema, Type } from '@sinclair/typebox';
import { ALERT_FIELDS } from './alert-fields.js';

const properties: Record<string, TSchema> = Object.fromEntries(
  ALERT_FIELDS.map((field) => [field.flat, field.required === true ? field.schema : Type.Optional(field.schema)]),
);

export const SecurityAlertSchema = Type.Object(properties, {
  description:
    'A Defender for Cloud security alert in the workflow-automation (flat, PascalCase) shape. Alerts may also be ' +
    'posted in the ARM shape (type Microsoft.Security/Locations/alerts); either way workflows receive this shape, with ' +
    'Version "3.0", AlertUri pointing at this server, and AzureResourceId, AzureResourceSubscriptionId and the ' +
    'workspace fields filled in from ResourceIdentifiers when absent. An alert must name its resource: AzureResourceId ' +
    'or an AzureResource entry of ResourceIdentifiers. Other properties are kept as posted.',
});
