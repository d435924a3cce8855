/** What workflows send to the ServiceNow Table API operations, and the path and query parts they may carry. */
import { Type } from '@sinclair/typebox';
import { ConnectorInputError } from '../validate-inputs.js';

const fieldValue = (description: string) =>
  Type.Optional(Type.Union([Type.String(), Type.Number(), Type.Boolean(), Type.Null()], { description }));

export const RecordInputs = Type.Object(
  {
    short_description: fieldValue('One-line summary.'),
    description: fieldValue('Full description.'),
    urgency: fieldValue('1 (High), 2 (Medium) or 3 (Low).'),
    impact: fieldValue('1 (High), 2 (Medium) or 3 (Low).'),
    category: fieldValue('Category, e.g. security.'),
    caller_id: fieldValue('Caller: a user sys_id, or a name with sysparm_input_display_value=true.'),
    assignment_group: fieldValue('Assignment group: sys_id or name.'),
    assigned_to: fieldValue('Assignee: sys_id or name.'),
    state: fieldValue('State value, e.g. 1 (New).'),
    work_notes: fieldValue('A work note to add.'),
    comments: fieldValue('A comment to add.'),
  },
  { description: "The record's field values by column name; any column of the table may be set, not only those listed." },
);

export const NoInputs = Type.Unknown({ description: 'No body: the record is named by the path.' });

// Table names and sys_ids are plain words; anything else could walk the URL to another API (`..`, `/`).
const TABLE_NAME = /^[A-Za-z0-9_]+$/;
const SYS_ID = /^[A-Za-z0-9]+$/;

export function tableName(pathParameters: Readonly<Record<string, string>>): string {
  const table = pathParameters['tableType'] ?? '';
  if (!TABLE_NAME.test(table)) {
    throw new ConnectorInputError(`The table name '${table}' is not valid; use a table's name, such as incident or change_request.`);
  }
  return table;
}

export function sysId(pathParameters: Readonly<Record<string, string>>): string {
  const id = pathParameters['sysId'] ?? '';
  if (!SYS_ID.test(id)) throw new ConnectorInputError(`The record id '${id}' is not a sys_id (32 letters and digits).`);
  return id;
}

/** Table API query options a workflow may pass on; Logic Apps renders booleans as "True", ServiceNow wants "true". */
const PASSED_QUERIES = new Set([
  'sysparm_display_value',
  'sysparm_exclude_reference_link',
  'sysparm_fields',
  'sysparm_input_display_value',
  'sysparm_suppress_auto_sys_field',
  'sysparm_view',
]);

export function tableQuery(queries: Readonly<Record<string, string>>): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(queries)) {
    if (!PASSED_QUERIES.has(name)) continue;
    search.set(name, /^(true|false)$/i.test(value) ? value.toLowerCase() : value);
  }
  const text = search.toString();
  return text === '' ? '' : `?${text}`;
}
