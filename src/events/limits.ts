/**
 * Bounds on one event. Events come from outside and are stored, matched and handed to workflows, so each is
 * bounded before any schema check walks it (a deeply nested document would otherwise exhaust the stack).
 */

/** One event, measured as the UTF-8 length of its JSON text (string escapes not counted). */
export const MAX_EVENT_BYTES = 1024 * 1024;
/** Nesting of objects and arrays; real alerts reach about 6 (entities → location, supporting evidence rows). */
export const MAX_EVENT_DEPTH = 64;
/** Items of an alert's `Entities` / `entities`. */
export const MAX_ALERT_ENTITIES = 1000;
/** Items of an alert's `ResourceIdentifiers`, `RemediationSteps`, `ExtendedLinks`, techniques. */
export const MAX_ALERT_LIST_ITEMS = 100;
/** Resource ids, event ids and `SystemAlertId`s: ARM allows ids of a few thousand characters. */
export const MAX_ID_LENGTH = 4096;
export const MAX_SYSTEM_ALERT_ID_LENGTH = 256;
/** A suggestion for the server: events per `POST /api/events` batch. */
export const MAX_EVENTS_PER_BATCH = 1000;
