import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DummyPasswordCheck, hashPassword, verifyPassword } from './password.js';

describe('passwords', () => {
  test('are hashed with argon2id, salted, and verify only with the same password', async () => {
    const first = await hashPassword('correct horse battery');
    const second = await hashPassword('correct horse battery');
    assert.match(first, /^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    assert.notEqual(first, second);
    assert.ok(await verifyPassword(first, 'correct horse battery'));
    assert.ok(!(await verifyPassword(first, 'correct horse battery ')));
  });

  test('a stored value that is not a hash never verifies', async () => {
    assert.equal(await verifyPassword('plain text', 'plain text'), false);
  });

  test('the dummy check is always false', async () => {
    const dummy = new DummyPasswordCheck();
    assert.equal(await dummy.verify('anything'), false);
    assert.equal(await dummy.verify("riposte: there is no such user"), false);
  });
});
