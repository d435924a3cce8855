/**
 * Durability: a run hands every journal entry to `onJournal`; started again with a prefix of that journal (what a
 * host had persisted when it crashed), it does not execute finished actions again, restores their outputs and the
 * variables they set, and ends exactly as an uninterrupted run would.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ConnectorClient, ConnectorRequest, JournalEntry, RunRecord } from '../../src/workflows/index.js';
import { type HttpSink } from '../support/http-sink.js';
import { action, after, compileOk, runCompiled, type RunInput, sinksClosedAfterEachTest } from '../support/workflow-harness.js';


const sink = sinksClosedAfterEachTest();

/** What must be the same between an uninterrupted and a resumed run: statuses, inputs and outputs of everything. */
function essence(record: RunRecord) {
  return {
    status: record.status,
    error: record.error,
    outputs: record.outputs,
    actions: Object.fromEntries(
      Object.entries(record.actions).map(([name, result]) => [
        name,
        {
          status: result.status,
          code: result.code,
          inputs: result.inputs,
          outputs: result.outputs,
          repetitionCount: result.repetitionCount,
          repetitions: result.repetitions
            ?.map((repetition) => ({ iteration: repetition.iteration, status: repetition.status, outputs: repetition.outputs })),
        },
      ]),
    ),
  };
}

const alerts = ['a', 'b', 'c', 'd', 'e'];

/** Fetch alerts, post each one (in parallel, finishing in reverse order), count them, then send a summary. */
function triage(base: string, loopOptions: Record<string, unknown> = {}) {
  return {
    actions: {
      Init: {
        type: 'InitializeVariable',
        inputs: { variables: [{ name: 'posted', type: 'Integer', value: 0 }, { name: 'names', type: 'Array' }] },
      },
      Get_alerts: { type: 'Http', inputs: { method: 'GET', uri: `${base}/alerts` }, runAfter: after('Init') },
      For_each: {
        type: 'Foreach',
        foreach: "@body('Get_alerts')",
        runAfter: after('Get_alerts'),
        ...loopOptions,
        actions: {
          Post: { type: 'Http', inputs: { method: 'POST', uri: `${base}/items/@{item()}`, body: { name: '@item()' } } },
          Count: { type: 'IncrementVariable', inputs: { name: 'posted', value: 1 }, runAfter: after('Post') },
          Remember: { type: 'AppendToArrayVariable', inputs: { name: 'names', value: "@body('Post')['echo']" }, runAfter: after('Count') },
        },
      },
      Summary: {
        type: 'Compose',
        inputs: {
          posted: "@variables('posted')",
          names: "@sort(variables('names'))",
          first: "@body('Get_alerts')[0]",
          inner: "@length(result('For_each'))",
        },
        runAfter: after('For_each'),
      },
      Notify: { type: 'Http', inputs: { method: 'POST', uri: `${base}/notify`, body: "@outputs('Summary')" }, runAfter: after('Summary') },
    },
    outputs: { posted: { type: 'Int', value: "@variables('posted')" } },
  };
}

/** The alerts list, and item posts that answer later the earlier the item, so parallel repetitions finish in reverse. */
const triageScript = (request: { url: string; body: string }) => {
  if (request.url === '/alerts') return { status: 200, body: alerts };
  const match = /^\/items\/(\w)$/.exec(request.url);
  if (match) {
    const index = alerts.indexOf(match[1] as string);
    return { status: 200, body: { echo: `posted ${match[1]}` }, delayMs: (alerts.length - index) * 15 };
  }
  return { status: 202 };
};

/** Calls per path among the sink's requests from index `since` on. */
function callCounts(target: HttpSink, since = 0): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const request of target.requests.slice(since)) counts[request.url] = (counts[request.url] ?? 0) + 1;
  return counts;
}

/** Which Http calls the finished entries of a journal prefix stand for: those must not be made again. */
function finishedCalls(prefix: readonly JournalEntry[]): Record<string, number> {
  const counts: Record<string, number> = {};
  const add = (path: string) => (counts[path] = (counts[path] ?? 0) + 1);
  for (const entry of prefix) {
    if (entry.status === 'Running' || entry.type !== 'Http') continue;
    if (entry.name === 'Get_alerts') add('/alerts');
    if (entry.name === 'Notify') add('/notify');
    if (entry.name === 'Post') add(`/items/${alerts[entry.iteration[0]?.index ?? -1]}`);
  }
  return counts;
}

describe('resuming from a journal prefix', () => {
  for (const loopOptions of [{}, { operationOptions: 'Sequential' }]) {
    const label = 'operationOptions' in loopOptions ? 'a sequential loop' : 'a parallel loop';

    it(`re-executes nothing that finished and ends as an uninterrupted run, for every crash point (${label})`, async () => {
      const first = await sink(triageScript);
      const full = await runCompiled(compileOk(triage(first.url, loopOptions)));
      assert.equal(full.record.status, 'Succeeded');
      assert.deepEqual(full.record.outputs, { posted: 5 });
      assert.deepEqual(action(full.record, 'Summary').outputs, {
        posted: 5,
        names: ['posted a', 'posted b', 'posted c', 'posted d', 'posted e'],
        first: 'a',
        inner: 15,
      });
      const allCalls = callCounts(first);
      assert.equal(first.requests.length, 7);

      // The same sink for every run, so the recorded uris are the same; each run's calls are counted apart.
      for (let cut = 0; cut <= full.journal.length; cut++) {
        const prefix = full.journal.slice(0, cut);
        const since: number = first.requests.length;
        const resumed = await runCompiled(compileOk(triage(first.url, loopOptions)), { journal: prefix });
        const context = `resumed after ${cut} of ${full.journal.length} entries`;
        assert.deepEqual(essence(resumed.record), essence(full.record), context);

        const expected: Record<string, number> = { ...allCalls };
        for (const [path, done] of Object.entries(finishedCalls(prefix))) expected[path] = (expected[path] ?? 0) - done;
        for (const path of Object.keys(expected)) if (expected[path] === 0) delete expected[path];
        assert.deepEqual(callCounts(first, since), expected, context);

        // The journal of the resumed run completes the prefix: together they hold every final entry once.
        const finalKeys = (entries: readonly JournalEntry[]) => entries.filter((entry) => entry.status !== 'Running').map((entry) => entry.key);
        assert.deepEqual(
          [...finalKeys(prefix), ...finalKeys(resumed.journal)].sort(),
          finalKeys(full.journal).sort(),
          context,
        );
      }
    });
  }

  it('restores the variables set before the crash, whatever order parallel repetitions finished in', async () => {
    const first = await sink(triageScript);
    const full = await runCompiled(compileOk(triage(first.url)));
    const counts = full.journal.filter((entry) => entry.name === 'Count');
    // Reverse finishing order is what makes this interesting: the last Count journaled is the one for item 'a'.
    assert.deepEqual(counts.map((entry) => entry.iteration[0]?.index), [4, 3, 2, 1, 0]);
    assert.deepEqual(counts.map((entry) => entry.variables?.['posted']?.value), [1, 2, 3, 4, 5]);

    // Crash right after the third increment, before anything else was journaled.
    const cut = full.journal.indexOf(counts[2] as JournalEntry) + 1;
    const prefix = full.journal.slice(0, cut);
    const resumed = await runCompiled(compileOk(triage(first.url)), { journal: prefix });
    assert.deepEqual(resumed.record.outputs, { posted: 5 });
    assert.deepEqual(action(resumed.record, 'Summary').outputs, action(full.record, 'Summary').outputs);
  });

  it('a Foreach interrupted mid-way runs only the remaining repetitions', async () => {
    const first = await sink(triageScript);
    const full = await runCompiled(compileOk(triage(first.url, { operationOptions: 'Sequential' })));
    const remembered = full.journal.filter((entry) => entry.name === 'Remember');
    const cut = full.journal.indexOf(remembered[1] as JournalEntry) + 1; // two repetitions done
    const prefix = full.journal.slice(0, cut);
    assert.ok(prefix.some((entry) => entry.name === 'For_each' && entry.status === 'Running'));
    assert.ok(!prefix.some((entry) => entry.name === 'For_each' && entry.status !== 'Running'));

    const since = first.requests.length;
    const resumed = await runCompiled(compileOk(triage(first.url, { operationOptions: 'Sequential' })), { journal: prefix });
    assert.deepEqual(
      first.requests.slice(since).map((request) => request.url),
      ['/items/c', '/items/d', '/items/e', '/notify'],
    );
    const newKeys = resumed.journal.filter((entry) => entry.name === 'Post').map((entry) => entry.key);
    assert.deepEqual(newKeys, ['For_each[2]/Post', 'For_each[3]/Post', 'For_each[4]/Post']);
    assert.equal(action(resumed.record, 'Post').repetitions?.length, 5);
    assert.deepEqual(essence(resumed.record), essence(full.record));
  });

  it('keeps the decisions a container recorded when it started: the items of a Foreach, the branch of an If', async () => {
    const definition = {
      actions: {
        Loop: { type: 'Foreach', foreach: '@range(0, rand(3, 6))', actions: { Item: { type: 'Compose', inputs: '@item()' } } },
        Check: {
          type: 'If',
          expression: '@less(rand(0, 10), 5)',
          actions: { Yes: { type: 'Compose', inputs: 'heads' } },
          else: { actions: { No: { type: 'Compose', inputs: 'tails' } } },
          runAfter: after('Loop'),
        },
      },
    };
    const workflow = compileOk(definition);
    const full = await runCompiled(workflow, { random: () => 0 });
    assert.equal(action(full.record, 'Loop').repetitionCount, 3);
    assert.equal(action(full.record, 'Yes').status, 'Succeeded');

    const loopStarted = full.journal.findIndex((entry) => entry.name === 'Loop' && entry.status === 'Running');
    const resumedLoop = await runCompiled(workflow, { journal: full.journal.slice(0, loopStarted + 2), random: () => 0.99 });
    assert.equal(action(resumedLoop.record, 'Loop').repetitionCount, 3, 'the items recorded at the start are iterated');

    const checkStarted = full.journal.findIndex((entry) => entry.name === 'Check' && entry.status === 'Running');
    const resumedCheck = await runCompiled(workflow, { journal: full.journal.slice(0, checkStarted + 1), random: () => 0.99 });
    assert.equal(action(resumedCheck.record, 'Yes').status, 'Succeeded', 'the branch chosen before the crash is kept');
    assert.equal(action(resumedCheck.record, 'No').status, 'Skipped');
  });

  it('a resumed run that had already been terminated stays terminated', async () => {
    const definition = {
      actions: {
        Stop: { type: 'Terminate', inputs: { runStatus: 'Failed', runError: { code: 'Halt', message: 'halted' } } },
        Later: { type: 'Compose', inputs: 1, runAfter: after('Stop') },
      },
    };
    const workflow = compileOk(definition);
    const full = await runCompiled(workflow);
    const resumed = await runCompiled(workflow, { journal: full.journal });
    assert.equal(resumed.record.status, 'Failed');
    assert.deepEqual(resumed.record.error, { code: 'Halt', message: 'halted' });
    assert.deepEqual(essence(resumed.record), essence(full.record));
  });
});

describe('idempotency keys', () => {
  it('every entry has <runId>:<action>[:<loop indexes>], the journal key keeping the loop iterations', async () => {
    const target = await sink(triageScript);
    const { journal } = await runCompiled(compileOk(triage(target.url)), { runId: '08585-run' });
    for (const entry of journal) {
      const indexes = entry.iteration.map((step) => step.index).join('.');
      assert.equal(entry.idempotencyKey, indexes === '' ? `08585-run:${entry.name}` : `08585-run:${entry.name}:${indexes}`);
    }
    const keys = journal.filter((entry) => entry.status !== 'Running').map((entry) => entry.key);
    assert.equal(new Set(keys).size, keys.length, 'one final entry per key');
    assert.ok(keys.includes('For_each[2]/Post'));
    assert.ok(keys.includes('For_each[4]/Remember'));
    assert.ok(keys.includes('Notify'));
    const post = journal.find((entry) => entry.key === 'For_each[2]/Post');
    assert.deepEqual(post?.iteration, [{ loop: 'For_each', index: 2 }]);
    assert.equal(post?.idempotencyKey, '08585-run:Post:2');
    assert.equal(journal.find((entry) => entry.key === 'Notify')?.idempotencyKey, '08585-run:Notify');
  });

  it('is the same in a resumed run and is what a connector receives, for nested loops too', async () => {
    const seen: ConnectorRequest[] = [];
    const connector: ConnectorClient = {
      async invoke(request) {
        seen.push(request);
        return { statusCode: 200, body: { ok: true } };
      },
    };
    const definition = {
      parameters: { $connections: { type: 'Object', defaultValue: { teams: { connectionId: 'c/teams' } } } },
      actions: {
        Outer: {
          type: 'Foreach',
          foreach: '@range(0, 2)',
          operationOptions: 'Sequential',
          actions: {
            Inner: {
              type: 'Foreach',
              foreach: '@range(0, 2)',
              operationOptions: 'Sequential',
              actions: {
                Post: {
                  type: 'ApiConnection',
                  inputs: { host: { connection: { name: "@parameters('$connections')['teams']['connectionId']" } }, method: 'post', path: '/post' },
                },
              },
            },
          },
        },
      },
    };
    const workflow = compileOk(definition);
    const input: RunInput = { runId: 'R9', connectors: connector };
    const full = await runCompiled(workflow, input);
    assert.deepEqual(seen.map((request) => request.idempotencyKey), ['R9:Post:0.0', 'R9:Post:0.1', 'R9:Post:1.0', 'R9:Post:1.1']);
    assert.equal(full.journal.find((entry) => entry.key === 'Outer[1]/Inner')?.idempotencyKey, 'R9:Inner:1');
    seen.length = 0;
    const cut = full.journal.findIndex((entry) => entry.key === 'Outer[0]/Inner[1]/Post') + 1;
    await runCompiled(workflow, { ...input, journal: full.journal.slice(0, cut) });
    assert.deepEqual(seen.map((request) => request.idempotencyKey), ['R9:Post:1.0', 'R9:Post:1.1']);
  });
});
