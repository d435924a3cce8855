/**
 * The entry point for `POST /api/events`: one posted event in, one normalised event or one error out. Each event
 * is judged alone; nothing here throws, whatever JSON it is given.
 */
import type { TSchema } from '@sinclair/typebox';
import { type TypeCheck, TypeCompiler } from '@sinclair/typebox/compiler';
import { Value } from '@sinclair/typebox/value';
import { normalizeAlert } from './alert-normalizer.js';
import { flatAlertOf } from './arm-alert-mapping.js';
import { normalizeAssessment } from './assessment-normalizer.js';
import { normalizeCompliance } from './compliance-normalizer.js';
import { type EventError, EventErrorCode, eventError, fromSchemaError } from './event-error.js';
import { EventKind } from './event-kind.js';
import { EventShape, shapeOf } from './event-shape.js';
import { checkJsonBounds, copyObject, type JsonProblem } from './json-value.js';
import { MAX_EVENT_BYTES, MAX_EVENT_DEPTH } from './limits.js';
import { type ParseEventOptions, type ParseEventResult, refused } from './normalized-event.js';
import { ArmAlertSchema } from './schemas/arm-alert-schema.js';
import { RecommendationSchema } from './schemas/recommendation-schema.js';
import { RegulatoryComplianceAssessmentSchema } from './schemas/regulatory-compliance-schema.js';
import { SecurityAlertSchema } from './schemas/security-alert-schema.js';
import { SubAssessmentSchema } from './schemas/sub-assessment-schema.js';

const SCHEMA_OF_SHAPE: { readonly [S in EventShape]: TSchema } = {
  FlatAlert: SecurityAlertSchema,
  ArmAlert: ArmAlertSchema,
  Assessment: RecommendationSchema,
  SubAssessment: SubAssessmentSchema,
  RegulatoryComplianceAssessment: RegulatoryComplianceAssessmentSchema,
};

/**
 * Valid events are the common case on the hot path: a check compiled once from our own (static) schemas answers
 * them fast; the slower error walk runs only for events that fail it, to name the field.
 */
const CHECK_OF_SHAPE = Object.fromEntries(
  Object.entries(SCHEMA_OF_SHAPE).map(([shape, schema]) => [shape, TypeCompiler.Compile(schema)]),
) as { readonly [S in EventShape]: TypeCheck<TSchema> };

function boundsError(problem: JsonProblem): EventError {
  switch (problem.kind) {
    case 'notJson':
      return eventError(EventErrorCode.InvalidEvent, problem.path, 'must be JSON data');
    case 'nulCharacter':
      return eventError(EventErrorCode.InvalidEvent, problem.path, 'must not contain the NUL character (\\u0000)');
    case 'tooDeep':
      return eventError(EventErrorCode.EventTooLarge, problem.path, `nests deeper than ${MAX_EVENT_DEPTH} levels`);
    case 'tooLarge':
      return eventError(EventErrorCode.EventTooLarge, problem.path, `is larger than ${MAX_EVENT_BYTES} bytes of JSON`);
  }
}

export function parseEvent(raw: unknown, options: ParseEventOptions): ParseEventResult {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return refused(eventError(EventErrorCode.InvalidEvent, '', 'must be a JSON object'));
  }
  const problem = checkJsonBounds(raw);
  if (problem !== undefined) return refused(boundsError(problem));
  const event = raw as Readonly<Record<string, unknown>>;
  const shape = shapeOf(event);
  if (typeof shape !== 'string') return refused(shape);
  if (!CHECK_OF_SHAPE[shape].Check(event)) {
    const violation = Value.Errors(SCHEMA_OF_SHAPE[shape], event).First();
    return refused(violation === undefined ? eventError(EventErrorCode.InvalidEvent, '', 'does not match its schema') : fromSchemaError(violation));
  }

  // The schema has checked the shape; the normalisers work on a copy, so the payload shares nothing with `raw`.
  switch (shape) {
    case EventShape.FlatAlert:
      return normalizeAlert({ flat: copyObject(event), resourceTarget: 'AzureResourceId' }, options);
    case EventShape.ArmAlert:
      return normalizeAlert(
        {
          flat: flatAlertOf(event.properties as Readonly<Record<string, unknown>>),
          armId: event.id as string,
          resourceTarget: 'properties.resourceIdentifiers',
        },
        options,
      );
    case EventShape.Assessment:
      return normalizeAssessment(copyObject(event), EventKind.Assessment);
    case EventShape.SubAssessment:
      return normalizeAssessment(copyObject(event), EventKind.SubAssessment);
    case EventShape.RegulatoryComplianceAssessment:
      return normalizeCompliance(copyObject(event));
  }
}
