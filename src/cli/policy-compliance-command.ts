/**
 * `riposte policy compliance`: the latest state of each subscription under each assignment at a scope, as a table
 * with a one-line summary (or the records as JSON). Exit 0 whatever the states are: NonCompliant is an answer.
 */
import { parseAssignmentId } from '../services/policy-scope.js';
import { type ApiOptions, type Output, connection } from './api-client.js';
import { listAll } from './api-list.js';
import { CliInputError } from './json-file.js';
import { ROOT_GROUP, policyScopeOption } from './policy-scope-option.js';
import { ExitCode } from './run-command.js';

const STATES = '/providers/Microsoft.PolicyInsights/policyStates/latest/queryResults';

export interface ComplianceOptions extends ApiOptions {
  readonly scope?: string;
  readonly assignment?: string;
  readonly json?: boolean;
}

interface StateRecord {
  readonly subscriptionId: string;
  readonly policyAssignmentName: string;
  readonly complianceState: string;
  readonly complianceReason?: string;
}

const quoted = (value: string) => `'${value.replaceAll("'", "''")}'`;

/** The query path: an assignment given by name is looked up at the scope; one given by id may sit above it. */
function statesPath(scopePath: string, assignment: string | undefined): string {
  if (assignment === undefined) return `/api${scopePath}${STATES}`;
  if (!assignment.includes('/')) return `/api${scopePath}/providers/Microsoft.Authorization/policyAssignments/${encodeURIComponent(assignment)}${STATES}`;
  if (parseAssignmentId(assignment) === undefined) {
    throw new CliInputError(`--assignment '${assignment}' is neither an assignment name nor an id '{scope}/providers/Microsoft.Authorization/policyAssignments/{name}'.`);
  }
  return `/api${scopePath}${STATES}?$filter=${encodeURIComponent(`policyAssignmentId eq ${quoted(assignment.trim())}`)}`;
}

/** Columns padded to their widest cell; the last one (the reason) left as it is. */
export function table(rows: readonly (readonly string[])[]): string[] {
  const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length))) ?? [];
  return rows.map((row) => row.map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column] ?? 0))).join('  ').trimEnd());
}

export function complianceReport(records: readonly StateRecord[], scope: string): string[] {
  const compliant = records.filter((record) => record.complianceState.toLowerCase() === 'compliant').length;
  const summary = `${compliant} of ${records.length} compliant at ${scope}.`;
  if (records.length === 0) return [`No assignment applies to a subscription at ${scope}.`, summary];
  const rows = records.map((record) => [record.subscriptionId, record.policyAssignmentName, record.complianceState, record.complianceReason ?? '']);
  return [...table([['SUBSCRIPTION', 'ASSIGNMENT', 'STATE', 'REASON'], ...rows]), '', summary];
}

export async function showCompliance(options: ComplianceOptions, output: Output, env: NodeJS.ProcessEnv): Promise<number> {
  if (options.assignment !== undefined && !options.assignment.includes('/') && options.scope === undefined) {
    throw new CliInputError(`--assignment '${options.assignment}' is a name: give the --scope it is assigned at, or the assignment's id.`);
  }
  const { scope, path } = policyScopeOption(options.scope ?? ROOT_GROUP);
  const first = statesPath(path, options.assignment);
  connection(options, env);
  const records = (await listAll(options, env, first)) as StateRecord[];
  if (options.json === true) output.out(JSON.stringify({ value: records }, null, 2));
  else for (const line of complianceReport(records, scope)) output.out(line);
  return ExitCode.Succeeded;
}
