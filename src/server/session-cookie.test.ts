import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { clearedSessionCookie, isUnsafeMethod, sameSecret, sessionCookie, sessionCookieValue } from './session-cookie.js';

describe('session cookie', () => {
  test('is found among other cookies, and absent or empty means none', () => {
    assert.equal(sessionCookieValue('theme=dark; riposte_session=abc_-1; other=x'), 'abc_-1');
    assert.equal(sessionCookieValue('riposte_session=first; riposte_session=second'), 'first');
    assert.equal(sessionCookieValue('xriposte_session=abc'), undefined);
    assert.equal(sessionCookieValue('riposte_session='), undefined);
    assert.equal(sessionCookieValue(undefined), undefined);
  });

  test('is HttpOnly, SameSite=Strict, on every path, Secure only over https', () => {
    assert.equal(sessionCookie('v', 28800, false), 'riposte_session=v; HttpOnly; SameSite=Strict; Path=/; Max-Age=28800');
    assert.equal(sessionCookie('v', 60, true), 'riposte_session=v; HttpOnly; SameSite=Strict; Path=/; Max-Age=60; Secure');
    assert.equal(clearedSessionCookie(false), 'riposte_session=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0');
  });

  test('unsafe methods are the ones that change something', () => {
    for (const method of ['POST', 'put', 'PATCH', 'DELETE']) assert.ok(isUnsafeMethod(method), method);
    for (const method of ['GET', 'head', 'OPTIONS']) assert.ok(!isUnsafeMethod(method), method);
  });

  test('secrets compare equal only when identical', () => {
    assert.ok(sameSecret('token-1', 'token-1'));
    assert.ok(!sameSecret('token-1', 'token-2'));
    assert.ok(!sameSecret('', 'token-1'));
    assert.ok(!sameSecret('token-1x', 'token-1'));
  });
});
