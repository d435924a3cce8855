/**
 * The hot path's statements (accepting events, queueing runs, writing journals and statuses) as SQL text built
 * once per shape, instead of a Kysely query built and compiled on every call: building was a fifth of the
 * server's CPU under load. The text is the same on both databases except for its parameter markers, and the
 * same text is a cached prepared statement on SQLite (see open-sqlite.ts).
 */
import { CompiledQuery, type Kysely, PostgresAdapter } from 'kysely';
import type { Database } from './database-schema.js';
import { prepareOnPostgres } from './prepared-statements.js';

export type SqlDialect = 'sqlite' | 'postgres';

/** The dialect a connection (or transaction) speaks. */
export function dialectOf(db: Kysely<Database>): SqlDialect {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}

const MAX_CACHED_TEXTS = 1_000;

/** Shapes of at most this many rows (in each VALUES list) run as prepared statements on PostgreSQL. */
const PREPARED_ROWS = 32;

/**
 * Builds statement texts on first use and keeps them: a statement's text depends only on its shape (dialect, row
 * counts), and hot-path shapes are few (row counts are bounded by the batch sizes).
 */
export class StatementTexts {
  private readonly texts = new Map<string, string>();

  constructor(private readonly build: (dialect: SqlDialect, ...rows: number[]) => string) {}

  /** The text for these row counts (of each VALUES list the statement has, in order). */
  text(dialect: SqlDialect, ...rows: number[]): string {
    const key = `${dialect}:${rows.join(',')}`;
    let text = this.texts.get(key);
    if (text === undefined) {
      // Statements with two VALUES lists have many shapes: the cache starts over rather than grow without bound.
      if (this.texts.size >= MAX_CACHED_TEXTS) this.texts.clear();
      text = this.build(dialect, ...rows);
      // Batches under load are small: their shapes are the ones worth a prepared statement.
      if (dialect === 'postgres' && rows.every((count) => count <= PREPARED_ROWS)) prepareOnPostgres(text);
      this.texts.set(key, text);
    }
    return text;
  }
}

/** The n-th (from 1) parameter marker. */
export function marker(dialect: SqlDialect, n: number): string {
  return dialect === 'postgres' ? `$${n}` : '?';
}

/** The markers of `count` parameters from the `first`-th: `?, ?, ?` or `$4, $5, $6`. */
export function markers(dialect: SqlDialect, count: number, first = 1): string {
  return Array.from({ length: count }, (_, i) => marker(dialect, first + i)).join(', ');
}

/** The rows of a multi-row VALUES list: `(?, ?), (?, ?)` or `($1, $2), ($3, $4)`, its markers from the `first`-th. */
export function valueRows(dialect: SqlDialect, rows: number, columns: number, first = 1): string {
  return Array.from({ length: rows }, (_, row) => `(${markers(dialect, columns, first + row * columns)})`).join(', ');
}

/** Runs a statement built here; answers its rows (those of RETURNING, or none). */
export async function runStatement<Row>(db: Kysely<Database>, text: string, parameters: readonly unknown[]): Promise<Row[]> {
  return (await db.executeQuery<Row>(CompiledQuery.raw(text, [...parameters]))).rows;
}

/** The values of `rows`, row by row in `columns` order: the parameters of a VALUES list. */
export function rowParameters<Row>(rows: readonly Row[], columns: readonly (keyof Row)[]): unknown[] {
  const parameters: unknown[] = [];
  for (const row of rows) for (const column of columns) parameters.push(row[column]);
  return parameters;
}

/** Rows per multi-row statement: at 16 columns a row, well inside SQLite's and PostgreSQL's parameter limits. */
export const ROWS_PER_STATEMENT = 500;

/**
 * Runs a multi-row statement (whose text takes the row count) over `rows`, their values in `columns` order, in
 * as many statements as the parameter limits need; answers the rows all of them returned.
 */
export async function runForRows<Row, Returned = never>(
  db: Kysely<Database>,
  texts: StatementTexts,
  rows: readonly Row[],
  columns: readonly (keyof Row)[],
): Promise<Returned[]> {
  const dialect = dialectOf(db);
  const returned: Returned[] = [];
  for (let start = 0; start < rows.length; start += ROWS_PER_STATEMENT) {
    const chunk = rows.slice(start, start + ROWS_PER_STATEMENT);
    returned.push(...(await runStatement<Returned>(db, texts.text(dialect, chunk.length), rowParameters(chunk, columns))));
  }
  return returned;
}
