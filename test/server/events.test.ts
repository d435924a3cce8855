/** `POST /api/events`, the published event schemas and reading stored events, over HTTP against the real server. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type Schema, Validator } from '@cfworker/json-schema';
import fc from 'fast-check';
import { FIXTURES, type FixtureName, fixture, readJson } from '../fixtures/events/fixtures.js';
import { assessment, complianceAssessment, flatAlert, listAll, newSubscription, subAssessment } from '../support/defender.js';
import { type TestServer, apiClient, startTestServer } from '../support/riposte-server.js';

let server: TestServer;
before(async () => {
  server = await startTestServer();
});
after(async () => {
  await server.stop();
});

const alertsOf = (sub: string, query = '') => `/api/subscriptions/${sub}/providers/Microsoft.Security/alerts${query}`;
const assessmentsOf = (sub: string, query = '') => `/api/subscriptions/${sub}/providers/Microsoft.Security/assessments${query}`;
const post = (value: unknown) => server.call('POST', '/api/events', { value });

/** Fixture subscriptions (the golden events are about these). */
const FIXTURE_ALERT_SUB = '20ff7fc3-e762-44dd-bd96-b71116dcdc23';
const FIXTURE_ASSESSMENT_SUB = 'a27e854a-8578-4395-8eaf-6fc7849f3050';

function validate(schema: unknown, instance: unknown): readonly string[] {
  const result = new Validator(structuredClone(schema) as Schema, '7', false).validate(instance);
  return result.errors.map((error) => `${error.instanceLocation}: ${error.error}`);
}

describe('POST /api/events', () => {
  it('accepts every event shape (flat and ARM alerts, assessments, sub-assessments, compliance) and stores them', async () => {
    const response = await post([
      fixture('flatAlert'),
      fixture('armAlert'),
      fixture('svchostAlert'),
      fixture('assessmentUnhealthy'),
      fixture('subAssessment'),
      fixture('compliance'),
    ]);
    assert.equal(response.status, 202, JSON.stringify(response.body));
    assert.deepEqual(response.body, { accepted: 6, rejected: [] });

    // The ARM alert and the flat alert share a SystemAlertId: one stored alert.
    const alerts = await listAll(server, alertsOf(FIXTURE_ALERT_SUB));
    const systemAlertIds = alerts.map((alert) => alert.properties.SystemAlertId);
    assert.deepEqual(systemAlertIds, ['2518298467986649999_4d25bfef-2d77-4a08-adc0-3e35715cc92a']);
    const armAlert = fixture('armAlert') as { id: string };
    const byArmId = await server.call('GET', `/api${armAlert.id}`);
    assert.equal(byArmId.status, 200, JSON.stringify(byArmId.body));
    assert.equal(byArmId.body.type, 'Microsoft.Security/Locations/alerts');
    assert.equal(byArmId.body.properties.AlertDisplayName, 'Azure Security Center test alert (not a threat)');

    const svchost = await listAll(server, alertsOf('86057C9F-3CDD-484E-83B1-7BF1C17A9FF8'));
    assert.equal(svchost.length, 1);
    assert.equal(svchost[0].properties.Severity, 'High', 'enum spelling made canonical');

    for (const name of ['assessmentUnhealthy', 'subAssessment', 'compliance'] as const) {
      const event = fixture(name) as { id: string; type: string; properties: Record<string, unknown> };
      const got = await server.call('GET', `/api${event.id}`);
      assert.equal(got.status, 200, `${name}: ${JSON.stringify(got.body)}`);
      assert.equal(got.body.id, event.id);
      assert.equal(got.body.type, event.type);
      assert.equal(got.body.properties.displayName ?? got.body.properties.description, event.properties['displayName'] ?? event.properties['description']);
    }
    const assessments = await listAll(server, assessmentsOf(FIXTURE_ASSESSMENT_SUB));
    assert.deepEqual(assessments.map((a) => a.id), [(fixture('assessmentUnhealthy') as { id: string }).id]);
  });

  it('judges each event alone: rejections name the index and the field; the others are stored', async () => {
    const sub = newSubscription();
    const good = flatAlert({ sub, id: 'good-1' });
    const parent = assessment({ sub, key: 'parent-1' }) as { id: string };
    const response = await post([
      flatAlert({ sub, id: 'bad-severity', severity: 'Critical' }),
      good,
      { ...flatAlert({ sub, id: 'bad-incident' }), IsIncident: 'no' },
      assessment({ sub, code: 'Sick' }),
      complianceAssessment(sub, 'c1', 'Maybe'),
      flatAlert({ sub, id: 'bad-status', status: 'Closed' }),
      subAssessment(parent.id, 'f1', 'Bad'),
      { type: 'Microsoft.Security/secureScores', id: `/subscriptions/${sub}/providers/Microsoft.Security/secureScores/ascScore` },
      42,
      null,
      { ...flatAlert({ sub, id: 'nowhere' }), AzureResourceId: undefined, ResourceIdentifiers: [] },
      { ...flatAlert({ sub, id: 'wrong-sub' }), AzureResourceSubscriptionId: newSubscription() },
    ]);
    assert.equal(response.status, 202);
    assert.equal(response.body.accepted, 1);
    const byIndex = new Map<number, any>(response.body.rejected.map((r: any) => [r.index, r.error]));
    assert.deepEqual([...byIndex.keys()], [0, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    const expectTarget = (index: number, target: string, message: RegExp) => {
      const error = byIndex.get(index);
      assert.equal(error.target, target, JSON.stringify(error));
      assert.match(error.message, message, JSON.stringify(error));
      assert.equal(typeof error.code, 'string');
    };
    expectTarget(0, 'value[0].Severity', /Informational, Low, Medium, High/);
    expectTarget(2, 'value[2].IsIncident', /true or false/);
    expectTarget(3, 'value[3].properties.status.code', /Healthy, Unhealthy, NotApplicable/);
    expectTarget(4, 'value[4].properties.state', /Passed, Failed, Skipped, Unsupported/);
    expectTarget(5, 'value[5].Status', /Active/);
    expectTarget(6, 'value[6].properties.status.code', /Healthy/);
    expectTarget(7, 'value[7].type', /Microsoft.Security\/assessments/);
    expectTarget(8, 'value[8]', /object/);
    expectTarget(9, 'value[9]', /object/);
    assert.match(byIndex.get(10).target, /^value\[10\]\.(AzureResourceId|ResourceIdentifiers)/);
    expectTarget(11, 'value[11].AzureResourceSubscriptionId', /subscription/);

    const stored = await listAll(server, alertsOf(sub));
    assert.deepEqual(stored.map((alert) => alert.properties.SystemAlertId), ['good-1']);
    assert.deepEqual(await listAll(server, assessmentsOf(sub)), []);
  });

  it('answers 400 for more than 1000 events and stores none of them', async () => {
    const sub = newSubscription();
    const events = Array.from({ length: 1001 }, (_, i) => flatAlert({ sub, id: `many-${i}` }));
    const response = await post(events);
    assert.equal(response.status, 400);
    assert.equal(response.body.error.target, 'value');
    assert.match(response.body.error.message, /1000/);
    assert.deepEqual(await listAll(server, alertsOf(sub)), []);
    const exactly = await post(events.slice(0, 1000));
    assert.equal(exactly.status, 202);
    assert.equal(exactly.body.accepted, 1000);
    assert.equal((await listAll(server, alertsOf(sub, '?$top=1000'))).length, 1000);
  });

  it('answers malformed JSON and wrongly typed bodies with 400 naming the problem, storing nothing', async () => {
    const sub = newSubscription();
    const alert = flatAlert({ sub, id: 'never' });
    const cases: [string, unknown, string | undefined, RegExp][] = [
      ['truncated JSON', `{"value": [${JSON.stringify(alert)}`, undefined, /not valid JSON/],
      ['empty body', '', 'body', /object/],
      ['value is not an array', { value: alert }, 'value', /array/],
      ['no value', { events: [alert] }, undefined, /value is required|events is not a property/],
      ['an array body', [alert], 'body', /object/],
      ['extra top-level property', { value: [alert], extra: true }, 'extra', /extra is not a property this request takes/],
    ];
    for (const [what, body, target, message] of cases) {
      const response = await server.call('POST', '/api/events', typeof body === 'string' ? body : JSON.stringify(body));
      assert.equal(response.status, 400, `${what}: ${response.status} ${JSON.stringify(response.body)}`);
      if (target !== undefined) assert.equal(response.body.error.target, target, what);
      assert.match(response.body.error.message, message, what);
    }
    const textBody = await server.call('POST', '/api/events', JSON.stringify({ value: [alert] }), { 'content-type': 'text/plain' });
    assert.ok(textBody.status === 400 || textBody.status === 415, `text/plain: ${textBody.status}`);
    assert.deepEqual(await listAll(server, alertsOf(sub)), []);
  });

  it('rejects an oversized or too deeply nested event alone, and the server keeps answering', async () => {
    const sub = newSubscription();
    let deep: unknown = 'bottom';
    for (let i = 0; i < 200; i++) deep = { nested: deep };
    const response = await post([
      { ...flatAlert({ sub, id: 'huge' }), Description: 'x'.repeat(1_100_000) },
      { ...flatAlert({ sub, id: 'deep' }), ExtendedProperties: deep },
      flatAlert({ sub, id: 'fine' }),
    ]);
    assert.equal(response.status, 202, JSON.stringify(response.body).slice(0, 500));
    assert.equal(response.body.accepted, 1);
    assert.deepEqual(response.body.rejected.map((r: any) => r.index), [0, 1]);
    assert.match(response.body.rejected[0].error.message, /larger than/);
    assert.match(response.body.rejected[1].error.message, /deeper than/);
    assert.match(response.body.rejected[1].error.target, /^value\[1\]\.ExtendedProperties/);
    const stored = await listAll(server, alertsOf(sub));
    assert.deepEqual(stored.map((alert) => alert.properties.SystemAlertId), ['fine']);
  });

  it('rejects an event holding the NUL character (which PostgreSQL cannot store) alone, naming where it is', async () => {
    const sub = newSubscription();
    const response = await post([
      { ...flatAlert({ sub, id: 'nul' }), AlertDisplayName: 'before\u0000after' },
      flatAlert({ sub, id: 'fine' }),
    ]);
    assert.equal(response.status, 202, JSON.stringify(response.body).slice(0, 500));
    assert.equal(response.body.accepted, 1);
    assert.deepEqual(response.body.rejected.map((r: any) => [r.index, r.error.target]), [[0, 'value[0].AlertDisplayName']]);
    assert.match(response.body.rejected[0].error.message, /NUL character/);
    const stored = await listAll(server, alertsOf(sub));
    assert.deepEqual(stored.map((alert) => alert.properties.SystemAlertId), ['fine']);
  });

  it('answers a body over the configured limit with 413, storing nothing', async () => {
    const small = await startTestServer({ RIPOSTE_BODY_LIMIT: '65536' });
    try {
      const sub = newSubscription();
      const events = Array.from({ length: 60 }, (_, i) => ({ ...flatAlert({ sub, id: `big-${i}` }), Description: 'y'.repeat(2000) }));
      const response = await small.call('POST', '/api/events', { value: events });
      assert.equal(response.status, 413);
      assert.equal(response.body.error.code, 'RequestEntityTooLarge');
      assert.deepEqual(await listAll(small, alertsOf(sub)), []);
      const fits = await small.call('POST', '/api/events', { value: events.slice(0, 5) });
      assert.equal(fits.status, 202);
      assert.equal(fits.body.accepted, 5);
    } finally {
      await small.stop();
    }
  });

  it('judges events with prototype-polluting keys alone instead of refusing the whole batch', async () => {
    const alert: Record<string, unknown> = { ...fixture('flatAlert') };
    // An own "__proto__" key, as a hostile client would send it in JSON.
    Object.defineProperty(alert, '__proto__', { value: { polluted: true }, enumerable: true });
    const response = await post([alert, JSON.parse('{"__proto__": {"x": 1}}')]);
    assert.equal(response.status, 202, JSON.stringify(response.body));
    assert.equal(response.body.accepted, 1, JSON.stringify(response.body));
    assert.equal(response.body.rejected.length, 1);
    assert.equal(({} as Record<string, unknown>)['polluted'], undefined);
  });

  it('never fails on any JSON: every event of a batch is either accepted or rejected with a reason (property)', async () => {
    const names = Object.keys(FIXTURES) as FixtureName[];
    /** A golden event with one value somewhere inside replaced by arbitrary JSON, or removed. */
    const mutated = fc
      .tuple(fc.constantFrom(...names), fc.nat(), fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.constant(undefined)))
      .map(([name, pick, value]) => {
        const event = fixture(name);
        const slots: [Record<string, unknown> | unknown[], string | number][] = [];
        const walk = (node: unknown) => {
          if (typeof node !== 'object' || node === null) return;
          for (const [key, item] of Object.entries(node)) {
            slots.push([node as Record<string, unknown>, Array.isArray(node) ? Number(key) : key]);
            walk(item);
          }
        };
        walk(event);
        const [holder, key] = slots[pick % slots.length] as [Record<string, unknown>, string];
        if (value === undefined) delete holder[key];
        else holder[key] = value;
        return event as unknown;
      });
    await fc.assert(
      fc.asyncProperty(fc.array(fc.oneof({ weight: 4, arbitrary: mutated }, { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 4 }) }), { minLength: 1, maxLength: 20 }), async (events) => {
        const response = await post(events);
        assert.equal(response.status, 202, JSON.stringify(response.body));
        const indexes: number[] = response.body.rejected.map((r: any) => r.index);
        assert.equal(response.body.accepted + indexes.length, events.length);
        assert.deepEqual(indexes, [...new Set(indexes)].sort((a, b) => a - b));
        for (const { index, error } of response.body.rejected) {
          assert.ok(error.target === `value[${index}]` || error.target.startsWith(`value[${index}].`), JSON.stringify(error));
          assert.ok(typeof error.message === 'string' && error.message.length > 0);
        }
      }),
      { numRuns: 150 },
    );
    assert.equal((await server.call('GET', '/api/schemas')).status, 200, 'the server still answers');
  });

  it('needs a token', async () => {
    const response = await apiClient(server.url, null).call('POST', '/api/events', { value: [flatAlert({ sub: newSubscription() })] });
    assert.equal(response.status, 401);
  });
});

describe('event schemas and the OpenAPI document', () => {
  const names = ['SecurityAlert', 'Recommendation', 'SubAssessment', 'RegulatoryComplianceAssessment'];
  const metaSchema = readJson('json-schema-draft-07.json');

  it('lists the four data-type schemas with their URLs', async () => {
    const response = await server.call('GET', '/api/schemas');
    assert.equal(response.status, 200);
    assert.deepEqual(response.body.value.map((s: any) => s.name).sort(), [...names].sort());
    for (const entry of response.body.value) assert.equal(entry.url, `${server.url}/api/schemas/${entry.name}.json`);
  });

  for (const name of names) {
    it(`serves ${name}.json as a draft-07 schema`, async () => {
      const response = await server.call('GET', `/api/schemas/${name}.json`);
      assert.equal(response.status, 200);
      assert.equal(response.body.$schema, 'http://json-schema.org/draft-07/schema#');
      assert.equal(response.body.$id, `${server.url}/api/schemas/${name}.json`);
      assert.deepEqual(validate(metaSchema, response.body), []);
    });
  }

  it('describes what workflows receive: stored events validate against the served schemas', async () => {
    const sub = newSubscription();
    const parent = assessment({ sub, key: 'schema-parent' }) as { id: string };
    const compliance = complianceAssessment(sub, 'schema-c', 'Failed') as { id: string };
    assert.equal((await post([flatAlert({ sub, id: 'schema-alert' }), parent, subAssessment(parent.id, 'sf1'), compliance])).body.accepted, 4);
    const schemaOf = async (name: string) => (await server.call('GET', `/api/schemas/${name}.json`)).body;
    const [alert] = await listAll(server, alertsOf(sub));
    assert.deepEqual(validate(await schemaOf('SecurityAlert'), alert.properties), []);
    const stored = async (id: string) => {
      const response = await server.call('GET', `/api${id}`);
      return { id: response.body.id, name: response.body.name, type: response.body.type, properties: response.body.properties };
    };
    assert.deepEqual(validate(await schemaOf('Recommendation'), await stored(parent.id)), []);
    assert.deepEqual(validate(await schemaOf('SubAssessment'), await stored(`${parent.id}/subAssessments/sf1`)), []);
    assert.deepEqual(validate(await schemaOf('RegulatoryComplianceAssessment'), await stored(compliance.id)), []);
  });

  it('answers 404 for an unknown schema', async () => {
    const response = await server.call('GET', '/api/schemas/Nope.json');
    assert.equal(response.status, 404);
    assert.match(response.body.error.message, /Nope/);
  });

  it('publishes the whole API in /api/openapi.json', async () => {
    const response = await server.call('GET', '/api/openapi.json');
    assert.equal(response.status, 200);
    const paths = Object.keys(response.body.paths);
    for (const expected of ['/api/events', '/api/schemas', 'Microsoft.Security/automations', 'Microsoft.Security/alerts', 'Microsoft.Security/assessments', '/runs']) {
      assert.ok(paths.some((path) => path.includes(expected)), `${expected} in ${paths.join(', ')}`);
    }
  });
});

describe('reading events', () => {
  it('lists alerts with severity and status filters (case-insensitive, comma-separated)', async () => {
    const sub = newSubscription();
    const alerts = [
      flatAlert({ sub, id: 'f-high-active', severity: 'High', status: 'Active' }),
      flatAlert({ sub, id: 'f-high-resolved', severity: 'high', status: 'Resolved' }),
      flatAlert({ sub, id: 'f-medium', severity: 'Medium', status: 'Active' }),
      flatAlert({ sub, id: 'f-low', severity: 'Low', status: 'Dismissed' }),
      flatAlert({ sub, id: 'f-info', severity: 'Informational' }),
    ];
    assert.equal((await post(alerts)).body.accepted, 5);
    const ids = async (query: string) => (await listAll(server, alertsOf(sub, query))).map((a) => a.properties.SystemAlertId).sort();
    assert.deepEqual(await ids(''), ['f-high-active', 'f-high-resolved', 'f-info', 'f-low', 'f-medium']);
    assert.deepEqual(await ids('?severity=High'), ['f-high-active', 'f-high-resolved']);
    assert.deepEqual(await ids('?severity=high,LOW'), ['f-high-active', 'f-high-resolved', 'f-low']);
    assert.deepEqual(await ids('?status=Active'), ['f-high-active', 'f-medium']);
    assert.deepEqual(await ids('?severity=High&status=resolved'), ['f-high-resolved']);
    const bad = await server.call('GET', alertsOf(sub, '?severity=Critical'));
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.target, 'severity');
    const badStatus = await server.call('GET', alertsOf(sub, '?status=Closed'));
    assert.equal(badStatus.status, 400);
    assert.equal(badStatus.body.error.target, 'status');
  });

  it('lists assessments with severity and status filters', async () => {
    const sub = newSubscription();
    const events = [
      assessment({ sub, key: 'a-high-unhealthy', severity: 'High', code: 'Unhealthy' }),
      assessment({ sub, key: 'a-high-healthy', severity: 'High', code: 'Healthy' }),
      assessment({ sub, key: 'a-low-unhealthy', severity: 'Low', code: 'Unhealthy' }),
    ];
    assert.equal((await post(events)).body.accepted, 3);
    const names = async (query: string) => (await listAll(server, assessmentsOf(sub, query))).map((a) => a.name).sort();
    assert.deepEqual(await names(''), ['a-high-healthy', 'a-high-unhealthy', 'a-low-unhealthy']);
    assert.deepEqual(await names('?severity=High'), ['a-high-healthy', 'a-high-unhealthy']);
    assert.deepEqual(await names('?status=unhealthy'), ['a-high-unhealthy', 'a-low-unhealthy']);
    // Sub-assessments are findings, not assessments: they are not listed here.
    await post([subAssessment((events[0] as { id: string }).id, 'finding-1')]);
    assert.deepEqual(await names(''), ['a-high-healthy', 'a-high-unhealthy', 'a-low-unhealthy']);
  });

  it('lists regulatory compliance assessments of every standard and control, filtered by state', async () => {
    const sub = newSubscription();
    assert.equal((await post([complianceAssessment(sub, 'c-failed', 'Failed'), complianceAssessment(sub, 'c-passed', 'Passed')])).body.accepted, 2);
    const path = (query: string) => `/api/subscriptions/${sub}/providers/Microsoft.Security/regulatoryComplianceAssessments${query}`;
    const names = async (query: string) => (await listAll(server, path(query))).map((a) => a.name).sort();
    assert.deepEqual(await names(''), ['c-failed', 'c-passed']);
    assert.deepEqual(await names('?status=failed'), ['c-failed']);
    assert.equal((await server.call('GET', path('?status=Maybe'))).status, 400);
  });

  it('pages with $top and nextLink to the end, every item once', async () => {
    const sub = newSubscription();
    const ids = Array.from({ length: 23 }, (_, i) => `page-${String(i).padStart(2, '0')}`);
    assert.equal((await post(ids.map((id) => flatAlert({ sub, id })))).body.accepted, 23);
    const seen: string[] = [];
    let link: string | undefined = alertsOf(sub, '?$top=5&api-version=2022-01-01');
    let pages = 0;
    while (link !== undefined) {
      const page: any = await server.call('GET', link.startsWith('http') ? link.slice(server.url.length) : link);
      assert.equal(page.status, 200, JSON.stringify(page.body));
      assert.ok(page.body.value.length <= 5);
      seen.push(...page.body.value.map((a: any) => a.properties.SystemAlertId));
      if (page.body.nextLink !== undefined) assert.ok(page.body.nextLink.startsWith(server.url), page.body.nextLink);
      link = page.body.nextLink;
      pages++;
    }
    assert.equal(pages, 5);
    assert.deepEqual(seen.sort(), ids);
    const filtered = await listAll(server, alertsOf(sub, '?$top=4&severity=High'));
    assert.equal(filtered.length, 23);
    const badTop = await server.call('GET', alertsOf(sub, '?$top=0'));
    assert.equal(badTop.status, 400);
    assert.equal(badTop.body.error.target, '$top');
    for (const token of ['%%%', 'not a token', '']) {
      const badToken = await server.call('GET', alertsOf(sub, `?$skiptoken=${encodeURIComponent(token)}`));
      assert.equal(badToken.status, 400, `$skiptoken=${token}: ${badToken.status}`);
      assert.equal(badToken.body.error.target, '$skiptoken');
    }
  });

  it('reads an alert by its ARM id (case-insensitively, percent-encoded as clients send it) and by its AlertUri', async () => {
    const sub = newSubscription();
    const response = await post([flatAlert({ sub, rg: 'Group1', id: 'by-id', displayName: 'Read me' }), flatAlert({ sub, rg: 'Grüppe(1)', id: 'by-encoded-id' })]);
    assert.equal(response.body.accepted, 2, JSON.stringify(response.body));
    const listed = await listAll(server, alertsOf(sub));
    const plain = listed.find((alert) => alert.properties.SystemAlertId === 'by-id');
    assert.match(plain.id, new RegExp(`^/subscriptions/${sub}/resourceGroups/Group1/providers/Microsoft.Security/locations/[^/]+/alerts/by-id$`, 'i'));
    const got = await server.call('GET', `/api${plain.id}`);
    assert.equal(got.status, 200);
    assert.equal(got.body.properties.AlertDisplayName, 'Read me');
    assert.equal(got.body.properties.Version, '3.0');
    assert.equal(got.body.properties.AlertUri, `${server.url}/api${plain.id}`);
    assert.equal((await server.call('GET', `/api${plain.id.toUpperCase()}`)).status, 200);
    assert.equal((await server.call('GET', `/api${plain.id}/?api-version=2022-01-01`)).status, 200);

    for (const alert of listed) {
      // What an HTTP client sends for the link: the path of the parsed URL, non-ASCII characters escaped.
      const path = new URL(alert.properties.AlertUri).pathname;
      const byUri = await server.call('GET', path);
      assert.equal(byUri.status, 200, `${path}: ${JSON.stringify(byUri.body)}`);
      assert.equal(byUri.body.id, alert.id);
    }
    const malformed = await server.call('GET', `/api/subscriptions/${sub}/resourceGroups/bad%E0%A4/providers/Microsoft.Security/locations/centralus/alerts/x`);
    assert.ok(malformed.status === 400 || malformed.status === 404, String(malformed.status));
  });

  it('answers 404 for unknown event ids', async () => {
    const sub = newSubscription();
    for (const path of [
      `/api/subscriptions/${sub}/resourceGroups/rg1/providers/Microsoft.Security/locations/centralus/alerts/unknown`,
      `/api/subscriptions/${sub}/resourceGroups/rg1/providers/Microsoft.Compute/virtualMachines/vm1/providers/Microsoft.Security/assessments/unknown`,
    ]) {
      const response = await server.call('GET', path);
      assert.equal(response.status, 404, path);
      assert.match(response.body.error.message, /unknown/);
    }
  });
});
