import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EvalEnvironment } from '../environment.js';
import { ExpressionError, ExpressionErrorCode } from '../expression-error.js';
import type { Value } from '../values.js';
import { lookupFunction } from './function-table.js';

const env: EvalEnvironment = { clock: { now: () => Date.parse('2018-03-15T13:00:00Z') }, random: () => 0.5 };

function call(name: string, ...args: Value[]): Value {
  const definition = lookupFunction(name);
  assert.ok(definition, `function ${name} is registered`);
  return definition.call(args, env);
}

function assertInvalid(name: string, ...args: Value[]): void {
  assert.throws(
    () => call(name, ...args),
    (error: unknown) =>
      error instanceof ExpressionError &&
      error.code === ExpressionErrorCode.InvalidArgument &&
      error.message.includes(`'${name}'`),
  );
}

const catalog = 'https://www.contoso.com/catalog/shownew.htm?date=today';
const names = ['uriHost', 'uriPath', 'uriPathAndQuery', 'uriPort', 'uriQuery', 'uriScheme'];

describe('URI functions', () => {
  it('match the documented examples', () => {
    assert.equal(call('uriHost', 'https://www.localhost.com:8080'), 'www.localhost.com');
    assert.equal(call('uriPath', catalog), '/catalog/shownew.htm');
    assert.equal(call('uriPathAndQuery', catalog), '/catalog/shownew.htm?date=today');
    assert.equal(call('uriPort', 'https://www.localhost:8080'), 8080);
    assert.equal(call('uriQuery', catalog), '?date=today');
    // The reference shows "http" here, which contradicts its own input; the scheme of this URI is https.
    assert.equal(call('uriScheme', catalog), 'https');
  });

  it('return "/" for an empty path, as documented', () => {
    assert.equal(call('uriPath', 'https://contoso.com'), '/');
    assert.equal(call('uriPathAndQuery', 'https://contoso.com'), '/');
    assert.equal(call('uriPathAndQuery', 'https://contoso.com?a=1'), '/?a=1');
  });

  it('return the default port for the scheme when none is given', () => {
    assert.equal(call('uriPort', 'https://contoso.com'), 443);
    assert.equal(call('uriPort', 'http://contoso.com/a'), 80);
    assert.equal(call('uriPort', 'ftp://contoso.com'), 21);
    assert.equal(call('uriPort', 'https://contoso.com:443'), 443);
    assert.equal(call('uriPort', 'urn:isbn:123'), -1);
  });

  it('handle queries and fragments like System.Uri', () => {
    assert.equal(call('uriQuery', 'https://contoso.com/a'), '');
    assert.equal(call('uriQuery', 'https://contoso.com/a?'), '?');
    assert.equal(call('uriQuery', 'https://contoso.com/a?x=1#frag'), '?x=1');
    assert.equal(call('uriPathAndQuery', 'https://contoso.com/a?#frag'), '/a?');
    assert.equal(call('uriPathAndQuery', 'https://contoso.com/a b?q=c d'), '/a%20b?q=c%20d');
  });

  it('report hosts in lower case and keep IPv6 brackets', () => {
    assert.equal(call('uriHost', 'HTTPS://WWW.Contoso.COM/x'), 'www.contoso.com');
    assert.equal(call('uriHost', 'http://[::1]:8080/'), '[::1]');
    assert.equal(call('uriScheme', 'HTTP://contoso.com'), 'http');
  });

  it('reject relative or malformed URIs', () => {
    for (const name of names) {
      for (const text of ['www.contoso.com', '/catalog/shownew.htm', '', 'http://']) assertInvalid(name, text);
    }
  });

  it('reject non-strings', () => {
    for (const name of names) {
      assertInvalid(name, null);
      assertInvalid(name, 5);
    }
  });
});
