/** Why an event was refused: an ARM-style error naming the offending field. */
import type { TSchema } from '@sinclair/typebox';
import { type ValueError, ValueErrorType } from '@sinclair/typebox/errors';
import { pointerToPath } from './json-path.js';

export const EventErrorCode = {
  /** The event's shape or a field's value is wrong; `target` says where. */
  InvalidEvent: 'InvalidEvent',
  /** `type` names no event kind the server accepts. */
  UnknownEventType: 'UnknownEventType',
  /** Over `MAX_EVENT_BYTES` or `MAX_EVENT_DEPTH`. */
  EventTooLarge: 'EventTooLarge',
  /** The caller may not post events for the event's subscription or resource group. */
  AuthorizationFailed: 'AuthorizationFailed',
} as const;
export type EventErrorCode = (typeof EventErrorCode)[keyof typeof EventErrorCode];

export interface EventError {
  readonly code: EventErrorCode;
  /** A sentence naming the field and saying why: `'properties.status.code' must be one of Healthy, …`. */
  readonly message: string;
  /** JSON path of the offending field (`properties.status.code`, `Entities[3]`); empty for the whole event. */
  readonly target: string;
}

/** `reason` is the predicate of the sentence: "is required", "must be a string". */
export function eventError(code: EventErrorCode, target: string, reason: string): EventError {
  const subject = target === '' ? 'The event' : `'${target}'`;
  return { code, target, message: `${subject} ${reason}.` };
}

function reasonFor(error: ValueError): string {
  const schema: TSchema = error.schema;
  if (error.type === ValueErrorType.ObjectRequiredProperty) return 'is required';
  if (typeof schema.errorMessage === 'string') return schema.errorMessage;
  switch (error.type) {
    case ValueErrorType.String:
      return 'must be a string';
    case ValueErrorType.Boolean:
      return 'must be true or false';
    case ValueErrorType.Integer:
      return 'must be an integer';
    case ValueErrorType.Number:
      return 'must be a number';
    case ValueErrorType.Object:
      return 'must be an object';
    case ValueErrorType.Array:
      return 'must be an array';
    case ValueErrorType.StringMinLength:
      return schema.minLength === 1 ? 'must not be empty' : `must be at least ${String(schema.minLength)} characters long`;
    case ValueErrorType.StringMaxLength:
      return `must be at most ${String(schema.maxLength)} characters long`;
    case ValueErrorType.ArrayMaxItems:
      return `must have at most ${String(schema.maxItems)} items`;
    case ValueErrorType.IntegerMinimum:
    case ValueErrorType.NumberMinimum:
      return `must be at least ${String(schema.minimum)}`;
    default:
      return `is not valid (${error.message})`;
  }
}

/** The first schema violation as an event error (one error per event keeps responses small and ordered). */
export function fromSchemaError(error: ValueError): EventError {
  return eventError(EventErrorCode.InvalidEvent, pointerToPath(error.path), reasonFor(error));
}
