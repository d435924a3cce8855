/**
 * Scale-out on PostgreSQL, as separate processes: one API (`serve --api-only`) and three workers share a database;
 * 2,000 alerts matched by 3 automations make 6,000 runs. Mid-way one worker and the API are killed (SIGKILL) and
 * the API restarted: every run completes, none is created twice or left stuck, and the dead worker's runs are
 * taken over once their leases run out. Needs the built CLI (`npm run build`, done by `npm test`).
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, describe, it } from 'node:test';
import pg from 'pg';
import { request } from 'undici';
import { alertDefinition, api, automationBody, automationId, eventually, flatAlert, httpPost, listAll, newSubscription, sleep, workflowId } from '../support/defender.js';
import { type HttpSink, startHttpSink } from '../support/http-sink.js';
import { parsePrometheusText } from '../support/prometheus-text.js';
import { assignRole, createPrincipal } from '../support/principals.js';
import { loadConfig } from '../../src/config/config.js';
import { startWorker } from '../../src/server/start-worker.js';
import { listenLive } from '../support/live-stream.js';
import { type ApiClient, TEST_TOKEN, apiClient, freePort, removeTestData, spawnServer, startTestServer } from '../support/riposte-server.js';
import { databaseEnvFor, postgresServerUrl, postgresSkipReason, testDialect } from '../support/test-database.js';

const ALERTS = 2_000;
const AUTOMATIONS = 3;
const LEASE_MS = 3_000;
const BATCH = 100;
const env = {
  RIPOSTE_LEASE_MS: String(LEASE_MS),
  RIPOSTE_SECRET_KEY: '00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff',
  RIPOSTE_LOG_LEVEL: 'warn',
};
const bin = fileURLToPath(new URL('../../bin/riposte.js', import.meta.url));

const skip = testDialect !== 'postgres' ? 'runs in the PostgreSQL pass of npm test (RIPOSTE_TEST_DIALECT=postgres)' : postgresSkipReason;

const children = new Set<ChildProcess>();
const dirs: string[] = [];
after(async () => {
  for (const child of children) child.kill('SIGKILL');
  for (const dir of dirs) await removeTestData(dir);
});

function track(child: ChildProcess): ChildProcess {
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

interface Worker {
  readonly child: ChildProcess;
  readonly id: string;
  /** Its /metrics, /healthz and /readyz. */
  readonly probes: string;
}

/** A `riposte worker` process; resolves with its lease owner name once it runs. */
async function spawnWorker(databaseEnv: Record<string, string>, dataDir: string): Promise<Worker> {
  const metricsPort = await freePort();
  const args = [bin, 'worker', '--data', dataDir, '--metrics-port', String(metricsPort)];
  const child = track(spawn(process.execPath, args, { env: { ...process.env, ...env, ...databaseEnv }, stdio: ['ignore', 'pipe', 'pipe'] }));
  let output = '';
  const id = await new Promise<string>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /worker (\S+) is running/.exec(output);
      if (match) resolve(match[1] as string);
    });
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`worker exited with ${code}: ${output}`)));
  });
  return { child, id, probes: `http://127.0.0.1:${metricsPort}` };
}

async function metricOf(worker: Worker, name: string): Promise<number> {
  const response = await request(`${worker.probes}/metrics`);
  assert.equal(response.statusCode, 200);
  return parsePrometheusText(await response.body.text()).value(name) ?? 0;
}

function killed(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  const exit = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGKILL');
  return exit;
}

describe('scale-out on PostgreSQL: 1 API + 3 workers', { skip }, () => {
  it('2,000 alerts × 3 automations: a worker and the API killed mid-way, all 6,000 runs complete exactly once', { timeout: 240_000 }, async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'riposte-scale-'));
    dirs.push(dataDir);
    const databaseEnv = await databaseEnvFor(dataDir);
    const database = new pg.Client({ connectionString: databaseEnv['RIPOSTE_DATABASE_URL'] });
    // A little latency keeps runs in flight on every worker, so the kill interrupts some.
    const sink: HttpSink = await startHttpSink([{ status: 200, body: { ok: true }, delayMs: 5 }]);
    try {
      const port = await freePort();
      const apiEnv = { ...env, RIPOSTE_API_ONLY: 'true' };
      let apiProcess = track((await spawnServer(dataDir, port, apiEnv)).child);
      let client: ApiClient = apiClient(`http://127.0.0.1:${port}`);
      await database.connect();
      const workers = await Promise.all([1, 2, 3].map(() => spawnWorker(databaseEnv, dataDir)));

      const sub = newSubscription();
      for (let index = 0; index < AUTOMATIONS; index++) {
        const workflow = workflowId(sub, 'scale', `notify-${index}`);
        const body = { alert: "@{triggerBody()?['SystemAlertId']}", run: "@{workflow()?['run']?['name']}" };
        const created = await client.call('PUT', api(workflow), { properties: { definition: alertDefinition({ Notify: httpPost(`${sink.url}/notify-${index}`, body) }) } });
        assert.equal(created.status, 201, JSON.stringify(created.body));
        const automation = await client.call('PUT', api(automationId(sub, 'scale', `every-alert-${index}`)), automationBody({ eventSource: 'Alerts', workflowIds: [workflow] }));
        assert.equal(automation.status, 201, JSON.stringify(automation.body));
      }

      const finished = async () => Number((await database.query(`select count(*) as n from runs where status not in ('Queued', 'Running')`)).rows[0].n);
      /** Posts alerts [from, to) in batches; a batch the API did not answer (it was killed) is posted again. */
      const post = async (from: number, to: number) => {
        for (let start = from; start < to; start += BATCH) {
          const alerts = Array.from({ length: Math.min(BATCH, to - start) }, (_, offset) => flatAlert({ sub, id: `scale-${String(start + offset).padStart(5, '0')}` }));
          for (;;) {
            try {
              const response = await client.call('POST', '/api/events', { value: alerts });
              assert.equal(response.status, 202, JSON.stringify(response.body));
              break;
            } catch (error) {
              if (error instanceof assert.AssertionError) throw error;
              await sleep(200);
            }
          }
        }
      };

      await post(0, ALERTS / 2);
      await eventually('a third of the runs to finish', async () => ((await finished()) >= ALERTS ? true : undefined), 120_000, 50);

      // The kill: one worker and the API, at once, with runs in flight on the worker.
      const victim = workers[0] as Worker;
      const survivors = workers.slice(1);
      for (const worker of workers) assert.equal((await request(`${worker.probes}/readyz`)).statusCode, 200);
      // Frozen first, so the runs it holds can be listed before it dies without it claiming more meanwhile.
      victim.child.kill('SIGSTOP');
      const heldRuns = (await database.query('select id from runs where lease_owner = $1 and status = $2', [victim.id, 'Running'])).rows.map((row) => row.id as string);
      const held = heldRuns.length;
      const killedAt = Date.now();
      await Promise.all([killed(victim.child), killed(apiProcess)]);
      // A commit the worker sent just before it froze may still land and finish some of those runs. The runs still
      // held once its sessions are gone — well before its leases, renewed every third of the lease, run out — can
      // only end by being taken over.
      await sleep(500);
      const stillHeld = Number((await database.query('select count(*) as n from runs where lease_owner = $1 and status = $2', [victim.id, 'Running'])).rows[0].n);
      // The dead worker's runs are taken over once its leases expire (renewed every third of the lease), while the
      // API restarts and the rest of the alerts arrive.
      const takeover = eventually(
        "the killed worker's runs to be taken over",
        async () => (Number((await database.query('select count(*) as n from runs where lease_owner = $1', [victim.id])).rows[0].n) === 0 ? Date.now() - killedAt : undefined),
        LEASE_MS * 3,
        25,
      );
      apiProcess = track((await spawnServer(dataDir, port, apiEnv)).child);
      client = apiClient(`http://127.0.0.1:${port}`);
      await post(ALERTS / 2, ALERTS);
      const takeoverMs = await takeover;

      const total = ALERTS * AUTOMATIONS;
      await eventually('every run to finish', async () => ((await finished()) >= total ? true : undefined), 180_000, 250);
      const statuses = (await database.query('select status, count(*) as n from runs group by status')).rows.map((row) => `${row.status}=${row.n}`);
      assert.deepEqual(statuses, [`Succeeded=${total}`], 'every run Succeeded, none stuck');
      const distinct = (await database.query('select count(distinct (automation_key, event_key)) as n from runs')).rows[0].n;
      assert.equal(Number(distinct), total, 'one run per (automation, alert): none created twice');
      assert.ok(takeoverMs <= LEASE_MS + 2_000, `the lease takeover took ${takeoverMs} ms, over the ${LEASE_MS} ms lease`);

      // At least once at the sink: every run arrived; a repeat only for a run the killed worker was executing, and
      // always with the same idempotency key, so the receiver can drop it.
      const keysByRun = new Map<string, Set<string>>();
      for (const request of sink.requests) {
        const run = (JSON.parse(request.body) as { run: string }).run;
        const keys = keysByRun.get(run) ?? new Set<string>();
        keys.add(`${request.headers['idempotency-key']} ${request.headers['x-ms-tracking-id']}`);
        keysByRun.set(run, keys);
      }
      assert.equal(keysByRun.size, total, 'every run reached the sink');
      for (const [run, keys] of keysByRun) assert.deepEqual([...keys], [`${run}:Notify ${run}:Notify`], `run ${run} always sent one idempotency key`);
      const repeats = sink.requests.length - total;
      const deliveries = new Map<string, number>();
      for (const request of sink.requests) {
        const run = (JSON.parse(request.body) as { run: string }).run;
        deliveries.set(run, (deliveries.get(run) ?? 0) + 1);
      }
      const repeated = [...deliveries].filter(([, count]) => count > 1).map(([run]) => run);
      assert.deepEqual(repeated.filter((run) => !heldRuns.includes(run)), [], 'only runs the killed worker was executing were delivered again');
      const takeovers = (await Promise.all(survivors.map((worker) => metricOf(worker, 'riposte_lease_takeovers_total')))).reduce((sum, n) => sum + n, 0);
      assert.ok(stillHeld === 0 || takeovers >= 1, `${stillHeld} runs held by the killed worker, and the surviving workers report ${takeovers} lease takeovers`);
      console.log(`# scale-out: ${total} runs, ${held} held by the killed worker (${stillHeld} after it died), takeover after ${takeoverMs} ms, ${repeats} repeated deliveries`);
    } finally {
      await database.end().catch(() => undefined);
      await sink.close();
    }
  });

  it('two API processes: what one changes (automations, workflows, the hierarchy, access) the other uses at once', { timeout: 60_000 }, async () => {
    const first = await startTestServer();
    const second = await startTestServer({}, { dataDir: first.dataDir });
    const sink = await startHttpSink([{ status: 200 }]);
    try {
      const sub = newSubscription();
      const workflow = workflowId(sub, 'coherent', 'notify');
      const definition = (path: string) => alertDefinition({ Notify: httpPost(`${sink.url}${path}`, { ok: true }) });
      assert.equal((await first.call('PUT', api(workflow), { properties: { definition: definition('/v1') } })).status, 201);
      assert.equal((await first.call('PUT', api(automationId(sub, 'coherent', 'all')), automationBody({ eventSource: 'Alerts', workflowIds: [workflow] }))).status, 201);
      // The automation created through the first API matches an alert posted to the second.
      await eventually('the second API to match with the new automation', async () => {
        const posted = await second.call('POST', '/api/events', { value: [flatAlert({ sub })] });
        return posted.status === 202 && sink.requestsTo('/v1').length > 0 ? true : undefined;
      }, 10_000, 100);
      // A new version of the workflow saved through the first is what the second's runs execute.
      assert.equal((await first.call('PUT', api(workflow), { properties: { definition: definition('/v2') } })).status, 200);
      await eventually('the second API to queue runs of the new version', async () => {
        await second.call('POST', '/api/events', { value: [flatAlert({ sub })] });
        return sink.requestsTo('/v2').length > 0 ? true : undefined;
      }, 10_000, 100);
      // A management group and a move made through the first are seen by the second.
      assert.equal((await first.call('PUT', '/api/providers/Microsoft.Management/managementGroups/coherent', { properties: { displayName: 'Coherent' } })).status, 201);
      assert.equal((await first.call('PUT', `/api/subscriptions/${sub}`, { properties: { managementGroupId: '/providers/Microsoft.Management/managementGroups/coherent' } })).status, 200);
      await eventually('the second API to see the move', async () => {
        const seen = await second.call('GET', `/api/subscriptions/${sub}`);
        return JSON.stringify(seen.body).toLowerCase().includes('managementgroups/coherent') ? true : undefined;
      });
      // Access granted and then removed through the first holds at once on the second.
      const reader = await createPrincipal(first, 'coherent-reader');
      const assignment = await assignRole(first, reader.id, 'Reader', `/subscriptions/${sub}`);
      const asReader = apiClient(second.url, reader.token);
      await eventually('the reader to read through the second API', async () => ((await asReader.call('GET', api(workflow))).status === 200 ? true : undefined));
      assert.equal((await first.call('DELETE', `/api${assignment.id}`)).status, 200);
      // Sooner than the cached access would expire by itself (2 s).
      await eventually('the second API to refuse the reader', async () => ((await asReader.call('GET', api(workflow))).status === 403 ? true : undefined), 1_000);
      // With two root Owners, deleting both at once through the two APIs leaves one: the check is serialised.
      const owner = await createPrincipal(first, 'second-owner');
      await assignRole(first, owner.id, 'Owner', '/');
      const all = await first.call('GET', '/api/providers/Microsoft.Authorization/roleAssignments?$filter=atScope()');
      const rootOwners = (all.body.value as any[]).filter((item) => item.properties.scope === '/' && /8e3af657-a8ff-443c-a75c-2fe8c4bcb635$/i.test(item.properties.roleDefinitionId));
      assert.equal(rootOwners.length, 2, JSON.stringify(all.body));
      const deletions = await Promise.all(rootOwners.map((item, index) => (index === 0 ? first : second).call('DELETE', `/api${item.id}`)));
      // Exactly one deletion goes through. The other is refused as the last Owner (409), or — when the deletion of
      // the caller's own assignment went first — because the caller is no Owner any more (403).
      const statuses = deletions.map((answer) => answer.status).sort();
      assert.equal(statuses[0], 200, JSON.stringify(deletions.map((answer) => answer.body)));
      assert.ok(statuses[1] === 403 || statuses[1] === 409, JSON.stringify(deletions.map((answer) => answer.body)));
      // Either way one root Owner is left, and whoever it is can still see it.
      const survivors = await Promise.all([first, owner.client].map((client) => client.call('GET', '/api/providers/Microsoft.Authorization/roleAssignments?$filter=atScope()')));
      const visible = survivors.find((answer) => answer.status === 200);
      const owners = (visible?.body.value as any[] | undefined)?.filter((item) => item.properties.scope === '/' && /8e3af657-a8ff-443c-a75c-2fe8c4bcb635$/i.test(item.properties.roleDefinitionId));
      assert.equal(owners?.length, 1, JSON.stringify(survivors.map((answer) => answer.body)));
    } finally {
      await sink.close();
      await second.server.stop();
      await first.stop();
    }
  });

  it('an API-only server streams the status of runs a worker executes', { timeout: 30_000 }, async () => {
    const api_ = await startTestServer({ RIPOSTE_API_ONLY: 'true' });
    const worker = await startWorkerIn(api_.dataDir);
    const sink = await startHttpSink([{ status: 200 }]);
    const live = await listenLive(api_.url, TEST_TOKEN);
    try {
      const sub = newSubscription();
      const workflow = workflowId(sub, 'live', 'notify');
      assert.equal((await api_.call('PUT', api(workflow), { properties: { definition: alertDefinition({ Notify: httpPost(`${sink.url}/live`, { ok: true }) }) } })).status, 201);
      assert.equal((await api_.call('PUT', api(automationId(sub, 'live', 'all')), automationBody({ eventSource: 'Alerts', workflowIds: [workflow] }))).status, 201);
      assert.equal((await api_.call('POST', '/api/events', { value: [flatAlert({ sub })] })).status, 202);
      const statuses = await eventually('the worker\'s run to be streamed to its end', () => {
        const seen = live.events.filter((event) => event.event === 'run' && event.data.workflowId === workflow).map((event) => event.data.status as string);
        return seen.includes('Succeeded') ? seen : undefined;
      });
      assert.deepEqual(statuses, ['Running', 'Succeeded']);
    } finally {
      await live.close();
      await sink.close();
      await worker.stop();
      await api_.stop();
    }
  });

  it('a worker runs the new definition of a workflow deleted and created again (its versions number from 1 again)', { timeout: 30_000 }, async () => {
    const apiServer = await startTestServer({ RIPOSTE_API_ONLY: 'true' });
    const worker = await startWorkerIn(apiServer.dataDir);
    const sink = await startHttpSink([{ status: 200 }]);
    try {
      const sub = newSubscription();
      const workflow = workflowId(sub, 'again', 'notify');
      const automation = automationId(sub, 'again', 'all');
      for (const path of ['/first', '/second']) {
        assert.equal((await apiServer.call('PUT', api(workflow), { properties: { definition: alertDefinition({ Notify: httpPost(`${sink.url}${path}`, { ok: true }) }) } })).status, 201);
        assert.equal((await apiServer.call('PUT', api(automation), automationBody({ eventSource: 'Alerts', workflowIds: [workflow] }))).status, 201);
        assert.equal((await apiServer.call('POST', '/api/events', { value: [flatAlert({ sub })] })).status, 202);
        await eventually(`the worker's run to reach ${path}`, () => (sink.requestsTo(path).length === 1 ? true : undefined));
        assert.equal((await apiServer.call('DELETE', api(automation))).status, 200);
        assert.equal((await apiServer.call('DELETE', api(workflow))).status, 200);
      }
      assert.equal(sink.requestsTo('/first').length, 1, 'the first definition ran once, for the first alert only');
    } finally {
      await sink.close();
      await worker.stop();
      await apiServer.stop();
    }
  });

  it('PostgreSQL ending the server\'s sessions, then refusing connections for a while: the server stays up, every run completes', { timeout: 90_000 }, async () => {
    const server = await startTestServer({ RIPOSTE_LEASE_MS: '3000' });
    const sink = await startHttpSink([{ status: 200, delayMs: 50 }]);
    const slowSink = await startHttpSink([{ status: 200, delayMs: 20_000 }]);
    // Connected to another database of the same PostgreSQL server, as an administrator would be.
    const admin = new pg.Client({ connectionString: postgresServerUrl() });
    await admin.connect();
    const name = new URL((await databaseEnvFor(server.dataDir))['RIPOSTE_DATABASE_URL'] as string).pathname.slice(1);
    const database = admin.escapeIdentifier(name);
    const endSessions = async () => {
      const result = await admin.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1', [name]);
      return result.rowCount ?? 0;
    };
    try {
      const sub = newSubscription();
      const workflow = workflowId(sub, 'dropped', 'two-calls');
      const body = { run: "@{workflow()?['run']?['name']}" };
      const definition = alertDefinition({ First: httpPost(`${sink.url}/first`, body), Second: httpPost(`${sink.url}/second`, body, { First: ['Succeeded'] }) });
      assert.equal((await server.call('PUT', api(workflow), { properties: { definition } })).status, 201);
      assert.equal((await server.call('PUT', api(automationId(sub, 'dropped', 'all')), automationBody({ eventSource: 'Alerts', workflowIds: [workflow] }))).status, 201);
      const postAlerts = async (from: number) => {
        const alerts = Array.from({ length: 200 }, (_, i) => flatAlert({ sub, id: `dropped-${from + i}` }));
        assert.equal((await server.call('POST', '/api/events', { value: alerts })).status, 202);
        await eventually('runs to be executing', () => (sink.requestsTo('/first').length >= from + 20 ? true : undefined));
      };

      // Every session of the server's database ended, again and again while runs write their journals (what a
      // restart or a failover does to connections): statements in flight fail, a transaction's connection may die
      // between two of its statements, and neither may take the process down or lose a run.
      await postAlerts(0);
      let ended = 0;
      for (let round = 0; round < 10; round++) {
        ended += await endSessions();
        await sleep(30);
      }
      assert.ok(ended > 0, 'sessions were ended');

      // Then an outage shorter than a lease: no new connection for half a second. Writes fail even when tried again,
      // so runs stop part-way; their leases run out and they are resumed from their journals — also while the server
      // is still executing other runs (a slow one here), whose leases it keeps renewing.
      const slowSub = newSubscription();
      const slow = workflowId(slowSub, 'dropped', 'slow');
      assert.equal((await server.call('PUT', api(slow), { properties: { definition: alertDefinition({ Call: httpPost(`${slowSink.url}/slow`, body) }) } })).status, 201);
      assert.equal((await server.call('PUT', api(automationId(slowSub, 'dropped', 'slow')), automationBody({ eventSource: 'Alerts', workflowIds: [slow] }))).status, 201);
      assert.equal((await server.call('POST', '/api/events', { value: [flatAlert({ sub: slowSub })] })).status, 202);
      await eventually('the slow run to be executing', () => (slowSink.requests.length === 1 ? true : undefined));
      await postAlerts(200);
      await admin.query(`alter database ${database} allow_connections false`);
      try {
        await endSessions();
        await sleep(500);
      } finally {
        await admin.query(`alter database ${database} allow_connections true`);
      }

      const runs = await eventually(
        'every run to finish while the slow one is still executing',
        async () => {
          const list = await listAll(server, `${api(workflow)}/runs?$top=1000`);
          return list.length === 400 && list.every((run) => !['Queued', 'Running'].includes(run.properties.status)) ? list : undefined;
        },
        15_000,
        200,
      );
      assert.deepEqual(runs.filter((run) => run.properties.status !== 'Succeeded').map((run) => [run.name, run.properties.error]), []);
      const secondCalls = new Set(sink.requestsTo('/second').map((request) => JSON.parse(request.body).run as string));
      for (const run of runs) assert.ok(secondCalls.has(run.name), `run ${run.name} made its second call`);
    } finally {
      await admin.end();
      await sink.close();
      await slowSink.close();
      await server.stop();
    }
  });

  it('workers wake on NOTIFY, not on their poll, and the concurrency limit holds across them', { timeout: 60_000 }, async () => {
    // A 60 s lease makes the poll every 30 s: runs finishing within seconds were claimed on a notification.
    const env = { RIPOSTE_LEASE_MS: '60000', RIPOSTE_MAX_CONCURRENT_RUNS: '3' };
    const apiServer = await startTestServer({ ...env, RIPOSTE_API_ONLY: 'true' });
    const workers = await Promise.all([1, 2].map(() => startWorkerIn(apiServer.dataDir, env)));
    const sink = await startHttpSink([{ status: 200, delayMs: 150 }]);
    try {
      const sub = newSubscription();
      const workflow = workflowId(sub, 'limits', 'slow');
      assert.equal((await apiServer.call('PUT', api(workflow), { properties: { definition: alertDefinition({ Notify: httpPost(`${sink.url}/slow`, { ok: true }) }) } })).status, 201);
      assert.equal((await apiServer.call('PUT', api(automationId(sub, 'limits', 'all')), automationBody({ eventSource: 'Alerts', workflowIds: [workflow] }))).status, 201);
      const started = Date.now();
      assert.equal((await apiServer.call('POST', '/api/events', { value: Array.from({ length: 12 }, () => flatAlert({ sub })) })).status, 202);
      const runs = await eventually('all 12 runs to succeed', async () => {
        const listed = await apiServer.call('GET', `${api(workflow)}/runs`);
        return listed.body.value.length === 12 && listed.body.value.every((run: any) => run.properties.status === 'Succeeded') ? listed.body.value : undefined;
      }, 15_000, 20);
      assert.equal(runs.length, 12);
      assert.ok(Date.now() - started < 10_000, `the runs took ${Date.now() - started} ms: the workers waited for their poll`);
      assert.ok(sink.maxInFlightTo('/slow') <= 3, `${sink.maxInFlightTo('/slow')} runs executed at once across the workers; the limit is 3`);
      assert.ok(sink.maxInFlightTo('/slow') >= 2, 'the two workers shared the work');
    } finally {
      for (const worker of workers) await worker.stop();
      await sink.close();
      await apiServer.stop();
    }
  });
});

/** A worker in this process, on the database of a test server's data directory. */
async function startWorkerIn(dataDir: string, env: Record<string, string> = {}) {
  const config = loadConfig({ data: dataDir }, { ...(await databaseEnvFor(dataDir)), RIPOSTE_LOG_LEVEL: 'silent', RIPOSTE_LEASE_MS: '2000', ...env });
  return startWorker(config);
}
