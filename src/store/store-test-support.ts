/** For the store's own tests: a temporary embedded database, and principals as the simplest rows to write. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';
import { type OpenedDatabase, openSqlite } from './open-sqlite.js';

export const principalRow = (id: string) => ({
  id,
  name: id,
  role: 'None',
  type: 'ServicePrincipal' as const,
  password_hash: null,
  created_at: '2026-01-01T00:00:00.000Z',
});

/** Opens a database in a temporary directory before the suite's tests and removes it after them. */
export function temporaryDatabase(): {
  readonly database: OpenedDatabase;
  /** The database file, for a second connection (another process's, in effect). */
  readonly file: string;
  storedPrincipals(prefix: string): Promise<string[]>;
} {
  let dir = '';
  let opened: OpenedDatabase | undefined;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'riposte-store-'));
    opened = await openSqlite(dir);
  });
  after(async () => {
    await opened?.close();
    await rm(dir, { recursive: true, force: true });
  });
  const current = () => {
    if (opened === undefined) throw new Error('the database opens before the first test');
    return opened;
  };
  return {
    get database() {
      return current();
    },
    get file() {
      current();
      return join(dir, 'riposte.db');
    },
    async storedPrincipals(prefix) {
      const rows = await current().db.selectFrom('principals').select('id').where('id', 'like', `${prefix}%`).orderBy('id').execute();
      return rows.map((row) => row.id);
    },
  };
}
