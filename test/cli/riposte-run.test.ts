/** The `riposte run` / `riposte validate` contract, driven through the real binary as a user would. */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../../bin/riposte.js', import.meta.url));
let dir: string;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'riposte-cli-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function file(name: string, content: unknown): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

function riposte(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return riposteWith({}, ...args);
}

function riposteWith(env: Record<string, string>, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, ...args], { timeout: 30_000, env: { ...process.env, ...env } }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
    });
  });
}

const notification = {
  $schema: 'https://schema.management.azure.com/providers/Microsoft.Logic/schemas/2016-06-01/workflowdefinition.json#',
  contentVersion: '1.0.0.0',
  parameters: { team: { type: 'string', defaultValue: 'soc' }, threshold: { type: 'int' } },
  triggers: { manual: { type: 'Request', kind: 'Http' } },
  actions: {
    Subject: { type: 'Compose', inputs: "[@{parameters('team')}] @{triggerBody()?['AlertDisplayName']} (@{triggerBody()?['Severity']})" },
    Over_threshold: {
      type: 'If',
      expression: "@greater(length(triggerBody()?['Entities']), parameters('threshold'))",
      actions: { Many: { type: 'Compose', inputs: "@length(triggerBody()?['Entities'])" } },
      else: { actions: { Few: { type: 'Compose', inputs: 'few' } } },
      runAfter: { Subject: ['Succeeded'] },
    },
  },
};

describe('riposte run', () => {
  it('prints the run record and exits 0 when the run succeeds', async () => {
    const definition = await file('notify.json', notification);
    const body = await file('alert.json', { AlertDisplayName: 'Suspicious login', Severity: 'High', Entities: [1, 2, 3] });
    const parameters = await file('params.json', { threshold: { value: 2 } });
    const { code, stdout, stderr } = await riposte('run', definition, '--trigger-body', body, '--parameters', parameters);
    assert.equal(code, 0, stderr);
    const record = JSON.parse(stdout);
    assert.equal(record.status, 'Succeeded');
    assert.equal(record.actions.Subject.outputs, '[soc] Suspicious login (High)');
    assert.equal(record.actions.Over_threshold.status, 'Succeeded');
    assert.equal(record.actions.Many.outputs, 3);
    assert.equal(record.actions.Few.status, 'Skipped');
  });

  it('accepts a workflow resource {properties: {definition, parameters}}', async () => {
    const resource = await file('resource.json', {
      name: 'notify',
      type: 'Microsoft.Logic/workflows',
      properties: { state: 'Enabled', definition: notification, parameters: { threshold: { value: 10 } } },
    });
    const body = await file('alert2.json', { AlertDisplayName: 'x', Severity: 'Low', Entities: [] });
    const { code, stdout } = await riposte('run', resource, '--trigger-body', body);
    assert.equal(code, 0);
    assert.equal(JSON.parse(stdout).actions.Few.outputs, 'few');
  });

  it('exits 1 with the run record when the run fails', async () => {
    const definition = await file('failing.json', {
      actions: {
        Divide: { type: 'Compose', inputs: '@div(1, 0)' },
        After: { type: 'Compose', inputs: 'never', runAfter: { Divide: ['Succeeded'] } },
      },
    });
    const { code, stdout } = await riposte('run', definition);
    assert.equal(code, 1);
    const record = JSON.parse(stdout);
    assert.equal(record.status, 'Failed');
    assert.equal(record.error.code, 'ActionFailed');
    assert.equal(record.actions.Divide.status, 'Failed');
    assert.equal(record.actions.Divide.error.code, 'InvalidTemplate');
    assert.match(record.actions.Divide.error.message, /div\(1, 0\)/);
    assert.equal(record.actions.After.status, 'Skipped');
  });

  it('exits 2 with the errors on stderr when the definition is invalid', async () => {
    const definition = await file('invalid.json', {
      actions: {
        A: { type: 'Compose', inputs: '@notAFunction(1)', runAfter: { Missing: ['Succeeded'] } },
        B: { type: 'Telepathy' },
      },
    });
    const { code, stdout, stderr } = await riposte('run', definition);
    assert.equal(code, 2);
    assert.equal(stdout, '');
    assert.match(stderr, /actions\.A\.inputs: .*'notAFunction'/);
    assert.match(stderr, /actions\.A\.runAfter\.Missing/);
    assert.match(stderr, /actions\.B\.type: .*'Telepathy'/);
  });

  it('exits 2 when a parameter without default has no value, naming it', async () => {
    const definition = await file('needs-param.json', notification);
    const { code, stderr } = await riposte('run', definition);
    assert.equal(code, 2);
    assert.match(stderr, /threshold/);
  });

  it('exits 2 on files that are missing or not JSON', async () => {
    const missing = await riposte('run', join(dir, 'nope.json'));
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /Cannot read the definition file/);
    const broken = await riposte('run', await file('broken.json', '{"actions": '));
    assert.equal(broken.code, 2);
    assert.match(broken.stderr, /not valid JSON/);
  });

  it('sends an Http action to a real endpoint with values taken from the trigger body', async () => {
    const received: { method?: string; url?: string; body: string; headers: IncomingMessage['headers'] }[] = [];
    const sink = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => (body += chunk));
      request.on('end', () => {
        received.push({ method: request.method, url: request.url, body, headers: request.headers });
        response.writeHead(201, { 'content-type': 'application/json' }).end('{"ticket":"INC-1"}');
      });
    });
    await new Promise<void>((resolve) => sink.listen(0, '127.0.0.1', resolve));
    try {
      const port = (sink.address() as AddressInfo).port;
      const definition = await file('http.json', {
        actions: {
          Open_ticket: {
            type: 'Http',
            inputs: {
              method: 'POST',
              uri: `http://127.0.0.1:${port}/tickets`,
              queries: { severity: "@triggerBody()?['Severity']" },
              body: { title: "@triggerBody()?['AlertDisplayName']", entities: "@length(triggerBody()?['Entities'])" },
            },
          },
          Ticket: { type: 'Compose', inputs: "@body('Open_ticket')?['ticket']", runAfter: { Open_ticket: ['Succeeded'] } },
        },
      });
      const body = await file('http-alert.json', { AlertDisplayName: 'Malware found', Severity: 'High', Entities: [{}, {}] });
      const { code, stdout, stderr } = await riposte('run', definition, '--trigger-body', body);
      assert.equal(code, 0, stderr);
      assert.equal(received.length, 1);
      assert.equal(received[0]?.method, 'POST');
      assert.equal(received[0]?.url, '/tickets?severity=High');
      assert.equal(received[0]?.headers['content-type'], 'application/json');
      assert.deepEqual(JSON.parse(received[0]?.body ?? ''), { title: 'Malware found', entities: 2 });
      const record = JSON.parse(stdout);
      assert.equal(record.actions.Open_ticket.outputs.statusCode, 201);
      assert.equal(record.actions.Ticket.outputs, 'INC-1');
    } finally {
      sink.close();
    }
  });
});

describe('riposte validate', () => {
  it('exits 0 for a valid definition', async () => {
    const { code, stdout } = await riposte('validate', await file('valid.json', notification));
    assert.equal(code, 0);
    assert.match(stdout, /valid/);
  });

  it('exits 2 and lists every problem for an invalid one', async () => {
    const { code, stderr } = await riposte(
      'validate',
      await file('cycle.json', {
        actions: {
          A: { type: 'Compose', inputs: 1, runAfter: { B: ['Succeeded'] } },
          B: { type: 'Compose', inputs: 2, runAfter: { A: ['Succeeded'] } },
        },
      }),
    );
    assert.equal(code, 2);
    assert.match(stderr, /cycle/);
  });
});

describe('riposte serve configuration', () => {
  it('refuses bad settings at start with exit 2, naming the setting', async () => {
    const badPort = await riposteWith({ RIPOSTE_PORT: 'abc' }, 'serve', '--data', join(dir, 'data-a'));
    assert.equal(badPort.code, 2);
    assert.match(badPort.stderr, /RIPOSTE_PORT: 'abc' must be an integer/);
    const flag = await riposte('serve', '--port', '99999', '--data', join(dir, 'data-b'));
    assert.equal(flag.code, 2);
    assert.match(flag.stderr, /--port/);
    const shortToken = await riposteWith({ RIPOSTE_ADMIN_TOKEN: 'short' }, 'serve', '--port', '0', '--data', join(dir, 'data-c'));
    assert.equal(shortToken.code, 2);
    assert.match(shortToken.stderr, /RIPOSTE_ADMIN_TOKEN/);
  });
});
