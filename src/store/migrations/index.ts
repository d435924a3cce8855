import { type Kysely, type Migration, type MigrationProvider, Migrator } from 'kysely';
import { initialMigration } from './0001-initial.js';
import { connectionsMigration } from './0002-connections.js';
import { accessControlMigration } from './0003-access-control.js';
import { alertKeysMigration } from './0004-alert-keys.js';
import { policyMigration } from './0005-policy.js';
import { tokenSessionsMigration } from './0006-token-sessions.js';
import { runTimersMigration } from './0007-run-timers.js';
import { runEventIndexMigration } from './0008-run-event-index.js';
import { eventIdLookupMigration } from './0009-event-id-lookup.js';
import { postgresClaimFunctionMigration } from './0010-postgres-claim-function.js';

/** Migrations are code, listed here in order; the same list runs on SQLite and PostgreSQL (0010 does nothing on SQLite). */
const migrations: Record<string, Migration> = {
  '0001-initial': initialMigration,
  '0002-connections': connectionsMigration,
  '0003-access-control': accessControlMigration,
  '0004-alert-keys': alertKeysMigration,
  '0005-policy': policyMigration,
  '0006-token-sessions': tokenSessionsMigration,
  '0007-run-timers': runTimersMigration,
  '0008-run-event-index': runEventIndexMigration,
  '0009-event-id-lookup': eventIdLookupMigration,
  '0010-postgres-claim-function': postgresClaimFunctionMigration,
};

const provider: MigrationProvider = { getMigrations: () => Promise.resolve(migrations) };

export async function migrateToLatest(db: Kysely<unknown>): Promise<void> {
  const { error, results } = await new Migrator({ db, provider }).migrateToLatest();
  const failed = results?.find((result) => result.status === 'Error');
  if (error !== undefined || failed !== undefined) {
    const reason = error instanceof Error ? error.message : String(error ?? 'unknown error');
    throw new Error(`Database migration ${failed?.migrationName ?? ''} failed: ${reason}`, { cause: error });
  }
}
