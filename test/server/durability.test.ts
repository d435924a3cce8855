/**
 * The crash test: the server runs as a separate process, is killed with SIGKILL while events pour in and runs are
 * executing, and is restarted on the same data directory. Everything it answered 202 for must then be stored and
 * have produced exactly its runs, each finished. A second test stops it with SIGTERM mid-run and checks that a
 * graceful stop loses nothing and repeats nothing.
 *
 * The server process is `bin/riposte.js serve`, which runs the built `dist/` (`npm test` builds first).
 */
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { alertDefinition, api, automationBody, automationId, eventually, flatAlert, httpPost, listAll, newSubscription, sleep, workflowId } from '../support/defender.js';
import { type HttpSink, startHttpSink } from '../support/http-sink.js';
import { type ApiClient, apiClient, freePort, removeTestData, spawnServer } from '../support/riposte-server.js';

const MAX_CONCURRENT_RUNS = 16;
const serverEnv = { RIPOSTE_LEASE_MS: '1000', RIPOSTE_MAX_CONCURRENT_RUNS: String(MAX_CONCURRENT_RUNS) };

const dirs: string[] = [];
const children = new Set<ChildProcess>();
after(async () => {
  for (const child of children) child.kill('SIGKILL');
  for (const dir of dirs) await removeTestData(dir);
});

async function start(dataDir: string, port: number, env: Record<string, string> = serverEnv): Promise<{ child: ChildProcess; client: ApiClient }> {
  const { child, url } = await spawnServer(dataDir, port, env);
  children.add(child);
  child.once('exit', () => children.delete(child));
  return { child, client: apiClient(url) };
}

function exited(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
}

/** A workflow of two sequential Http actions to the sink, started for every alert of the subscription. */
async function defineAutomation(client: ApiClient, sink: HttpSink, sub: string): Promise<string> {
  const rg = 'crash-rg';
  const body = { id: "@{triggerBody()?['SystemAlertId']}", run: "@{workflow()?['run']?['name']}" };
  const definition = alertDefinition({
    First: httpPost(`${sink.url}/first`, body),
    Second: httpPost(`${sink.url}/second`, body, { First: ['Succeeded'] }),
  });
  const workflow = await client.call('PUT', api(workflowId(sub, rg, 'two-steps')), { properties: { definition } });
  assert.equal(workflow.status, 201, JSON.stringify(workflow.body));
  const automation = await client.call('PUT', api(automationId(sub, rg, 'every-alert')), automationBody({ eventSource: 'Alerts', workflowIds: [workflowId(sub, rg, 'two-steps')] }));
  assert.equal(automation.status, 201, JSON.stringify(automation.body));
  return workflowId(sub, rg, 'two-steps');
}

/** All runs of the workflow once none is Queued or Running. */
async function settled(client: ApiClient, workflow: string, timeoutMs: number): Promise<any[]> {
  return eventually(
    'every run to finish after the restart',
    async () => {
      const runs = await listAll(client, `${api(workflow)}/runs?$top=1000`);
      return runs.some((run) => ['Queued', 'Running', 'Waiting'].includes(run.properties.status)) ? undefined : runs;
    },
    timeoutMs,
    250,
  );
}

/** How many requests the sink got at `path` per run name. */
function requestsPerRun(sink: HttpSink, path: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const request of sink.requestsTo(path)) {
    const run = (JSON.parse(request.body) as { run: string }).run;
    counts.set(run, (counts.get(run) ?? 0) + 1);
  }
  return counts;
}

const eventIdOf = (run: any): string => run.properties.trigger.outputs.body.SystemAlertId;

interface Batch {
  readonly ids: readonly string[];
  readonly outcome: 'accepted' | 'failed';
}

describe('durability', () => {
  let sink: HttpSink;
  before(async () => {
    // A little latency keeps runs in flight, so the kill interrupts some of them between or during actions.
    sink = await startHttpSink([{ status: 200, body: { ok: true }, delayMs: 15 }]);
  });
  after(async () => {
    await sink.close();
  });

  it('SIGKILL under load: every accepted event is stored and has exactly one run, all Succeeded, after a restart', { timeout: 60_000 }, async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'riposte-crash-'));
    dirs.push(dataDir);
    const port = await freePort();
    const sub = newSubscription();
    let { child, client } = await start(dataDir, port);
    const workflow = await defineAutomation(client, sink, sub);

    // Two posters send batches of 50 until the server dies under them.
    const batches: Batch[] = [];
    let next = 0;
    let dead = false;
    const poster = async () => {
      while (!dead) {
        const ids = Array.from({ length: 50 }, () => `crash-${String(next++).padStart(6, '0')}`);
        try {
          const response = await client.call('POST', '/api/events', { value: ids.map((id) => flatAlert({ sub, id })) });
          assert.equal(response.status, 202, JSON.stringify(response.body));
          assert.equal(response.body.accepted, ids.length);
          batches.push({ ids, outcome: 'accepted' });
        } catch (error) {
          if (!dead) throw error;
          batches.push({ ids, outcome: 'failed' });
        }
      }
    };
    const posting = Promise.all([poster(), poster()]);
    await sleep(1000);
    dead = true;
    child.kill('SIGKILL');
    assert.equal((await exited(child)).signal, 'SIGKILL');
    // Taken once the process is gone, so every run it started counts as started before the kill.
    const killedAt = Date.now();
    await posting;
    const requestsBeforeRestart = sink.requests.length;

    const restartedAt = Date.now();
    ({ child, client } = await start(dataDir, port));
    const runs = await settled(client, workflow, 40_000);

    const accepted = batches.filter((batch) => batch.outcome === 'accepted').flatMap((batch) => batch.ids);
    const failed = batches.filter((batch) => batch.outcome === 'failed');
    assert.ok(accepted.length >= 200, `only ${accepted.length} events were accepted before the kill`);
    assert.ok(requestsBeforeRestart > 0, 'runs were executing before the kill');

    // Every event answered 202 is stored.
    const stored = new Set((await listAll(client, `/api/subscriptions/${sub}/providers/Microsoft.Security/alerts?$top=1000`)).map((a) => a.properties.SystemAlertId as string));
    const lost = accepted.filter((id) => !stored.has(id));
    assert.deepEqual(lost, [], `${lost.length} accepted events were lost`);

    // A batch whose POST failed was committed whole or not at all (the answer may have been lost after the commit).
    let committedButUnanswered = 0;
    for (const batch of failed) {
      const present = batch.ids.filter((id) => stored.has(id)).length;
      assert.ok(present === 0 || present === batch.ids.length, `a failed batch was partly stored: ${present} of ${batch.ids.length}`);
      if (present > 0) committedButUnanswered++;
    }

    // Exactly one run per stored event (one matching automation), none for anything else, every one Succeeded.
    const runsPerEvent = new Map<string, number>();
    for (const run of runs) runsPerEvent.set(eventIdOf(run), (runsPerEvent.get(eventIdOf(run)) ?? 0) + 1);
    const duplicatedRuns = [...runsPerEvent].filter(([, count]) => count !== 1);
    assert.deepEqual(duplicatedRuns, [], 'one run per event');
    assert.deepEqual([...runsPerEvent.keys()].sort(), [...stored].sort(), 'a run for every stored event and for nothing else');
    const notSucceeded = runs.filter((run) => run.properties.status !== 'Succeeded');
    assert.deepEqual(notSucceeded.map((run) => [run.name, run.properties.status, run.properties.error]), []);
    for (const batch of failed) {
      for (const id of batch.ids) if (!stored.has(id)) assert.equal(runsPerEvent.get(id), undefined, `a run exists for ${id}, whose POST failed`);
    }

    // Each run's actions reached the sink at least once; repeats only for runs that were executing at the kill.
    const first = requestsPerRun(sink, '/first');
    const second = requestsPerRun(sink, '/second');
    const inFlightAtKill = runs.filter((run) => Date.parse(run.properties.startTime) <= killedAt && Date.parse(run.properties.endTime) >= restartedAt);
    let firstRepeats = 0;
    let secondRepeats = 0;
    for (const run of runs) {
      const firstCount = first.get(run.name) ?? 0;
      const secondCount = second.get(run.name) ?? 0;
      assert.ok(firstCount >= 1, `run ${run.name} never sent its first request`);
      assert.ok(secondCount >= 1, `run ${run.name} never sent its second request`);
      firstRepeats += firstCount - 1;
      secondRepeats += secondCount - 1;
    }
    assert.ok(inFlightAtKill.length <= MAX_CONCURRENT_RUNS, `${inFlightAtKill.length} runs in flight at the kill`);
    assert.ok(firstRepeats + secondRepeats <= inFlightAtKill.length, `${firstRepeats + secondRepeats} repeated requests for ${inFlightAtKill.length} interrupted runs`);
    const sample = runs.find((run) => inFlightAtKill.includes(run)) ?? runs[0];
    const actions = await client.call('GET', `${api(workflow)}/runs/${sample.name}/actions`);
    assert.deepEqual(actions.body.value.map((action: any) => [action.name, action.properties.status]).sort(), [
      ['First', 'Succeeded'],
      ['Second', 'Succeeded'],
    ]);

    console.log(
      `# crash: ${accepted.length} events accepted in ${batches.length} batches (${failed.length} failed, ${committedButUnanswered} of them committed), ` +
        `${runs.length} runs, ${inFlightAtKill.length} in flight at the kill; repeated requests: first ${firstRepeats}, second ${secondRepeats}`,
    );

    // The client retries the batches whose POST failed, plus a new event: the retried events that had been
    // committed start nothing again, the others get their one run; every event ends with exactly one run.
    const retried = failed.flatMap((batch) => batch.ids);
    const more = await client.call('POST', '/api/events', { value: [...retried, 'after-restart'].map((id) => flatAlert({ sub, id })) });
    assert.equal(more.status, 202);
    assert.equal(more.body.accepted, retried.length + 1);
    const all = await eventually('the runs of the retried events', async () => {
      const list = await settled(client, workflow, 10_000);
      return list.length === new Set([...stored, ...retried, 'after-restart']).size ? list : undefined;
    });
    const perEvent = new Map<string, number>();
    for (const run of all) perEvent.set(eventIdOf(run), (perEvent.get(eventIdOf(run)) ?? 0) + 1);
    assert.deepEqual([...perEvent.values()].filter((count) => count !== 1), []);
    assert.deepEqual([...perEvent.keys()].sort(), [...new Set([...accepted, ...retried, 'after-restart'])].sort());
    assert.ok(all.every((run) => run.properties.status === 'Succeeded'));
    child.kill('SIGTERM');
    assert.equal((await exited(child)).code, 0);
  });

  it('SIGTERM with runs in flight: the process exits 0 and after a restart nothing is lost or repeated', { timeout: 40_000 }, async () => {
    const slowSink = await startHttpSink([{ status: 200, delayMs: 150 }]);
    try {
      const dataDir = await mkdtemp(join(tmpdir(), 'riposte-term-'));
      dirs.push(dataDir);
      const port = await freePort();
      const sub = newSubscription();
      let { child, client } = await start(dataDir, port, { ...serverEnv, RIPOSTE_MAX_CONCURRENT_RUNS: '4' });
      const workflow = await defineAutomation(client, slowSink, sub);
      const ids = Array.from({ length: 30 }, (_, i) => `term-${i}`);
      const response = await client.call('POST', '/api/events', { value: ids.map((id) => flatAlert({ sub, id })) });
      assert.equal(response.body.accepted, 30);
      await eventually('runs to be executing', () => (slowSink.requests.length >= 3 ? true : undefined));

      child.kill('SIGTERM');
      const exit = await exited(child);
      assert.deepEqual(exit, { code: 0, signal: null });
      const requestsAtStop = slowSink.requests.length;
      assert.ok(requestsAtStop < 60, 'the stop came before every run had finished');

      ({ child, client } = await start(dataDir, port, { ...serverEnv, RIPOSTE_MAX_CONCURRENT_RUNS: '4' }));
      const runs = await settled(client, workflow, 30_000);
      assert.deepEqual(runs.map(eventIdOf).sort(), [...ids].sort(), 'one run per event');
      assert.ok(runs.every((run) => run.properties.status === 'Succeeded'), JSON.stringify(runs.map((run) => run.properties.status)));
      const first = requestsPerRun(slowSink, '/first');
      const second = requestsPerRun(slowSink, '/second');
      for (const run of runs) {
        assert.equal(first.get(run.name), 1, `run ${run.name}: first request sent ${first.get(run.name) ?? 0} times`);
        assert.equal(second.get(run.name), 1, `run ${run.name}: second request sent ${second.get(run.name) ?? 0} times`);
      }
      child.kill('SIGTERM');
      assert.equal((await exited(child)).code, 0);
    } finally {
      await slowSink.close();
    }
  });

  it('SIGTERM with a run outlasting the grace period: it is checkpointed, the process exits 0, the restart resumes it', { timeout: 50_000 }, async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'riposte-grace-'));
    dirs.push(dataDir);
    const port = await freePort();
    const sub = newSubscription();
    let { child, client } = await start(dataDir, port);
    const rg = 'grace-rg';
    const body = { id: "@{triggerBody()?['SystemAlertId']}", run: "@{workflow()?['run']?['name']}" };
    const definition = alertDefinition({
      First: httpPost(`${sink.url}/grace-first`, body),
      // Longer than the 10 s the server gives in-flight runs on SIGTERM.
      Pause: { type: 'Wait', inputs: { interval: { count: 11, unit: 'Second' } }, runAfter: { First: ['Succeeded'] } },
      Second: httpPost(`${sink.url}/grace-second`, body, { Pause: ['Succeeded'] }),
    });
    const workflow = workflowId(sub, rg, 'long');
    assert.equal((await client.call('PUT', api(workflow), { properties: { definition } })).status, 201);
    assert.equal((await client.call('PUT', api(automationId(sub, rg, 'long')), automationBody({ eventSource: 'Alerts', workflowIds: [workflow] }))).status, 201);
    assert.equal((await client.call('POST', '/api/events', { value: [flatAlert({ sub, id: 'grace-1' }), flatAlert({ sub, id: 'grace-2' })] })).body.accepted, 2);
    await eventually('both runs to pass their first action', () => (sink.requestsTo('/grace-first').length === 2 ? true : undefined));

    const stoppingAt = Date.now();
    child.kill('SIGTERM');
    assert.deepEqual(await exited(child), { code: 0, signal: null });
    assert.ok(Date.now() - stoppingAt < 20_000, 'the stop did not wait for the runs to end');
    assert.equal(sink.requestsTo('/grace-second').length, 0);

    ({ child, client } = await start(dataDir, port));
    const runs = await settled(client, workflow, 30_000);
    assert.deepEqual(runs.map(eventIdOf).sort(), ['grace-1', 'grace-2']);
    for (const run of runs) {
      assert.equal(run.properties.status, 'Succeeded', JSON.stringify(run.properties.error));
      const actions = await client.call('GET', `${api(workflow)}/runs/${run.name}/actions`);
      assert.deepEqual(actions.body.value.map((action: any) => [action.name, action.properties.status]).sort(), [
        ['First', 'Succeeded'],
        ['Pause', 'Succeeded'],
        ['Second', 'Succeeded'],
      ]);
    }
    const first = requestsPerRun(sink, '/grace-first');
    const second = requestsPerRun(sink, '/grace-second');
    for (const run of runs) {
      assert.equal(first.get(run.name), 1, 'the action finished before the stop is not repeated');
      assert.equal(second.get(run.name), 1);
    }
    child.kill('SIGTERM');
    assert.equal((await exited(child)).code, 0);
  });
});
