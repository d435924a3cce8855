import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MIN_SECRET_LENGTH, authorizationSecrets, scrubText, scrubValue } from './scrub-secrets.js';

describe('scrubText', () => {
  it('masks a secret as it is, URL-encoded, form-encoded and inside a JSON string', () => {
    const secret = 'p@ss w"rd/1!';
    const text = [secret, encodeURIComponent(secret), new URLSearchParams({ p: secret }).toString(), JSON.stringify({ p: secret })].join(' | ');
    assert.equal(scrubText(text, [secret]), '*** | *** | p=*** | {"p":"***"}');
  });

  it('masks a secret that contains another whole, not around the shorter one', () => {
    const token = 'tok-123456';
    assert.equal(scrubText(`Bearer ${token}`, [token, `Bearer ${token}`]), '***');
    assert.equal(scrubText(`Bearer ${token}`, [`Bearer ${token}`, token]), '***');
  });

  it(`leaves values shorter than ${MIN_SECRET_LENGTH} characters alone`, () => {
    assert.equal(scrubText('the cat sat', ['cat']), 'the cat sat');
    assert.equal(scrubText('the cats sat', ['cats']), 'the *** sat');
  });
});

describe('scrubValue', () => {
  it('scrubs every string and key, keeping other values', () => {
    assert.deepEqual(scrubValue({ 'key-s3cret': ['x s3cret', 1, true, null] }, ['s3cret']), { 'key-***': ['x ***', 1, true, null] });
  });
});

describe('authorizationSecrets', () => {
  it('gives the header and the credential in it', () => {
    const basic = Buffer.from('a@b.c:token-123').toString('base64');
    assert.deepEqual(authorizationSecrets(`Basic ${basic}`), [`Basic ${basic}`, basic]);
    assert.deepEqual(authorizationSecrets('Bearer tok-123'), ['Bearer tok-123', 'tok-123']);
    assert.deepEqual(authorizationSecrets('opaque-key'), ['opaque-key']);
  });
});
