/**
 * Durable timers: a Wait, the delay between retries and an Until's timeout survive a restart. Before sleeping, an
 * action journals a `Running` entry whose `wakeAt` is the end of the sleep (with the retry history so far); a run
 * resumed from that journal sleeps only what is left, keeps the attempts already made and measures limits from the
 * original start. Virtual time throughout; a resumed run gets a clock set to the moment of the restart.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Value } from '../../src/expressions/index.js';
import { buildActionResults } from '../../src/workflows/executor/action-results.js';
import {
  type CompiledWorkflow,
  type HttpClient,
  type HttpRequest,
  type HttpResponse,
  type JournalEntry,
  type RunRecord,
  type SleepOptions,
  HttpConnectionError,
  pendingWakeAt,
  resolveParameters,
  runWorkflow,
} from '../../src/workflows/index.js';
import { VirtualTime } from '../support/virtual-time.js';
import { START, action, after, compileOk, compose, portsFor } from '../support/workflow-harness.js';

const MINUTE = 60_000;

/** The instant `ms` after START, as the executor writes instants. */
const at = (ms: number) => new Date(Date.parse(START) + ms).toISOString().replace(/\.(\d{3})Z$/, '.$10000Z');

/** A clock reading `ms` after START: the moment a resumed run starts again. */
const timeAt = (ms: number) => new VirtualTime(Date.parse(START) + ms);

interface FakeHttp {
  readonly client: HttpClient;
  readonly requests: HttpRequest[];
}

/** An HTTP port that answers from a script and remembers every request (the n-th request is n, from 1). */
function fakeHttp(answer: (request: HttpRequest, n: number) => HttpResponse | Promise<HttpResponse>): FakeHttp {
  const requests: HttpRequest[] = [];
  return {
    requests,
    client: {
      async send(request) {
        requests.push(request);
        return answer(request, requests.length);
      },
    },
  };
}

const answer = (statusCode: number): HttpResponse => ({ statusCode, headers: {}, body: new Uint8Array() });

interface Sleep {
  readonly ms: number;
  readonly options: SleepOptions | undefined;
  /** How many journal entries the host had persisted when the sleep began. */
  readonly persisted: number;
}

interface TimedRun {
  readonly record: RunRecord;
  readonly journal: readonly JournalEntry[];
  readonly sleeps: readonly Sleep[];
  readonly time: VirtualTime;
}

interface TimedInput {
  readonly time?: VirtualTime;
  readonly journal?: readonly JournalEntry[];
  readonly http?: FakeHttp;
  readonly runId?: string;
  readonly parameters?: Readonly<Record<string, Value>>;
}

/**
 * Runs with a host whose journal writes take a turn of the event loop (so an unawaited write would show), recording
 * every sleep with what had been persisted when it began.
 */
async function runTimed(workflow: CompiledWorkflow, input: TimedInput = {}): Promise<TimedRun> {
  const time = input.time ?? new VirtualTime(START);
  const parameters = resolveParameters(workflow, input.parameters ?? {});
  if (!parameters.ok) assert.fail(JSON.stringify(parameters.issues));
  const journal: JournalEntry[] = [];
  const sleeps: Sleep[] = [];
  const ports = portsFor(time);
  const record = await runWorkflow(
    workflow,
    {
      runId: input.runId ?? 'R7',
      trigger: { body: null },
      parameters: parameters.values,
      ...(input.journal ? { journal: input.journal } : {}),
      onJournal: async (entry) => {
        await new Promise((resolve) => setImmediate(resolve));
        journal.push(entry);
      },
    },
    {
      ...ports,
      ...(input.http ? { http: input.http.client } : {}),
      sleeper: {
        sleep: (ms, signal, options) => {
          sleeps.push({ ms, options, persisted: journal.length });
          return time.sleeper.sleep(ms, signal);
        },
      },
    },
  );
  return { record, journal, sleeps, time };
}

/** The journal up to and including the first entry that matches: what a host had persisted when the process died. */
function prefixThrough(journal: readonly JournalEntry[], match: (entry: JournalEntry) => boolean, nth = 1): JournalEntry[] {
  let seen = 0;
  const index = journal.findIndex((entry) => match(entry) && ++seen === nth);
  assert.ok(index >= 0, 'no such entry in the journal');
  return journal.slice(0, index + 1);
}

const sleepingEntry = (name: string) => (entry: JournalEntry) => entry.name === name && entry.status === 'Running' && entry.wakeAt !== undefined;

describe('Wait across a restart', () => {
  const workflow = compileOk({
    actions: {
      Pause: { type: 'Wait', inputs: { interval: { count: 10, unit: 'Minute' } } },
      After: compose('@utcNow()', after('Pause')),
    },
  });

  it('journals its wake time, persisted, before it sleeps', async () => {
    const { journal, sleeps, record } = await runTimed(workflow);
    const running = journal.find(sleepingEntry('Pause'));
    assert.equal(running?.wakeAt, at(10 * MINUTE));
    assert.equal(running?.startTime, at(0));
    assert.deepEqual(sleeps.map((sleep) => sleep.ms), [10 * MINUTE]);
    assert.equal(sleeps[0]?.persisted, journal.indexOf(running as JournalEntry) + 1, 'the Running entry was persisted first');
    // The record shows the finished action as before: no trace of the timer.
    assert.equal(action(record, 'Pause').status, 'Succeeded');
    assert.ok(!JSON.stringify(record).includes('wakeAt'));
  });

  it('resumed mid-wait, waits only until the original instant', async () => {
    const full = await runTimed(workflow);
    const prefix = prefixThrough(full.journal, sleepingEntry('Pause'));
    const resumed = await runTimed(workflow, { journal: prefix, time: timeAt(4 * MINUTE) });
    assert.deepEqual(resumed.sleeps.map((sleep) => sleep.ms), [6 * MINUTE]);
    assert.equal(action(resumed.record, 'Pause').startTime, at(0));
    assert.equal(action(resumed.record, 'Pause').endTime, at(10 * MINUTE));
    assert.equal(action(resumed.record, 'After').outputs, at(10 * MINUTE));
    assert.ok(!resumed.journal.some((entry) => entry.name === 'Pause' && entry.status === 'Running'), 'the timer is not journaled again');
  });

  it('resumed after the original instant, continues at once', async () => {
    const full = await runTimed(workflow);
    const prefix = prefixThrough(full.journal, sleepingEntry('Pause'));
    const resumed = await runTimed(workflow, { journal: prefix, time: timeAt(15 * MINUTE) });
    assert.deepEqual(resumed.sleeps, []);
    assert.equal(resumed.record.status, 'Succeeded');
    assert.equal(action(resumed.record, 'Pause').endTime, at(15 * MINUTE));
    assert.equal(action(resumed.record, 'After').outputs, at(15 * MINUTE));
  });

  it('an in-progress Wait stays in progress in the action results: its timer is neither input nor output', async () => {
    const full = await runTimed(workflow);
    const prefix = prefixThrough(full.journal, sleepingEntry('Pause'));
    const results = buildActionResults(workflow, prefix, 'not yet');
    assert.equal(results['Pause']?.status, 'Skipped', 'no final entry yet, exactly as before timers were journaled');
    assert.ok(!JSON.stringify(results).includes(at(10 * MINUTE)));
  });

  it("keeps its action timeout counted from the original start", async () => {
    const limited = compileOk({
      actions: { Pause: { type: 'Wait', inputs: { interval: { count: 10, unit: 'Minute' } }, limit: { timeout: 'PT8M' } } },
    });
    const full = await runTimed(limited);
    assert.equal(action(full.record, 'Pause').status, 'TimedOut');
    assert.equal(action(full.record, 'Pause').endTime, at(8 * MINUTE));
    const prefix = prefixThrough(full.journal, sleepingEntry('Pause'));
    const resumed = await runTimed(limited, { journal: prefix, time: timeAt(5 * MINUTE) });
    assert.equal(action(resumed.record, 'Pause').status, 'TimedOut');
    assert.equal(action(resumed.record, 'Pause').endTime, at(8 * MINUTE), 'three minutes after the restart, not eight');
  });
});

describe('retries across a restart', () => {
  const call = (uri: string, extra: Record<string, unknown> = {}) => ({
    type: 'Http',
    inputs: { method: 'POST', uri, body: { n: 1 }, retryPolicy: { type: 'fixed', count: 2, interval: 'PT10S' }, ...extra },
  });
  const workflow = compileOk({ actions: { Call: call('https://api.example/items') } });

  it('journals the history so far and the time of the next attempt before each delay', async () => {
    const http = fakeHttp((_, n) => answer(n < 3 ? 503 : 200));
    const { journal, sleeps, record } = await runTimed(workflow, { http });
    const timers = journal.filter(sleepingEntry('Call'));
    assert.deepEqual(timers.map((entry) => entry.wakeAt), [at(10_000), at(20_000)]);
    assert.deepEqual(timers.map((entry) => entry.retryHistory?.map((attempt) => attempt.code)), [['503'], ['503', '503']]);
    assert.deepEqual(sleeps.map((sleep) => sleep.persisted), [journal.indexOf(timers[0] as JournalEntry) + 1, journal.indexOf(timers[1] as JournalEntry) + 1]);
    assert.deepEqual(action(record, 'Call').retryHistory?.map((attempt) => attempt.code), ['503', '503', '200']);
  });

  it('continues with the next attempt at the recorded time, keeping the attempts made before', async () => {
    const first = fakeHttp((_, n) => answer(n < 3 ? 503 : 200));
    const full = await runTimed(workflow, { http: first });
    const prefix = prefixThrough(full.journal, sleepingEntry('Call'), 2);
    const again = fakeHttp(() => answer(200));
    const resumed = await runTimed(workflow, { journal: prefix, http: again, time: timeAt(13_000) });
    assert.equal(again.requests.length, 1, 'one request: the third attempt, not a new first one');
    assert.deepEqual(resumed.sleeps.map((sleep) => sleep.ms), [7_000]);
    const history = action(resumed.record, 'Call').retryHistory;
    assert.deepEqual(history?.map((attempt) => attempt.code), ['503', '503', '200']);
    assert.deepEqual(history, action(full.record, 'Call').retryHistory, 'the same attempts at the same times as without the restart');
    assert.equal(action(resumed.record, 'Call').status, 'Succeeded');
  });

  it('does not try more often than the policy allows, counting the attempts before the restart', async () => {
    const first = fakeHttp(() => answer(503));
    const full = await runTimed(workflow, { http: first });
    assert.equal(first.requests.length, 3);
    const prefix = prefixThrough(full.journal, sleepingEntry('Call'), 2);
    const again = fakeHttp(() => answer(503));
    const resumed = await runTimed(workflow, { journal: prefix, http: again, time: timeAt(25_000) });
    assert.equal(again.requests.length, 1);
    assert.deepEqual(resumed.sleeps, [], 'the recorded time had passed');
    assert.equal(action(resumed.record, 'Call').status, 'Failed');
    assert.deepEqual(action(resumed.record, 'Call').retryHistory?.map((attempt) => attempt.code), ['503', '503', '503']);
  });

  it('an ApiConnection resumed between retries sends its next attempt, with the same idempotency key', async () => {
    const definition = {
      parameters: { $connections: { type: 'Object', defaultValue: { teams: { connectionId: 'c/teams' } } } },
      actions: {
        Post: {
          type: 'ApiConnection',
          inputs: {
            host: { connection: { name: "@parameters('$connections')['teams']['connectionId']" } },
            method: 'post',
            path: '/post',
            retryPolicy: { type: 'fixed', count: 3, interval: 'PT1M' },
          },
        },
      },
    };
    const connectorWorkflow = compileOk(definition);
    const keys: string[] = [];
    const connectors = (statuses: number[]) => ({
      invoke: async (request: { idempotencyKey: string }) => {
        keys.push(request.idempotencyKey);
        return { statusCode: statuses.shift() ?? 200 };
      },
    });
    const time = new VirtualTime(START);
    const journal: JournalEntry[] = [];
    const parameters = resolveParameters(connectorWorkflow, {});
    assert.ok(parameters.ok);
    const runOnce = (ports: ReturnType<typeof portsFor>, prior: readonly JournalEntry[] = []) =>
      runWorkflow(
        connectorWorkflow,
        { runId: 'R7', trigger: { body: null }, parameters: parameters.values, journal: prior, onJournal: (entry) => void journal.push(entry) },
        ports,
      );
    await runOnce(portsFor(time, { connectors: connectors([503, 429, 200]) }));
    const prefix = prefixThrough(journal, sleepingEntry('Post'), 1);
    keys.length = 0;
    const record = await runOnce(portsFor(timeAt(30_000), { connectors: connectors([200]) }), prefix);
    assert.deepEqual(keys, ['R7:Post']);
    assert.deepEqual(action(record, 'Post').retryHistory?.map((attempt) => attempt.code), ['503', '200']);
    assert.equal(action(record, 'Post').retryHistory?.[1]?.startTime, at(MINUTE));
  });

  it('journals the history between tries without secrets: secure parameters and credentials', async () => {
    const apiKey = 'k3y-S3cr3t-9f8e7d';
    const password = 'pa55-w0rd-Q7';
    const secretWorkflow = compileOk({
      parameters: { apiKey: { type: 'securestring' } },
      actions: {
        Call: call("https://api.example/items?key=@{parameters('apiKey')}", {
          authentication: { type: 'Basic', username: 'robot', password },
        }),
      },
    });
    // The failure message echoes what a careless client library might: the uri and the authorization header.
    const failing = fakeHttp((request) => {
      throw new HttpConnectionError(`refused ${request.url} with ${request.headers['authorization'] ?? ''}`);
    });
    const full = await runTimed(secretWorkflow, { http: failing, parameters: { apiKey } });
    const timers = full.journal.filter(sleepingEntry('Call'));
    assert.equal(timers.length, 2);
    const encoded = Buffer.from(`robot:${password}`).toString('base64');
    for (const secret of [apiKey, password, encoded]) {
      assert.ok(!JSON.stringify(full.journal).includes(secret), `the journal holds '${secret}'`);
    }
    assert.match(timers[1]?.retryHistory?.[0]?.error?.message ?? '', /^refused /);
  });
});

describe('Until across a restart', () => {
  /** Polls every 20 minutes for something that never happens, for at most an hour, and then is TimedOut. */
  const workflow = compileOk({
    actions: {
      Poll: {
        type: 'Until',
        expression: '@equals(1, 2)',
        limit: { count: 10, timeout: 'PT1H' },
        operationOptions: 'FailWhenLimitsReached',
        actions: {
          Pause: { type: 'Wait', inputs: { interval: { count: 20, unit: 'Minute' } } },
          Check: compose('@utcNow()', after('Pause')),
        },
      },
    },
  });

  it('times out an hour after its original start', async () => {
    const full = await runTimed(workflow);
    assert.equal(action(full.record, 'Poll').status, 'TimedOut');
    assert.equal(action(full.record, 'Poll').repetitionCount, 3);
    assert.equal(action(full.record, 'Poll').endTime, at(60 * MINUTE));

    // Restarted at 00:30, in the second repetition's wait: the loop still ends at 01:00, after the third.
    const prefix = prefixThrough(full.journal, sleepingEntry('Pause'), 2);
    const resumed = await runTimed(workflow, { journal: prefix, time: timeAt(30 * MINUTE) });
    assert.deepEqual(resumed.sleeps.map((sleep) => sleep.ms), [10 * MINUTE, 20 * MINUTE]);
    assert.equal(action(resumed.record, 'Poll').status, 'TimedOut');
    assert.equal(action(resumed.record, 'Poll').repetitionCount, 3);
    assert.equal(action(resumed.record, 'Poll').endTime, at(60 * MINUTE));
    assert.equal(action(resumed.record, 'Poll').startTime, at(0));
  });

  it('a repetition restored from the journal is judged by when it ended then, not by the restart', async () => {
    const full = await runTimed(workflow);
    const prefix = prefixThrough(full.journal, sleepingEntry('Pause'), 2);
    // Restarted at 02:00, long after the timeout: the first repetition (ended 00:20) had not timed out; the second,
    // woken at once, ends after the limit.
    const resumed = await runTimed(workflow, { journal: prefix, time: timeAt(120 * MINUTE) });
    assert.deepEqual(resumed.sleeps, []);
    assert.equal(action(resumed.record, 'Poll').status, 'TimedOut');
    assert.equal(action(resumed.record, 'Poll').repetitionCount, 2);
  });
});

describe('the Http action tells the receiver who calls', () => {
  it('x-ms-workflow-run-id is the run id, x-ms-tracking-id and Idempotency-Key the idempotency key, in and out of loops', async () => {
    const http = fakeHttp(() => answer(200));
    const workflow = compileOk({
      actions: {
        Single: { type: 'Http', inputs: { method: 'GET', uri: 'https://api.example/one' } },
        Loop: {
          type: 'Foreach',
          foreach: '@range(0, 2)',
          operationOptions: 'Sequential',
          runAfter: after('Single'),
          actions: { Each: { type: 'Http', inputs: { method: 'GET', uri: 'https://api.example/each/@{item()}' } } },
        },
      },
    });
    await runTimed(workflow, { http, runId: '08585-R' });
    assert.deepEqual(
      http.requests.map((request) => [request.url, request.headers['x-ms-workflow-run-id'], request.headers['x-ms-tracking-id'], request.headers['idempotency-key']]),
      [
        ['https://api.example/one', '08585-R', '08585-R:Single', '08585-R:Single'],
        ['https://api.example/each/0', '08585-R', '08585-R:Each:0', '08585-R:Each:0'],
        ['https://api.example/each/1', '08585-R', '08585-R:Each:1', '08585-R:Each:1'],
      ],
    );
  });

  it('actions() gives the run id as clientTrackingId and the idempotency key as trackingId', async () => {
    const workflow = compileOk({
      actions: {
        Loop: { type: 'Foreach', foreach: '@range(0, 2)', actions: { Item: compose('@item()') } },
        Ids: compose({ client: "@actions('Loop')['clientTrackingId']", tracking: "@actions('Loop')['trackingId']" }, after('Loop')),
        Inner: compose("@result('Loop')[1]['trackingId']", after('Loop')),
      },
    });
    const { record } = await runTimed(workflow, { runId: 'R-42' });
    assert.deepEqual(action(record, 'Ids').outputs, { client: 'R-42', tracking: 'R-42:Loop' });
    assert.equal(action(record, 'Inner').outputs, 'R-42:Item:1');
  });
});

describe('parking', () => {
  it('a sleep is parkable when every action in progress sleeps on a journaled timer, and says when to resume', async () => {
    const http = fakeHttp(() => answer(503));
    const workflow = compileOk({
      actions: {
        Pause: { type: 'Wait', inputs: { interval: { count: 10, unit: 'Minute' } } },
        Call: { type: 'Http', inputs: { method: 'GET', uri: 'https://api.example/busy', retryPolicy: { type: 'fixed', count: 1, interval: 'PT1H' } } },
      },
    });
    const { sleeps } = await runTimed(workflow, { http });
    // The first of the two sleeps began while the other action was still executing; the second made both asleep.
    assert.deepEqual(
      sleeps.map((sleep) => sleep.options),
      [undefined, { parkable: true, wakeAt: at(10 * MINUTE) }],
    );
  });

  it('a sleep is not parkable while another action is in flight, and an action timeout never is', async () => {
    let release: (response: HttpResponse) => void = () => undefined;
    const http = fakeHttp(() => new Promise<HttpResponse>((resolve) => (release = resolve)));
    const workflow = compileOk({
      actions: {
        Pause: { type: 'Wait', inputs: { interval: { count: 10, unit: 'Minute' } }, limit: { timeout: 'PT1H' } },
        Call: { type: 'Http', inputs: { method: 'GET', uri: 'https://api.example/slow' } },
      },
    });
    const time = new VirtualTime(START);
    const running = runTimed(workflow, { http, time });
    // Let the Wait reach its sleep while the request hangs, then answer it.
    while (time.sleeps.length < 2) await new Promise((resolve) => setImmediate(resolve));
    release(answer(200));
    const { sleeps, record } = await running;
    assert.equal(record.status, 'Succeeded');
    assert.deepEqual(sleeps.map((sleep) => [sleep.ms, sleep.options]), [
      [60 * MINUTE, undefined],
      [10 * MINUTE, undefined],
    ]);
  });

  it('a lone Wait is parkable until its own end', async () => {
    const workflow = compileOk({ actions: { Pause: { type: 'Wait', inputs: { interval: { count: 5, unit: 'Minute' } } } } });
    const { sleeps } = await runTimed(workflow);
    assert.deepEqual(sleeps.map((sleep) => sleep.options), [{ parkable: true, wakeAt: at(5 * MINUTE) }]);
  });
});

describe('pendingWakeAt', () => {
  it('is the earliest wake time among the actions still sleeping, judged by the latest entry of each', async () => {
    const http = fakeHttp((_, n) => answer(n < 3 ? 503 : 200));
    const workflow = compileOk({
      actions: {
        Long: { type: 'Wait', inputs: { interval: { count: 1, unit: 'Hour' } } },
        Call: { type: 'Http', inputs: { method: 'GET', uri: 'https://api.example/x', retryPolicy: { type: 'fixed', count: 2, interval: 'PT10M' } } },
      },
    });
    const { journal } = await runTimed(workflow, { http });
    const upTo = (entry: JournalEntry | undefined) => journal.slice(0, journal.indexOf(entry as JournalEntry) + 1);
    const [firstRetry, secondRetry] = journal.filter(sleepingEntry('Call'));
    const longDone = journal.find((entry) => entry.name === 'Long' && entry.status !== 'Running');
    assert.ok(firstRetry && secondRetry && longDone);

    assert.equal(pendingWakeAt([]), undefined);
    assert.equal(pendingWakeAt(upTo(firstRetry)), at(10 * MINUTE));
    assert.equal(pendingWakeAt(upTo(secondRetry)), at(20 * MINUTE), 'the second delay supersedes the first');
    const callFinished = journal.filter((entry) => entry !== longDone);
    assert.equal(pendingWakeAt(callFinished), at(60 * MINUTE), 'a finished action sleeps no more');
    assert.equal(pendingWakeAt(journal), undefined);
  });
});
