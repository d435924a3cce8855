import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type LiveEvent, LiveEvents } from './live-events.js';

const run = (status: string): LiveEvent => ({ kind: 'run', data: { id: `/w/runs/${status}`, workflowId: '/w', status, startTime: null, endTime: null } });

describe('live events', () => {
  test('reach every subscriber in order, waiting readers included', async () => {
    const live = new LiveEvents();
    const first = live.subscribe();
    const second = live.subscribe();
    const waiting = first.next();
    live.publish(run('Running'));
    live.publish(run('Succeeded'));
    assert.equal((await waiting)?.kind, 'run');
    assert.deepEqual([(await first.next())?.data], [run('Succeeded').data]);
    assert.deepEqual([(await second.next())?.data, (await second.next())?.data], [run('Running').data, run('Succeeded').data]);
  });

  test('keep at most the limit per subscriber, dropping the oldest', async () => {
    const live = new LiveEvents();
    const slow = live.subscribe(3);
    for (const status of ['a', 'b', 'c', 'd', 'e']) live.publish(run(status));
    assert.equal(slow.dropped, 2);
    const seen: string[] = [];
    for (let index = 0; index < 3; index++) {
      const event = await slow.next();
      if (event?.kind === 'run') seen.push(event.data.status);
    }
    assert.deepEqual(seen, ['c', 'd', 'e']);
  });

  test('closing ends the iteration and detaches the subscriber', async () => {
    const live = new LiveEvents();
    const subscription = live.subscribe();
    assert.ok(live.listening);
    const seen: LiveEvent[] = [];
    const reading = (async () => {
      for await (const event of subscription) seen.push(event);
    })();
    live.publish(run('Running'));
    await new Promise((resolve) => setImmediate(resolve));
    subscription.close();
    await reading;
    assert.equal(seen.length, 1);
    assert.ok(!live.listening);
    live.publish(run('Succeeded'));
    assert.equal(await subscription.next(), undefined);
  });
});
