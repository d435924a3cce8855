/**
 * What workflows send to create a Jira issue, and its normalisation to Jira's REST v2 `{fields}`. The public
 * templates give the project as a `projectKey` query, labels as one text, and summaries with line breaks; Jira
 * refuses all three as they are, so they are reshaped here.
 */
import { type Static, Type } from '@sinclair/typebox';
import { ConnectorInputError } from '../validate-inputs.js';

const Reference = (what: string) =>
  Type.Optional(
    Type.Object(
      {
        id: Type.Optional(Type.Union([Type.String(), Type.Integer()], { description: `The ${what}'s id.` })),
        key: Type.Optional(Type.String({ description: `The ${what}'s key.` })),
        name: Type.Optional(Type.String({ description: `The ${what}'s name.` })),
      },
      { description: `The ${what}, by id, key or name.` },
    ),
  );

export const CreateIssueInputs = Type.Object(
  {
    fields: Type.Object(
      {
        project: Reference('project (or give the projectKey query)'),
        issuetype: Reference('issue type (or give the issueTypeIds query)'),
        summary: Type.String({
          minLength: 1,
          description: 'The issue title; line breaks become spaces and it is cut to 255 characters, as Jira requires.',
        }),
        description: Type.Optional(Type.String({ description: 'The issue description, plain text or Jira wiki markup.' })),
        priority: Reference('priority'),
        labels: Type.Optional(
          Type.Union([Type.Array(Type.String()), Type.String()], {
            description: 'Labels; a single text is split at commas and spaces (a Jira label holds no spaces).',
          }),
        ),
      },
      { description: 'Issue fields as Jira names them; custom fields (customfield_10010, …) may be set too.' },
    ),
  },
  { description: 'A Jira issue to create.' },
);
export type CreateIssueInputs = Static<typeof CreateIssueInputs>;

const MAX_SUMMARY = 255;

function summaryOf(summary: string): string {
  const line = summary.replace(/\s*[\r\n]+\s*/g, ' ').trim();
  return line.length <= MAX_SUMMARY ? line : `${line.slice(0, MAX_SUMMARY - 1)}…`;
}

function labelsOf(labels: string | readonly string[]): string[] {
  const list = typeof labels === 'string' ? labels.split(/[\s,]+/) : labels;
  return list.filter((label) => label !== '');
}

type Reference = { id?: string | number; key?: string; name?: string };

function referenceOf(given: Reference | undefined, fromQuery: Reference | undefined, missing: string): Reference {
  const reference = given ?? fromQuery;
  if (reference === undefined || (reference.id === undefined && reference.key === undefined && reference.name === undefined)) {
    throw new ConnectorInputError(missing);
  }
  return reference.id === undefined ? reference : { ...reference, id: String(reference.id) };
}

/** Jira REST v2 `fields` from either shape. */
export function issueFields(inputs: CreateIssueInputs, queries: Readonly<Record<string, string>>): Record<string, unknown> {
  const { project, issuetype, summary, labels, ...rest } = inputs.fields;
  const projectKey = queries['projectKey']?.trim();
  // issueTypeIds may list several; the first is the one to create.
  const issueTypeId = queries['issueTypeIds']?.split(',')[0]?.trim();
  return {
    ...rest,
    project: referenceOf(project, projectKey ? { key: projectKey } : undefined, "Jira needs a project: set 'body.fields.project.key' or the 'projectKey' query."),
    issuetype: referenceOf(
      issuetype,
      issueTypeId ? { id: issueTypeId } : undefined,
      "Jira needs an issue type: set 'body.fields.issuetype' (id or name) or the 'issueTypeIds' query.",
    ),
    summary: summaryOf(summary),
    ...(labels === undefined ? {} : { labels: labelsOf(labels) }),
  };
}
