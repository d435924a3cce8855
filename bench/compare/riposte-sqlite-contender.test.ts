/**
 * Riposte (run from source) does the bench's job, whether the automation's rule or the workflow tests the
 * severity: a High alert reaches the sink with its send time, a Low one does not.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { request } from 'undici';
import { benchAlert } from './bench-alert.js';
import { nowUs, sleep } from './clock.js';
import type { RunningContender } from './contender.js';
import type { SinkArrival } from './delivery-stats.js';
import type { SeverityTest } from './riposte-resources.js';
import { riposteSqliteContender } from './riposte-sqlite-contender.js';
import { type Sink, startSink } from './sink.js';

for (const severityTest of ['automation-rule', 'workflow-if'] as const satisfies readonly SeverityTest[]) {
  describe(`Riposte on SQLite as a contender, the severity tested by the ${severityTest === 'automation-rule' ? "automation's rule" : "workflow's If"}`, () => {
    let sink: Sink;
    let riposte: RunningContender;
    before(async () => {
      sink = await startSink();
      riposte = await riposteSqliteContender(severityTest).start(sink.url);
    });
    after(async () => {
      await riposte?.stop();
      await sink?.stop();
    });

    async function post(alert: Record<string, unknown>): Promise<number> {
      const { target } = riposte;
      const response = await request(`${target.origin}${target.path}`, { method: 'POST', headers: target.headers, body: target.encode(alert) });
      await response.body.dump();
      return response.statusCode;
    }

    it('forwards the High alert, body and send time included, and not the Low one', async () => {
      const sentAtUs = nowUs();
      assert.equal(await post(benchAlert('riposte-low', 'Low', sentAtUs)), 202);
      assert.equal(await post(benchAlert('riposte-high', 'High', sentAtUs)), 202);
      const arrivals: SinkArrival[] = [];
      const deadline = performance.now() + 20_000;
      while (!arrivals.some((arrival) => arrival.id === 'riposte-high') && performance.now() < deadline) {
        await sleep(100);
        arrivals.push(...(await sink.drain()).arrivals);
      }
      // The Low alert was posted first; half a second more gives its run time to post, were it wrongly to.
      await sleep(500);
      const { arrivals: late, malformed } = await sink.drain();
      arrivals.push(...late);
      assert.deepEqual(
        arrivals.map((arrival) => [arrival.id, arrival.severity, arrival.sentAtUs]),
        [['riposte-high', 'High', sentAtUs]],
      );
      assert.equal(malformed, 0);
      assert.ok(riposte.pids.length === 1 && riposte.pids[0] !== process.pid);
    });
  });
}
