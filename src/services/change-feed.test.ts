import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LocalNotifications } from '../store/notifications.js';
import { ChangeFeed, type ChangeTopic } from './change-feed.js';

/** In-process signals whose connection can be "lost and re-established", as PostgreSQL's can. */
class ReconnectingNotifications extends LocalNotifications {
  private readonly reconnected: (() => void)[] = [];
  override onReconnect(handler: () => void): void {
    this.reconnected.push(handler);
  }
  reconnect(): void {
    for (const handler of this.reconnected) handler();
  }
}

const turn = () => new Promise((resolve) => setImmediate(resolve));

describe('ChangeFeed', () => {
  it("delivers another process's changes and never a process's own", async () => {
    const notifications = new LocalNotifications();
    const first = new ChangeFeed(notifications);
    const second = new ChangeFeed(notifications);
    const seenByFirst: ChangeTopic[] = [];
    const seenBySecond: ChangeTopic[] = [];
    first.onRemoteChange((topic) => seenByFirst.push(topic));
    second.onRemoteChange((topic) => seenBySecond.push(topic));
    first.changed('automations');
    first.changed('workflow:/subscriptions/s/resourcegroups/r/providers/microsoft.logic/workflows/w');
    second.changed('access');
    await turn();
    assert.deepEqual(seenByFirst, ['access']);
    assert.deepEqual(seenBySecond, ['automations', 'workflow:/subscriptions/s/resourcegroups/r/providers/microsoft.logic/workflows/w']);
  });

  it('after a lost connection, reports every topic, since changes may have been missed', () => {
    const notifications = new ReconnectingNotifications();
    const seen: ChangeTopic[] = [];
    new ChangeFeed(notifications).onRemoteChange((topic) => seen.push(topic));
    notifications.reconnect();
    assert.deepEqual(seen.sort(), ['access', 'automations', 'hierarchy', 'workflows']);
  });
});
