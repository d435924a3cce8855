/**
 * PostgreSQL: the hot path's statements as named prepared statements. An unnamed statement is parsed, analysed and
 * planned on every call; under load that was a quarter of PostgreSQL's CPU. A named one is parsed once per
 * connection, and after a few calls PostgreSQL keeps its plan too. The client sends only the values afterwards.
 */
import type pg from 'pg';

/** Named texts a process keeps at most. */
const MAX_NAMED_TEXTS = 256;

/**
 * Parameters the named texts of a process may have in all. Every connection that runs a named text keeps its parsed
 * form and plan: about 400 bytes a parameter for the batch statements (measured on PostgreSQL 15), so at most about
 * 8 MiB a connection. (Half this budget, or batches of up to 16 rows only, measured slower under load.)
 */
const NAMED_PARAMETER_BUDGET = 20_000;

const names = new Map<string, string>();
let parametersLeft = NAMED_PARAMETER_BUDGET;

/**
 * Marks `text` to run as a named prepared statement on PostgreSQL, and answers it. Only the first texts marked get
 * a name, while the bounds allow: past them texts run unnamed, so a process cannot fill a connection's memory with
 * plans.
 */
export function prepareOnPostgres(text: string): string {
  if (names.has(text) || names.size >= MAX_NAMED_TEXTS) return text;
  const parameters = Math.max(1, highestMarker(text));
  if (parameters > parametersLeft) return text;
  parametersLeft -= parameters;
  names.set(text, `riposte_${names.size + 1}`);
  return text;
}

/** The highest `$n` in a statement: its parameter count. */
function highestMarker(text: string): number {
  let highest = 0;
  for (const match of text.matchAll(/\$(\d+)/g)) highest = Math.max(highest, Number(match[1]));
  return highest;
}

/** Runs the marked texts through `client` under their names (pg prepares a name once per connection). */
export function namePreparedStatements(client: pg.ClientBase): void {
  const query = client.query.bind(client) as (config: unknown, values?: unknown) => unknown;
  (client as { query: unknown }).query = (config: unknown, values?: unknown, callback?: unknown) => {
    const name = typeof config === 'string' ? names.get(config) : undefined;
    if (name === undefined || typeof values === 'function' || callback !== undefined) return (query as (...args: unknown[]) => unknown)(config, values, callback);
    return query({ name, text: config, values });
  };
}
