import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Type } from '@sinclair/typebox';
import { Float } from '../expressions/index.js';
import { ConnectorInputError, answeringInputErrors, checkInputs, connectionBaseUrl, connectionText, connectionUrl } from './validate-inputs.js';

const Schema = Type.Object({
  payload: Type.Object({
    summary: Type.String({ minLength: 1 }),
    severity: Type.Unsafe<string>({ type: 'string', enum: ['critical', 'error', 'warning', 'info'] }),
    kind: Type.Optional(Type.Union([Type.Literal('a'), Type.Literal('b')])),
    count: Type.Optional(Type.Integer()),
  }),
  links: Type.Optional(Type.Array(Type.Object({ href: Type.String() }))),
  'odd/name': Type.Optional(Type.Boolean()),
});

function problem(body: unknown): string {
  try {
    checkInputs(Schema, body as never);
  } catch (error) {
    assert.ok(error instanceof ConnectorInputError);
    return error.message;
  }
  assert.fail('expected the inputs to be refused');
}

describe('checkInputs', () => {
  it('returns the body as plain JSON when it is valid', () => {
    const body = { payload: { summary: 's', severity: 'info', count: new Float(3) } };
    assert.deepEqual(checkInputs(Schema, body as never), { payload: { summary: 's', severity: 'info', count: 3 } });
  });

  it('names the first failing field with what it must be', () => {
    const payload = { summary: 's', severity: 'info' };
    assert.equal(problem({ payload: { ...payload, severity: 'severe' } }), "The input 'body.payload.severity' must be one of critical, error, warning, info.");
    assert.equal(problem({ payload: { severity: 'info' } }), "The input 'body.payload.summary' is required.");
    assert.equal(problem({}), "The input 'body.payload' is required.");
    assert.equal(problem({ payload: { ...payload, summary: '' } }), "The input 'body.payload.summary' must not be empty.");
    assert.equal(problem({ payload: { ...payload, kind: 'c' } }), "The input 'body.payload.kind' must be one of a, b.");
    assert.equal(problem({ payload: { ...payload, count: 1.5 } }), "The input 'body.payload.count' must be an integer.");
    assert.equal(problem({ payload, links: [{ href: 'x' }, {}] }), "The input 'body.links[1].href' is required.");
    assert.equal(problem({ payload, 'odd/name': 'yes' }), "The input 'body.odd/name' must be true or false.");
    assert.equal(problem(null), "The input 'body' must be an object.");
  });

  it('describes an input that also takes null by what else it must be, and names its field', () => {
    const OrNull = Type.Object({
      cc: Type.Optional(Type.Union([Type.String(), Type.Null()])),
      level: Type.Optional(Type.Union([Type.Union([Type.Literal('Low'), Type.Literal('High')]), Type.Null()])),
    });
    const refused = (body: unknown) => {
      try {
        checkInputs(OrNull, body as never);
      } catch (error) {
        assert.ok(error instanceof ConnectorInputError);
        return [error.message, error.field];
      }
      assert.fail('expected the inputs to be refused');
    };
    assert.deepEqual(refused({ cc: 5 }), ["The input 'body.cc' must be a string.", 'body.cc']);
    assert.deepEqual(refused({ level: 'Urgent' }), ["The input 'body.level' must be one of Low, High.", 'body.level']);
    assert.deepEqual(refused([]), ["The input 'body' must be an object.", 'body']);
    assert.deepEqual(checkInputs(OrNull, { cc: null, level: null }), { cc: null, level: null });
  });

  it('answers an input problem as a 400 result', async () => {
    const result = await answeringInputErrors(() => Promise.reject(new ConnectorInputError('The input x is wrong.')));
    assert.deepEqual(result, { statusCode: 400, message: 'The input x is wrong.' });
    await assert.rejects(answeringInputErrors(() => Promise.reject(new Error('other'))), /other/);
  });
});

describe('connection parameters', () => {
  it('names a missing or empty parameter', () => {
    assert.throws(() => connectionText({ routingKey: '  ' }, 'routingKey'), { message: "The connection has no 'routingKey'; set it on the connection." });
    assert.equal(connectionText({ n: 5 }, 'n'), '5');
  });

  it('reads base URLs leniently and webhook URLs exactly, never repeating them in errors', () => {
    assert.equal(connectionBaseUrl({ instance: 'acme.service-now.com/' }, 'instance'), 'https://acme.service-now.com');
    assert.equal(connectionBaseUrl({}, 'baseUrl', 'https://slack.com/api/'), 'https://slack.com/api');
    assert.equal(connectionUrl({ url: 'https://h.example/hook/' }, 'url'), 'https://h.example/hook/');
    assert.throws(() => connectionUrl({ url: 'not a url secret-123' }, 'url'), (error: Error) => !error.message.includes('secret-123'));
    assert.throws(() => connectionUrl({ url: 'file:///etc/passwd' }, 'url'), { message: "The connection's 'url' must be an http or https URL." });
  });
});
