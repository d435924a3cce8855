import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import pg from 'pg';
import { type TestDatabase, createTestDatabase, postgresServerUrl, postgresSkipReason } from '../../test/support/test-database.js';
import { openPostgres } from './open-postgres.js';
import { namePreparedStatements, prepareOnPostgres } from './prepared-statements.js';
import { runStatement } from './raw-statements.js';

/** Marked first, before a test below marks more texts than a process names. */
const COUNT_RUNS = prepareOnPostgres('select count(*) as runs from runs where status = $1');

describe('named prepared statements on PostgreSQL', { ...(postgresSkipReason === undefined ? {} : { skip: postgresSkipReason }) }, () => {
  let client: pg.Client;

  before(async () => {
    client = new pg.Client({ connectionString: postgresServerUrl() });
    await client.connect();
    namePreparedStatements(client);
  });
  after(() => client.end());

  /** The statements this session has prepared under a name. */
  const preparedTexts = async () => (await client.query<{ statement: string }>({ text: 'select statement from pg_prepared_statements' })).rows.map((row) => row.statement);

  it('runs a marked text under its name, prepared once on the connection, with the values of each call', async () => {
    const text = prepareOnPostgres('select $1::int + 1 as next');
    assert.equal((await client.query(text, [1])).rows[0].next, 2);
    assert.equal((await client.query(text, [41])).rows[0].next, 42);
    assert.deepEqual((await preparedTexts()).filter((statement) => statement === text), [text]);
  });

  it('prepares a marked text again after its first preparation failed (in an aborted transaction)', async () => {
    const text = prepareOnPostgres('select $1::int - 1 as previous');
    await client.query('begin');
    await assert.rejects(client.query('select 1 / 0'), /division by zero/);
    await assert.rejects(client.query(text, [1]), /current transaction is aborted/);
    await client.query('rollback');
    assert.equal((await client.query(text, [43])).rows[0].previous, 42);
  });

  it('runs an unmarked text unnamed, and leaves callbacks and query objects as they were', async () => {
    const text = 'select $1::int * 2 as twice';
    assert.equal((await client.query(text, [21])).rows[0].twice, 42);
    const viaCallback = await new Promise((resolve, reject) =>
      client.query(prepareOnPostgres('select $1::text as echoed'), ['hi'], (error: Error | undefined, result: pg.QueryResult) => (error ? reject(error) : resolve(result.rows[0].echoed))),
    );
    assert.equal(viaCallback, 'hi');
    assert.equal(!(await preparedTexts()).includes(text), true);
  });

  it('runs a text with more parameters than all named texts may have unnamed', async () => {
    const values = Array.from({ length: 20_001 }, (_, index) => index);
    const text = prepareOnPostgres(`select array_length(array[${values.map((_, index) => `$${index + 1}::int`).join(', ')}], 1) as count`);
    assert.equal((await client.query(text, values)).rows[0].count, 20_001);
    assert.equal((await preparedTexts()).includes(text), false);
  });

  it('names only the first texts a process marks, and runs the rest unnamed', async () => {
    const texts = Array.from({ length: 300 }, (_, index) => prepareOnPostgres(`select ${index} + $1::int as total`));
    assert.equal((await client.query(texts[0] as string, [1])).rows[0].total, 1);
    assert.equal((await client.query(texts[299] as string, [1])).rows[0].total, 300);
    const prepared = await preparedTexts();
    assert.equal(prepared.includes(texts[0] as string), true);
    assert.equal(prepared.includes(texts[299] as string), false);
  });
});

describe('openPostgres and prepared statements', { ...(postgresSkipReason === undefined ? {} : { skip: postgresSkipReason }) }, () => {
  let database: TestDatabase;
  before(async () => {
    database = await createTestDatabase();
  });
  after(() => database.drop());

  /** Whether a marked statement run through a pooled connection of `openPostgres` is prepared on that connection. */
  async function preparesMarkedText(preparedStatements?: boolean): Promise<boolean> {
    const opened = await openPostgres(database.url, preparedStatements === undefined ? {} : { preparedStatements });
    try {
      return await opened.db.connection().execute(async (connection) => {
        assert.deepEqual(await runStatement(connection, COUNT_RUNS, ['Queued']), [{ runs: 0 }]);
        const { rows } = await sql<{ statement: string }>`select statement from pg_prepared_statements`.execute(connection);
        return rows.some((row) => row.statement === COUNT_RUNS);
      });
    } finally {
      await opened.close();
    }
  }

  it('names marked statements on its pooled connections by default', async () => {
    assert.equal(await preparesMarkedText(), true);
  });

  it('runs them unnamed when prepared statements are turned off (for a pooler that cannot keep them)', async () => {
    assert.equal(await preparesMarkedText(false), false);
  });
});
