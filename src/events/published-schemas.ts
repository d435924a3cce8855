/**
 * The "workflow automation data types schemas" (aka.ms/ASCAutomationSchemas): JSON Schema draft-07 documents
 * of what workflows receive, served at `GET /api/schemas/{name}.json`. They are the validation schemas
 * themselves with TypeBox's symbols and our `errorMessage` keyword removed, so they cannot drift.
 */
import type { TSchema } from '@sinclair/typebox';
import { EventKind } from './event-kind.js';
import { RecommendationSchema } from './schemas/recommendation-schema.js';
import { RegulatoryComplianceAssessmentSchema } from './schemas/regulatory-compliance-schema.js';
import { SecurityAlertSchema } from './schemas/security-alert-schema.js';
import { SubAssessmentSchema } from './schemas/sub-assessment-schema.js';

export const EventSchemaName = {
  SecurityAlert: 'SecurityAlert',
  Recommendation: 'Recommendation',
  SubAssessment: 'SubAssessment',
  RegulatoryComplianceAssessment: 'RegulatoryComplianceAssessment',
} as const;
export type EventSchemaName = (typeof EventSchemaName)[keyof typeof EventSchemaName];

export const DRAFT_07 = 'http://json-schema.org/draft-07/schema#';

/** A published schema: plain, frozen JSON. */
export type JsonSchemaDocument = { readonly [key: string]: unknown };

const SOURCES: { readonly [N in EventSchemaName]: { readonly schema: TSchema; readonly title: string } } = {
  SecurityAlert: { schema: SecurityAlertSchema, title: 'Security alert' },
  Recommendation: { schema: RecommendationSchema, title: 'Recommendation (assessment)' },
  SubAssessment: { schema: SubAssessmentSchema, title: 'Sub-assessment (security finding)' },
  RegulatoryComplianceAssessment: { schema: RegulatoryComplianceAssessmentSchema, title: 'Regulatory compliance assessment' },
};

export const SCHEMA_NAME_OF_KIND: { readonly [K in EventKind]: EventSchemaName } = {
  [EventKind.Alert]: EventSchemaName.SecurityAlert,
  [EventKind.Assessment]: EventSchemaName.Recommendation,
  [EventKind.SubAssessment]: EventSchemaName.SubAssessment,
  [EventKind.RegulatoryComplianceAssessment]: EventSchemaName.RegulatoryComplianceAssessment,
};

/** Where the server serves a schema, relative to its public URL. */
export function eventSchemaPath(name: EventSchemaName): string {
  return `/api/schemas/${name}.json`;
}

/** Plain JSON (symbol keys vanish in `JSON.stringify`) without our private keyword (a string; a field named so would be an object). */
function plain(schema: TSchema): Record<string, unknown> {
  const withoutErrorMessages = (key: string, value: unknown) => (key === 'errorMessage' && typeof value === 'string' ? undefined : value);
  return JSON.parse(JSON.stringify(schema, withoutErrorMessages)) as Record<string, unknown>;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const item of Object.values(value)) deepFreeze(item);
    Object.freeze(value);
  }
  return value;
}

function publish(name: EventSchemaName, id: string): JsonSchemaDocument {
  const { schema, title } = SOURCES[name];
  const { description, ...rest } = plain(schema);
  return deepFreeze({ $schema: DRAFT_07, $id: id, title, description, ...rest });
}

/**
 * The published documents. `$id` is the path the server serves them at; `eventSchemaFor` gives the document
 * with an absolute `$id` for a given public URL.
 */
export const eventSchemas: { readonly [N in EventSchemaName]: JsonSchemaDocument } = deepFreeze({
  SecurityAlert: publish('SecurityAlert', eventSchemaPath('SecurityAlert')),
  Recommendation: publish('Recommendation', eventSchemaPath('Recommendation')),
  SubAssessment: publish('SubAssessment', eventSchemaPath('SubAssessment')),
  RegulatoryComplianceAssessment: publish('RegulatoryComplianceAssessment', eventSchemaPath('RegulatoryComplianceAssessment')),
});

/** The document as served: `$id` is `{publicUrl}/api/schemas/{name}.json`. */
export function eventSchemaFor(name: EventSchemaName, publicUrl: string): JsonSchemaDocument {
  return { ...eventSchemas[name], $id: `${publicUrl.replace(/\/+$/, '')}${eventSchemaPath(name)}` };
}

export function isEventSchemaName(name: string): name is EventSchemaName {
  return Object.hasOwn(EventSchemaName, name);
}
