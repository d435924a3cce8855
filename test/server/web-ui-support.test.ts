/**
 * What the server does for the web UI: serves the built app at `/` with a fallback for its pages (leaving `/api`
 * answers alone), tells a caller its permissions at a scope, validates a workflow without saving it, and streams
 * run changes the caller may read as server-sent events.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { request } from 'undici';
import { eventually } from '../support/defender.js';
import { assignRole, createPrincipal } from '../support/principals.js';
import { listenLive as listen } from '../support/live-stream.js';
import { TEST_TOKEN, type TestServer, apiClient, startTestServer } from '../support/riposte-server.js';

const INDEX = '<!doctype html><title>Riposte UI</title><div id="root"></div>';
const SCRIPT = 'console.log("riposte");';

let server: TestServer;
let webRoot: string;

/** A test server serving a fake build in a temporary directory. */
function startWithWebRoot(): Promise<TestServer> {
  return startTestServer({}, { webRoot });
}

before(async () => {
  webRoot = await mkdtemp(join(tmpdir(), 'riposte-web-'));
  await mkdir(join(webRoot, 'assets'));
  await writeFile(join(webRoot, 'index.html'), INDEX);
  await writeFile(join(webRoot, 'assets', 'index-3f2a9c.js'), SCRIPT);
  await writeFile(join(webRoot, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  await writeFile(join(webRoot, '.secret'), 'hidden');
  server = await startWithWebRoot();
});
after(async () => {
  await server.stop();
  await rm(webRoot, { recursive: true, force: true });
});

async function get(path: string, headers: Record<string, string> = {}) {
  const response = await request(`${server.url}${path}`, { headers });
  return { status: response.statusCode, headers: response.headers, text: await response.body.text() };
}

describe('the web UI', () => {
  it('serves index.html at / without caching, with the security headers', async () => {
    const page = await get('/');
    assert.equal(page.status, 200);
    assert.equal(page.text, INDEX);
    assert.match(String(page.headers['content-type']), /text\/html/);
    assert.equal(page.headers['cache-control'], 'no-cache');
    assert.equal(page.headers['content-security-policy'], "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'");
    assert.equal(page.headers['x-content-type-options'], 'nosniff');
  });

  it('caches hashed assets for good and answers a missing one with a 404', async () => {
    const script = await get('/assets/index-3f2a9c.js');
    assert.equal(script.status, 200);
    assert.equal(script.text, SCRIPT);
    assert.match(String(script.headers['content-type']), /javascript/);
    assert.equal(script.headers['cache-control'], 'public, max-age=31536000, immutable');
    assert.equal((await get('/assets/missing-000.js')).status, 404);
  });

  it('answers the app for its pages and serves the build\'s other files', async () => {
    for (const path of ['/workflows', '/subscriptions/s1/resourceGroups/soc/workflows/notify/runs?tab=graph', '/index.html']) {
      const page = await get(path);
      assert.equal(page.status, 200, path);
      assert.equal(page.text, INDEX, path);
      assert.equal(page.headers['cache-control'], 'no-cache', path);
    }
    const icon = await get('/favicon.svg');
    assert.equal(icon.status, 200);
    assert.match(String(icon.headers['content-type']), /svg/);
  });

  it('never serves dotfiles or files outside the build', async () => {
    for (const path of ['/.secret', '/..%2fpackage.json', '/%2e%2e/%2e%2e/package.json', '/assets/..%2f.secret']) {
      const page = await get(path);
      assert.ok(!page.text.includes('hidden') && !page.text.includes('"name"'), `${path}: ${page.status} ${page.text.slice(0, 80)}`);
    }
  });

  it('leaves /api answers, health and the OpenAPI document as they were', async () => {
    const stranger = await get('/api/no-such-thing');
    assert.equal(stranger.status, 401);
    assert.equal(JSON.parse(stranger.text).error.code, 'AuthenticationFailed');
    const missing = await server.call('GET', '/api/no-such-thing');
    assert.equal(missing.status, 404);
    assert.equal(missing.body.error.code, 'NotFound');
    assert.equal((await server.call('GET', '/healthz')).body.status, 'ok');
    assert.equal((await server.call('GET', '/api/openapi.json')).status, 200);
    const post = await server.call('POST', '/workflows', {});
    assert.equal(post.status, 404);
    assert.equal(post.body.error.code, 'NotFound');
  });

  it('says how to build the UI while it is not built', async () => {
    await rm(join(webRoot, 'index.html'));
    try {
      for (const path of ['/', '/workflows']) {
        const page = await get(path);
        assert.equal(page.status, 200);
        assert.match(page.text, /npm run build/);
        assert.equal(page.headers['x-content-type-options'], 'nosniff');
      }
    } finally {
      await writeFile(join(webRoot, 'index.html'), INDEX);
    }
  });
});

describe('caller permissions', () => {
  const PERMISSIONS = '/providers/Microsoft.Authorization/permissions';

  it('the root Owner holds every action everywhere', async () => {
    const root = await server.call('GET', `/api${PERMISSIONS}`);
    assert.equal(root.status, 200);
    assert.deepEqual(root.body, { value: [{ actions: ['*'], notActions: [] }] });
    const sub = await server.call('GET', `/api/subscriptions/${randomUUID()}${PERMISSIONS}`);
    assert.deepEqual(sub.body.value, [{ actions: ['*'], notActions: [] }]);
  });

  it('a Reader of a subscription reads there and below, and holds nothing elsewhere', async () => {
    const sub = `/subscriptions/${randomUUID()}`;
    const reader = await createPrincipal(server, `reader-${randomUUID()}`);
    await assignRole(server, reader.id, 'Reader', sub);
    const expected = { value: [{ actions: ['*/read'], notActions: [] }] };
    assert.deepEqual((await reader.client.call('GET', `/api${sub}${PERMISSIONS}`)).body, expected);
    const workflow = `${sub}/resourceGroups/soc/providers/Microsoft.Logic/workflows/notify`;
    assert.deepEqual((await reader.client.call('GET', `/api${workflow}${PERMISSIONS}`)).body, expected);
    assert.deepEqual((await reader.client.call('GET', `/api${workflow}/runs/r1${PERMISSIONS}`)).body, expected);
    assert.deepEqual((await reader.client.call('GET', `/api${PERMISSIONS}`)).body, { value: [] });
    assert.deepEqual((await reader.client.call('GET', `/api/subscriptions/${randomUUID()}${PERMISSIONS}`)).body, { value: [] });
    assert.deepEqual((await reader.client.call('GET', `/api/providers/Microsoft.Management/managementGroups/corp${PERMISSIONS}`)).body, { value: [] });
  });

  it('needs a signed-in caller and a scope', async () => {
    assert.equal((await apiClient(server.url, null).call('GET', `/api${PERMISSIONS}`)).status, 401);
    const bad = await server.call('GET', `/api/subscriptions/not%20a%20scope${PERMISSIONS}`);
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.code, 'InvalidScope');
  });
});

describe('workflow validation', () => {
  const workflow = () => `/subscriptions/${randomUUID()}/resourceGroups/soc/providers/Microsoft.Logic/workflows/draft`;
  const valid = { properties: { definition: { triggers: { manual: { type: 'Request', kind: 'Http' } }, actions: { Echo: { type: 'Compose', inputs: '@triggerBody()' } } } } };
  const invalid = { properties: { definition: { triggers: { manual: { type: 'Request', kind: 'Http' } }, actions: { Echo: { type: 'Compose', inputs: '@triggerBody(', runAfter: { Nowhere: ['Succeeded'] } } } } } };

  it('answers {} for a valid workflow and stores nothing', async () => {
    const id = workflow();
    const checked = await server.call('POST', `/api${id}/validate`, valid);
    assert.equal(checked.status, 200, JSON.stringify(checked.body));
    assert.deepEqual(checked.body, {});
    assert.equal((await server.call('GET', `/api${id}`)).status, 404);
  });

  it('answers the 400 a PUT would, with each problem\'s target', async () => {
    const id = workflow();
    const checked = await server.call('POST', `/api${id}/validate`, invalid);
    assert.equal(checked.status, 400);
    const put = await server.call('PUT', `/api${id}`, invalid);
    assert.deepEqual(checked.body, put.body);
    assert.equal(checked.body.error.code, 'InvalidWorkflowDefinition');
    assert.ok(checked.body.error.details.length >= 1);
    for (const detail of checked.body.error.details) assert.match(detail.target, /^properties\.definition\./);
    const noDefinition = await server.call('POST', `/api${workflow()}/validate`, { properties: {} });
    assert.equal(noDefinition.status, 400);
    assert.equal(noDefinition.body.error.target, 'properties.definition');
  });

  it('needs the validate action at the workflow', async () => {
    const sub = `/subscriptions/${randomUUID()}`;
    const reader = await createPrincipal(server, `reader-${randomUUID()}`);
    await assignRole(server, reader.id, 'Reader', sub);
    const refused = await reader.client.call('POST', `/api${sub}/resourceGroups/soc/providers/Microsoft.Logic/workflows/draft/validate`, valid);
    assert.equal(refused.status, 403);
    assert.match(refused.body.error.message, /Microsoft\.Logic\/workflows\/validate\/action/);
  });
});

describe('live updates', () => {
  it('stream run changes the caller may read, and no others', async () => {
    const sub = `/subscriptions/${randomUUID()}`;
    const mine = `${sub}/resourceGroups/red/providers/Microsoft.Logic/workflows/mine`;
    const theirs = `${sub}/resourceGroups/blue/providers/Microsoft.Logic/workflows/theirs`;
    const definition = { triggers: { manual: { type: 'Request', kind: 'Http' } }, actions: {} };
    for (const id of [mine, theirs]) assert.equal((await server.call('PUT', `/api${id}`, { properties: { definition } })).status, 201);
    const reader = await createPrincipal(server, `reader-${randomUUID()}`);
    await assignRole(server, reader.id, 'Reader', `${sub}/resourceGroups/red`);
    const stream = await listen(server.url, reader.token);
    try {
      assert.equal(stream.status, 200);
      assert.match(String(stream.headers['content-type']), /^text\/event-stream/);
      const run = async (workflow: string) => {
        const started = await server.call('POST', `/api${workflow}/triggers/manual/run`, {});
        assert.equal(started.status, 202, JSON.stringify(started.body));
        return `${workflow}/runs/${started.body.runId}`;
      };
      const hidden = await run(theirs);
      const first = await run(mine);
      const done = (id: string) => stream.events.find((event) => event.event === 'run' && event.data.id === id && event.data.status === 'Succeeded');
      const finished = await eventually('the run to be reported finished', async () => done(first));
      assert.deepEqual(Object.keys(finished.data).sort(), ['endTime', 'id', 'startTime', 'status', 'workflowId']);
      assert.equal(finished.data.workflowId, mine);
      assert.ok(finished.data.startTime && finished.data.endTime);
      assert.ok(stream.events.some((event) => event.data.id === first && event.data.status === 'Running'), 'Running is reported too');
      // Once the hidden run has finished, a later run of the readable one shows its events were passed over.
      await eventually('the hidden run to finish', async () => ((await server.call('GET', `/api${hidden}`)).body.properties?.status === 'Succeeded' ? true : undefined));
      const second = await run(mine);
      await eventually('the second run to be reported', async () => done(second));
      assert.deepEqual(stream.events.filter((event) => event.data.workflowId.toLowerCase() !== mine.toLowerCase()), []);
    } finally {
      await stream.close();
    }
  });

  it('needs a signed-in caller', async () => {
    assert.equal((await apiClient(server.url, null).call('GET', '/api/live')).status, 401);
  });

  it('ends open streams when the server stops, without holding the stop up', async () => {
    const other = await startWithWebRoot();
    const stream = await listen(other.url, TEST_TOKEN);
    assert.equal(stream.status, 200);
    const stopping = Date.now();
    await other.stop();
    assert.ok(Date.now() - stopping < 3_000, `the stop took ${Date.now() - stopping} ms`);
    await stream.reading;
    assert.ok(stream.ended());
    await stream.close();
  });
});
