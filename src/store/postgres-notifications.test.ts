import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { Channel } from './notifications.js';
import { PostgresNotifications } from './postgres-notifications.js';

const url = process.env['RIPOSTE_TEST_POSTGRES_URL'];

async function eventually(check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('PostgresNotifications', { skip: url ? undefined : 'RIPOSTE_TEST_POSTGRES_URL is not set: no PostgreSQL server to test against' }, () => {
  let sender: PostgresNotifications;
  let receiver: PostgresNotifications;
  let admin: pg.Client;
  before(async () => {
    sender = new PostgresNotifications(url as string);
    receiver = new PostgresNotifications(url as string);
    admin = new pg.Client({ connectionString: url });
    await admin.connect();
  });
  after(async () => {
    await sender.close();
    await receiver.close();
    await admin.end();
  });

  it('delivers signals between connections, coalescing repeats, and recovers a lost connection, telling its listeners', async () => {
    const received: string[] = [];
    let reconnects = 0;
    receiver.subscribe(Channel.CancelRun, (payload) => received.push(payload));
    receiver.onReconnect(() => reconnects++);
    // The listener connects in the background: send until one arrives.
    await eventually(() => {
      sender.publish(Channel.CancelRun, 'probe');
      return received.includes('probe');
    });
    received.length = 0;
    sender.publish(Channel.CancelRun, 'run-1');
    sender.publish(Channel.CancelRun, 'run-1');
    sender.publish(Channel.CancelRun, 'run-2');
    await eventually(() => received.includes('run-2'));
    // (Probes still on their way may arrive too.)
    assert.deepEqual(received.filter((payload) => payload !== 'probe'), ['run-1', 'run-2']);

    // Every listening connection is cut, as a database restart or a network failure would.
    await admin.query("select pg_terminate_backend(pid) from pg_stat_activity where application_name = 'riposte-notifications' and query like 'listen%' and pid <> pg_backend_pid()");
    await eventually(() => reconnects > 0);
    received.length = 0;
    await eventually(() => {
      sender.publish(Channel.CancelRun, 'run-3');
      return received.includes('run-3');
    });
  });
});
