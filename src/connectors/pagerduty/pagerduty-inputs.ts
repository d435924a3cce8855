/** What workflows send to the PagerDuty connector: the Events API v2 shape, and a flat convenience shape. */
import { type Static, Type } from '@sinclair/typebox';

export const PAGERDUTY_SEVERITIES = ['critical', 'error', 'warning', 'info'] as const;
export type PagerDutySeverity = (typeof PAGERDUTY_SEVERITIES)[number];

/** Defender for Cloud's severity names, as alerts and recommendations carry them, and what each becomes. */
export const DEFENDER_SEVERITY: Readonly<Record<string, PagerDutySeverity>> = {
  High: 'critical',
  Medium: 'error',
  Low: 'warning',
  Informational: 'info',
};

/** A string enum as JSON Schema `enum` (TypeBox's unions of literals read worse in the catalogue and in errors). */
function stringEnum<const T extends readonly string[]>(values: T, description: string) {
  return Type.Unsafe<T[number]>({ type: 'string', enum: [...values], description });
}

const Severity = stringEnum(
  [...PAGERDUTY_SEVERITIES, ...(Object.keys(DEFENDER_SEVERITY) as ['High', 'Medium', 'Low', 'Informational'])],
  "How bad it is: critical, error, warning or info. Defender's High, Medium, Low and Informational are mapped to critical, error, warning and info.",
);

const DedupKey = (name: string) =>
  Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 255,
      description: `Identifies the alert in PagerDuty: events with the same ${name} update one alert. Required to acknowledge or resolve, unless alertId is given.`,
    }),
  );

const AlertId = Type.Optional(
  Type.String({
    minLength: 1,
    description:
      "The Defender alert's id (SystemAlertId or its resource id). When no dedup key is given, the dedup key is 'riposte-' followed by this id, so trigger and resolve of one alert meet in PagerDuty.",
  }),
);

const Links = Type.Optional(
  Type.Array(Type.Object({ href: Type.String({ description: 'Link URL.' }), text: Type.Optional(Type.String({ description: 'Link text.' })) }), {
    description: 'Links shown on the alert, e.g. the Defender portal link.',
  }),
);

const optionalText = (description: string) => Type.Optional(Type.String({ description }));
const Summary = Type.String({ minLength: 1, description: 'The alert title in PagerDuty (cut to 1024 characters).' });
const Source = Type.String({ minLength: 1, description: 'The affected system, e.g. the resource id or host name.' });

export const EnqueueInputs = Type.Object(
  {
    event_action: stringEnum(['trigger', 'acknowledge', 'resolve'] as const, 'What to do with the alert.'),
    dedup_key: DedupKey('dedup_key'),
    alertId: AlertId,
    payload: Type.Optional(
      Type.Object(
        {
          summary: Summary,
          source: Source,
          severity: Severity,
          timestamp: optionalText('When the problem was detected (ISO 8601).'),
          component: optionalText('The affected component, e.g. the resource type.'),
          group: optionalText('A logical grouping, e.g. the subscription or resource group.'),
          class: optionalText('The kind of problem, e.g. the alert type.'),
          custom_details: Type.Optional(Type.Unknown({ description: 'Any further details, shown on the alert.' })),
        },
        { description: "The alert's content; required to trigger." },
      ),
    ),
    client: optionalText('Name of the monitoring client, shown in PagerDuty.'),
    client_url: optionalText('Link to the monitoring client.'),
    links: Links,
  },
  { description: 'A PagerDuty Events API v2 event; the routing key comes from the connection.' },
);
export type EnqueueInputs = Static<typeof EnqueueInputs>;

export const TriggerInputs = Type.Object(
  {
    summary: Summary,
    source: Source,
    severity: Severity,
    dedupKey: DedupKey('dedupKey'),
    alertId: AlertId,
    component: optionalText('The affected component, e.g. the resource type.'),
    group: optionalText('A logical grouping, e.g. the subscription or resource group.'),
    class: optionalText('The kind of problem, e.g. the alert type.'),
    customDetails: Type.Optional(Type.Unknown({ description: 'Any further details, shown on the alert.' })),
    links: Links,
  },
  { description: 'Trigger (open or update) a PagerDuty alert.' },
);
export type TriggerInputs = Static<typeof TriggerInputs>;

export const AlertReferenceInputs = Type.Object(
  { dedupKey: DedupKey('dedupKey'), alertId: AlertId },
  { description: 'The alert to acknowledge or resolve: its dedup key, or the Defender alert id it was triggered with.' },
);
export type AlertReferenceInputs = Static<typeof AlertReferenceInputs>;
