/**
 * Secrets stay out of what a run stores and shows: the values of `securestring`/`secureobject` parameters never
 * appear in the run record or the journal, and `runtimeConfiguration.secureData` hides an action's inputs/outputs
 * (and, as Logic Apps does, the inputs of the actions that use them), while every action still computes with the
 * real values.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { JournalEntry, RunRecord } from '../../src/workflows/index.js';
import { type SinkScript, refusedUrl } from '../support/http-sink.js';
import { action, after, compileOk, run, runCompiled, sinksClosedAfterEachTest } from '../support/workflow-harness.js';


const sink = sinksClosedAfterEachTest();

/** Echoes the request body back as JSON. */
const echo: SinkScript = (request) => ({ status: 200, body: request.body === '' ? {} : (JSON.parse(request.body) as unknown) });

function assertNowhere(secret: string, record: RunRecord, journal: readonly JournalEntry[]): void {
  assert.ok(!JSON.stringify(record).includes(secret), `the run record contains '${secret}':\n${JSON.stringify(record, null, 1)}`);
  const leaking = journal.filter((entry) => JSON.stringify(entry).includes(secret));
  assert.deepEqual(leaking, [], `journal entries contain '${secret}'`);
}

describe('secure parameters', () => {
  const apiKey = 'k3y-S3cr3t-9f8e7d';

  it('never appear in the record or the journal, though actions use the real value', async () => {
    const target = await sink(echo);
    const { record, journal } = await run(
      {
        parameters: { apiKey: { type: 'securestring' }, region: { type: 'string', defaultValue: 'westeurope' } },
        actions: {
          Echo: { type: 'Compose', inputs: "@parameters('apiKey')" },
          Interpolated: { type: 'Compose', inputs: { header: "Bearer @{parameters('apiKey')}", region: "@parameters('region')" } },
          Call: {
            type: 'Http',
            inputs: {
              method: 'POST',
              uri: `${target.url}/echo?key=@{parameters('apiKey')}`,
              headers: { 'x-api-key': "@parameters('apiKey')" },
              body: { key: "@parameters('apiKey')" },
            },
          },
          Uses_real_value: { type: 'Compose', inputs: `@equals(body('Call')['key'], '${apiKey}')`, runAfter: after('Call') },
          Init: { type: 'InitializeVariable', inputs: { variables: [{ name: 'token', type: 'String', value: "@parameters('apiKey')" }] } },
          Append: { type: 'AppendToStringVariable', inputs: { name: 'token', value: '-suffix' }, runAfter: after('Init') },
          Length: { type: 'Compose', inputs: "@length(variables('token'))", runAfter: after('Append') },
          Not_a_number: { type: 'Compose', inputs: "@int(parameters('apiKey'))" },
        },
        outputs: { key: { type: 'String', value: "@parameters('apiKey')" } },
      },
      { parameters: { apiKey } },
    );
    // The real value was used everywhere it was asked for.
    const [request] = target.requests;
    assert.equal(request?.headers['x-api-key'], apiKey);
    assert.equal(request?.url, `/echo?key=${apiKey}`);
    assert.deepEqual(JSON.parse(request?.body ?? ''), { key: apiKey });
    assert.equal(action(record, 'Uses_real_value').outputs, true);
    assert.equal(action(record, 'Length').outputs, apiKey.length + '-suffix'.length);
    assert.equal(action(record, 'Not_a_number').status, 'Failed');
    // Non-secret values are shown as they are.
    assert.equal((action(record, 'Interpolated').outputs as { region: string }).region, 'westeurope');
    assertNowhere(apiKey, record, journal);
  });

  it('a Foreach over secret items, resumed mid-way, still iterates the real items', async () => {
    const target = await sink(() => ({ status: 200 }));
    const workflow = compileOk({
      parameters: { apiKey: { type: 'securestring' } },
      actions: {
        Loop: {
          type: 'Foreach',
          foreach: "@createArray('first', parameters('apiKey'), 'last')",
          operationOptions: 'Sequential',
          actions: { Post: { type: 'Http', inputs: { method: 'POST', uri: `${target.url}/items`, body: { item: '@item()' } } } },
        },
      },
    });
    const full = await runCompiled(workflow, { parameters: { apiKey } });
    assertNowhere(apiKey, full.record, full.journal);
    const cut = full.journal.findIndex((entry) => entry.key === 'Loop[0]/Post') + 1;
    const resumed = await runCompiled(workflow, { parameters: { apiKey }, journal: full.journal.slice(0, cut) });
    assert.equal(resumed.record.status, 'Succeeded');
    assert.deepEqual(
      target.requests.map((request) => (JSON.parse(request.body) as { item: string }).item),
      ['first', apiKey, 'last', apiKey, 'last'],
    );
    assertNowhere(apiKey, resumed.record, resumed.journal);
  });

  it('are hidden in a Terminate error and in secure workflow outputs', async () => {
    const { record, journal } = await run(
      {
        parameters: { apiKey: { type: 'securestring' }, plain: { type: 'string', defaultValue: 'visible-value' } },
        actions: { Stop: { type: 'Terminate', inputs: { runStatus: 'Failed', runError: { code: 'Bad', message: "key @{parameters('apiKey')}" } } } },
        outputs: {
          secret: { type: 'securestring', value: "@concat('plain:', parameters('plain'))" },
          shown: { type: 'string', value: "@parameters('plain')" },
        },
      },
      { parameters: { apiKey } },
    );
    assert.equal(record.status, 'Failed');
    assert.equal(record.error?.code, 'Bad');
    assertNowhere(apiKey, record, journal);
    assertNowhere('plain:visible-value', record, journal);
    assert.equal(record.outputs?.['shown'], 'visible-value');
  });

  it('hides every string of a secureobject', async () => {
    const { record, journal } = await run(
      {
        parameters: { credentials: { type: 'secureobject' } },
        actions: { Show: { type: 'Compose', inputs: "@concat('id=', parameters('credentials')['clientId'], ';', parameters('credentials')['clientSecret'])" } },
      },
      { parameters: { credentials: { clientId: 'app-1234', clientSecret: 'pa55-w0rd-xyz' } } },
    );
    assert.equal(action(record, 'Show').status, 'Succeeded');
    assertNowhere('pa55-w0rd-xyz', record, journal);
    assertNowhere('app-1234', record, journal);
  });
});

describe('runtimeConfiguration.secureData', () => {
  const token = 'tok-7d1c0a9e55';
  const password = 'hunter2-but-longer';

  it('hides the inputs and outputs of the secured action while later actions use the real values', async () => {
    const target = await sink((request) =>
      request.url === '/token' ? { status: 200, body: { access_token: token } } : { status: 204 },
    );
    const { record, journal } = await run({
      actions: {
        Get_token: {
          type: 'Http',
          inputs: { method: 'POST', uri: `${target.url}/token`, body: { password } },
          runtimeConfiguration: { secureData: { properties: ['inputs', 'outputs'] } },
        },
        Use_token: {
          type: 'Http',
          inputs: { method: 'GET', uri: `${target.url}/alerts`, headers: { 'x-token': "@body('Get_token')['access_token']" } },
          runAfter: after('Get_token'),
        },
        Length: { type: 'Compose', inputs: "@length(body('Get_token')['access_token'])", runAfter: after('Get_token') },
        Show_length: { type: 'Compose', inputs: "@outputs('Length')", runAfter: after('Length') },
      },
    });
    assert.equal(record.status, 'Succeeded');
    assert.deepEqual(JSON.parse(target.requestsTo('/token')[0]?.body ?? ''), { password });
    assert.equal(target.requestsTo('/alerts')[0]?.headers['x-token'], token);
    const secured = action(record, 'Get_token');
    assert.equal(typeof secured.inputs, 'string');
    assert.equal(typeof secured.outputs, 'string');
    assert.match(String(secured.inputs), /redacted|secured/);
    assertNowhere(token, record, journal);
    assertNowhere(password, record, journal);
    // Logic Apps hides the inputs of an action that uses secured outputs, not its outputs.
    assert.equal(typeof action(record, 'Use_token').inputs, 'string');
    assert.equal((action(record, 'Use_token').outputs as { statusCode: number }).statusCode, 204);
    // A Compose that reads secured data is hidden entirely; what reads that Compose is not (one step, as Logic Apps).
    assert.equal(action(record, 'Length').outputs, '*** redacted ***');
    assert.equal(action(record, 'Show_length').outputs, token.length);
  });

  it('a Compose with secure inputs also hides its outputs, which are its inputs', async () => {
    const { record, journal } = await run({
      actions: {
        Secret: { type: 'Compose', inputs: { password }, runtimeConfiguration: { secureData: { properties: ['inputs'] } } },
        Uses: { type: 'Compose', inputs: "@length(outputs('Secret')['password'])", runAfter: after('Secret') },
        Show: { type: 'Compose', inputs: "@outputs('Uses')", runAfter: after('Uses') },
      },
    });
    assert.equal(action(record, 'Secret').outputs, '*** redacted ***');
    assert.equal(action(record, 'Show').outputs, password.length);
    assertNowhere(password, record, journal);
  });

  it('hides what reads secured data through result(), a Compose or a workflow output, one step only', async () => {
    const nowhere = await refusedUrl();
    const { record, journal } = await run({
      actions: {
        Try: {
          type: 'Scope',
          actions: {
            Secret: { type: 'Http', inputs: { method: 'GET', uri: `${nowhere}/?p=${password}`, retryPolicy: { type: 'none' } }, runtimeConfiguration: { secureData: { properties: ['inputs'] } } },
          },
        },
        Results: { type: 'Compose', inputs: "@result('Try')", runAfter: after('Try', ['Failed']) },
        Echo: { type: 'Compose', inputs: "@actions('Secret')['inputs']['uri']", runAfter: after('Try', ['Failed']) },
        // Logic Apps hides one step only: what reads the hidden Compose is shown again.
        Second_step: { type: 'Compose', inputs: "@length(string(outputs('Results')))", runAfter: after('Results') },
      },
      outputs: { uri: { type: 'String', value: "@actions('Secret')['inputs']['uri']" } },
    });
    assert.equal(action(record, 'Results').status, 'Succeeded');
    assert.equal(action(record, 'Results').outputs, '*** redacted ***');
    assert.equal(action(record, 'Echo').outputs, '*** redacted ***');
    assert.equal(typeof action(record, 'Second_step').outputs, 'number');
    assert.equal(record.outputs?.['uri'], '*** redacted ***');
    assertNowhere(password, record, journal);
  });

  it('does not leak secured inputs through the error message of a failed call', async () => {
    const target = await sink([{ status: 500 }]);
    const { record, journal } = await run({
      actions: {
        Call: {
          type: 'Http',
          inputs: { method: 'GET', uri: `${target.url}/hook?code=${password}`, retryPolicy: { type: 'none' } },
          runtimeConfiguration: { secureData: { properties: ['inputs'] } },
        },
      },
    });
    assert.equal(action(record, 'Call').status, 'Failed');
    assert.equal(action(record, 'Call').code, 'InternalServerError');
    assertNowhere(password, record, journal);
  });

});

describe('credential headers of an Http action', () => {
  it('are hidden wherever the run records them when the target echoes them, with the credential after the scheme', async () => {
    const password = 'hunter2-Pa55word';
    const encoded = Buffer.from(`bob:${password}`).toString('base64');
    // Echoes the request's headers back, as a debugging endpoint or a misconfigured proxy does.
    const target = await sink((request) => ({
      status: 200,
      body: { seen: request.headers['authorization'], key: request.headers['x-api-key'], cookie: request.headers['cookie'], bare: encoded },
    }));
    const { record, journal } = await run(
      {
        parameters: { pw: { type: 'string' } },
        actions: {
          Call: {
            type: 'Http',
            inputs: {
              method: 'GET',
              uri: `${target.url}/echo`,
              headers: { Authorization: "@{concat('Basic ', base64(concat('bob:', parameters('pw'))))}", 'X-Api-Key': 'K3Y-literal-123', Cookie: 'session=abcdef123' },
            },
          },
          Next: { type: 'Compose', inputs: "@body('Call')?['key']", runAfter: after('Call') },
          Uses_real_value: { type: 'Compose', inputs: "@equals(body('Call')?['key'], 'K3Y-literal-123')", runAfter: after('Call') },
        },
      },
      { parameters: { pw: password } },
    );
    assert.equal(target.requests[0]?.headers['authorization'], `Basic ${encoded}`, 'the real credential was sent');
    assert.equal(action(record, 'Call').status, 'Succeeded');
    assert.equal(action(record, 'Uses_real_value').outputs, true, 'later actions compute with what really came back');
    for (const secret of [encoded, 'K3Y-literal-123', 'session=abcdef123']) assertNowhere(secret, record, journal);
  });
});
