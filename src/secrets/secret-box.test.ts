import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, readFile, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { SecretBoxError, createSecretBox } from './secret-box.js';
import { decodeSecretKey, loadOrCreateKeyFile } from './secret-key.js';

describe('secret box', () => {
  const box = createSecretBox(randomBytes(32));

  test('round-trips and never stores the plaintext', () => {
    const sealed = box.seal('hunter2-password', 'conn-1');
    assert.ok(!sealed.includes('hunter2'));
    assert.match(sealed, /^v1\./);
    assert.equal(box.open(sealed, 'conn-1'), 'hunter2-password');
  });

  test('uses a fresh nonce for every value', () => {
    assert.notEqual(box.seal('same', 'a'), box.seal('same', 'a'));
  });

  test('refuses another record, another key and altered data', () => {
    const sealed = box.seal('secret', 'conn-1');
    assert.throws(() => box.open(sealed, 'conn-2'), SecretBoxError);
    assert.throws(() => createSecretBox(randomBytes(32)).open(sealed, 'conn-1'), /secret key differs/);
    const parts = sealed.split('.');
    parts[3] = Buffer.from('tampered').toString('base64url');
    assert.throws(() => box.open(parts.join('.'), 'conn-1'), SecretBoxError);
    assert.throws(() => box.open('plain', 'conn-1'), /not in a known format/);
  });

  test('keys are 32 bytes', () => assert.throws(() => createSecretBox(randomBytes(16)), /32 bytes/));
});

describe('secret key', () => {
  test('decodes hex and base64 of 32 bytes only', () => {
    const key = randomBytes(32);
    assert.deepEqual(decodeSecretKey(key.toString('hex')), key);
    assert.deepEqual(decodeSecretKey(key.toString('base64')), key);
    assert.deepEqual(decodeSecretKey(key.toString('base64url')), key);
    assert.equal(decodeSecretKey('correct horse battery staple'), undefined);
    assert.equal(decodeSecretKey(randomBytes(16).toString('hex')), undefined);
  });

  test('creates the key file once, with mode 0600, and reuses it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'riposte-key-'));
    try {
      const first = await loadOrCreateKeyFile(dir);
      assert.equal((await stat(join(dir, 'secret.key'))).mode & 0o777, 0o600);
      assert.deepEqual(await loadOrCreateKeyFile(dir), first);
      assert.equal(decodeSecretKey(await readFile(join(dir, 'secret.key'), 'utf8'))?.byteLength, 32);
      await chmod(join(dir, 'secret.key'), 0o644);
      await assert.rejects(loadOrCreateKeyFile(dir), /readable by other users/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('processes starting together on a new data directory all get the same key, and leave no drafts', async () => {
    const parent = await mkdtemp(join(tmpdir(), 'riposte-key-'));
    const dir = join(parent, 'not-yet-there');
    try {
      const keys = await Promise.all(Array.from({ length: 8 }, () => loadOrCreateKeyFile(dir)));
      for (const key of keys) assert.deepEqual(key, keys[0]);
      assert.deepEqual(await readdir(dir), ['secret.key']);
    } finally {
      await rm(parent, { recursive: true, force: true });
    }
  });
});
