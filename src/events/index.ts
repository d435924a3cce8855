/** Security events: accepted shapes, validation, normalisation, and the published data-type schemas. */
export { parseEvent } from './parse-event.js';
export type { NormalizedEvent, ParseEventOptions, ParseEventResult } from './normalized-event.js';
export { EventKind, eventSourceOf, EventSourceOfKind, type EventSourceName } from './event-kind.js';
export { EventErrorCode, type EventError } from './event-error.js';
export { AlertStatus, AssessmentStatusCode, ComplianceState, Severity } from './enums.js';
export { ALERT_VERSION, DEFAULT_ALERT_LOCATION } from './alert-normalizer.js';
export { batchTarget } from './json-path.js';
export * from './limits.js';
export {
  eventSchemaFor,
  eventSchemaPath,
  eventSchemas,
  EventSchemaName,
  isEventSchemaName,
  type JsonSchemaDocument,
  SCHEMA_NAME_OF_KIND,
} from './published-schemas.js';
