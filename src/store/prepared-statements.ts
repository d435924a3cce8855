/**
 * PostgreSQL: the hot path's statements as named prepared statements. An unnamed statement is parsed, analysed and
 * planned on every call; under load that was a quarter of PostgreSQL's CPU. A named one is parsed once per
 * connection, and after a few calls PostgreSQL keeps its plan too. The client sends only the values afterwards.
 */
import type pg from 'pg';

/** Named texts a process keeps at most: each is prepared (and its plan kept) on every connection that runs it. */
const MAX_NAMED_TEXTS = 256;

const names = new Map<string, string>();

/**
 * Marks `text` to run as a named prepared statement on PostgreSQL, and answers it. Only the first texts marked get
 * a name: past the bound they run unnamed, so a process cannot fill a connection's memory with plans.
 */
export function prepareOnPostgres(text: string): string {
  if (!names.has(text) && names.size < MAX_NAMED_TEXTS) names.set(text, `riposte_${names.size + 1}`);
  return text;
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
