import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parsePrometheusText } from '../../test/support/prometheus-text.js';
import { Metrics, type MetricsOptions } from './metrics.js';
import type { QueueStats } from './queue-stats.js';

const NOW = Date.parse('2024-06-30T12:00:00Z');

function metrics(queueStats: () => Promise<QueueStats> = async () => ({ queued: 0, running: 0 }), extra: Partial<MetricsOptions> = {}) {
  return new Metrics({ version: '9.8.7', database: 'sqlite', queueStats, nowMs: () => NOW, ...extra });
}
const scrape = async (m: Metrics) => parsePrometheusText(await m.render());

describe('metrics', () => {
  test('counts accepted and rejected events by kind and code', async () => {
    const m = metrics();
    m.eventsAccepted('Alert', 3);
    m.eventsAccepted('Alert', 2);
    m.eventsAccepted('Assessment', 1);
    m.eventsAccepted('SubAssessment', 0);
    m.eventsRejected('Alert', 'InvalidEvent', 2);
    m.eventsRejected(undefined, 'UnknownEventType', 1);
    const text = await scrape(m);
    assert.equal(text.types.get('riposte_events_accepted_total'), 'counter');
    assert.equal(text.value('riposte_events_accepted_total', { kind: 'Alert' }), 5);
    assert.equal(text.value('riposte_events_accepted_total', { kind: 'Assessment' }), 1);
    assert.equal(text.value('riposte_events_accepted_total', { kind: 'SubAssessment' }), undefined, 'nothing counted for zero');
    assert.equal(text.value('riposte_events_rejected_total', { kind: 'Alert', code: 'InvalidEvent' }), 2);
    assert.equal(text.value('riposte_events_rejected_total', { code: 'UnknownEventType' }), 1);
  });

  test('records what the dispatcher reports', async () => {
    const m = metrics();
    m.actionFinished('Http', 'Succeeded', 120);
    m.actionFinished('Http', 'Succeeded', 3_000);
    m.actionFinished('Compose', 'Failed', 1);
    m.runFinished('Succeeded');
    m.runFinished('Succeeded');
    m.runFinished('Failed');
    m.leaseTakeovers(2);
    m.leaseTakeovers(0);
    m.runsClaimed(5);
    m.runsStartedAtOnce(2);
    const text = await scrape(m);
    assert.equal(text.types.get('riposte_action_duration_seconds'), 'histogram');
    assert.equal(text.value('riposte_action_duration_seconds_count', { type: 'Http', status: 'Succeeded' }), 2);
    assert.equal(text.value('riposte_action_duration_seconds_sum', { type: 'Http', status: 'Succeeded' }), 3.12);
    assert.equal(text.value('riposte_action_duration_seconds_bucket', { type: 'Http', status: 'Succeeded', le: '0.25' }), 1);
    assert.equal(text.value('riposte_action_duration_seconds_bucket', { type: 'Http', status: 'Succeeded', le: '5' }), 2);
    assert.equal(text.value('riposte_action_duration_seconds_count', { type: 'Compose', status: 'Failed' }), 1);
    assert.equal(text.value('riposte_runs_finished_total', { status: 'Succeeded' }), 2);
    assert.equal(text.value('riposte_runs_finished_total', { status: 'Failed' }), 1);
    assert.equal(text.value('riposte_lease_takeovers_total'), 2);
    assert.equal(text.value('riposte_run_claims_total'), 7);
    assert.equal(text.value('riposte_runs_started_at_once_total'), 2);
  });

  test('folds label values past a bound into "other"', async () => {
    const m = metrics();
    for (let i = 0; i < 100; i++) m.actionFinished(`Type${i}`, 'Succeeded', 1);
    const text = await scrape(m);
    const types = new Set(text.samples.filter((s) => s.name === 'riposte_action_duration_seconds_count').map((s) => s.labels['type']));
    assert.equal(types.size, 65);
    assert.equal(text.value('riposte_action_duration_seconds_count', { type: 'other', status: 'Succeeded' }), 36);
  });

  test('reads the queue from the database once per scrape', async () => {
    let reads = 0;
    const m = metrics(async () => (reads++, { queued: 4, running: 2, oldestQueuedAt: '2024-06-30T11:59:30.0000000Z' }));
    const text = await scrape(m);
    assert.equal(reads, 1);
    assert.equal(text.value('riposte_runs', { status: 'Queued' }), 4);
    assert.equal(text.value('riposte_runs', { status: 'Running' }), 2);
    assert.equal(text.value('riposte_queue_depth'), 4);
    assert.equal(text.value('riposte_queue_oldest_age_seconds'), 30);
    await scrape(m);
    assert.equal(reads, 2, 'a later scrape reads afresh');
  });

  test('the oldest age is 0 when nothing waits', async () => {
    const text = await scrape(metrics(async () => ({ queued: 0, running: 1 })));
    assert.equal(text.value('riposte_queue_depth'), 0);
    assert.equal(text.value('riposte_queue_oldest_age_seconds'), 0);
  });

  test('a database that fails or does not answer shows NaN, and the rest of the scrape still comes', async () => {
    for (const queueStats of [() => Promise.reject(new Error('connect ECONNREFUSED postgres://u:secret@db')), () => new Promise<QueueStats>(() => undefined)]) {
      const m = metrics(queueStats, { queueStatsTimeoutMs: 20 });
      m.runFinished('Succeeded');
      const body = await m.render();
      assert.doesNotMatch(body, /secret/);
      const text = parsePrometheusText(body);
      assert.ok(Number.isNaN(text.value('riposte_queue_depth')));
      assert.ok(Number.isNaN(text.value('riposte_runs', { status: 'Queued' })));
      assert.equal(text.value('riposte_runs_finished_total', { status: 'Succeeded' }), 1);
    }
  });

  test('says which version runs on which database, and shows the process metrics with the riposte_ prefix', async () => {
    const text = await scrape(metrics(undefined, { database: 'postgres' }));
    assert.equal(text.value('riposte_info', { version: '9.8.7', database: 'postgres' }), 1);
    assert.ok(text.value('riposte_process_cpu_user_seconds_total') !== undefined);
    assert.ok(text.samples.some((sample) => sample.name === 'riposte_nodejs_heap_size_used_bytes'));
    assert.ok(!text.samples.some((sample) => sample.name.startsWith('process_') || sample.name.startsWith('nodejs_')));
  });

  test('each instance counts on its own', async () => {
    const a = metrics();
    const b = metrics();
    a.runFinished('Succeeded');
    assert.equal((await scrape(a)).value('riposte_runs_finished_total', { status: 'Succeeded' }), 1);
    assert.equal((await scrape(b)).value('riposte_runs_finished_total', { status: 'Succeeded' }), undefined);
    assert.match(a.contentType, /^text\/plain; version=0\.0\.4/);
  });
});
