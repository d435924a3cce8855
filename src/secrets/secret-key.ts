/**
 * The key that seals secrets at rest: `RIPOSTE_SECRET_KEY` when configured, else `secret.key` in the data
 * directory, created on first start with mode 0600 (owner read/write only).
 */
import { randomBytes } from 'node:crypto';
import { link, mkdir, readFile, stat, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SECRET_KEY_BYTES } from './secret-box.js';

export const SECRET_KEY_FILE = 'secret.key';

/** 64 hex digits or base64 of 32 bytes; anything else is refused (a short passphrase is not a key). */
export function decodeSecretKey(text: string): Uint8Array | undefined {
  const trimmed = text.trim();
  if (/^[0-9a-f]{64}$/i.test(trimmed)) return Buffer.from(trimmed, 'hex');
  if (/^[A-Za-z0-9+/_-]{43}=?$/.test(trimmed)) {
    const bytes = Buffer.from(trimmed, trimmed.includes('-') || trimmed.includes('_') ? 'base64url' : 'base64');
    if (bytes.byteLength === SECRET_KEY_BYTES) return bytes;
  }
  return undefined;
}

export async function loadOrCreateKeyFile(dataDir: string): Promise<Uint8Array> {
  const path = join(dataDir, SECRET_KEY_FILE);
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  // Written whole under another name, then linked into place: processes starting together on a shared data
  // directory (workers) all end up with the one key, and none can read a half-written file.
  const draft = `${path}.${process.pid}.${randomBytes(6).toString('hex')}`;
  await writeFile(draft, `${randomBytes(SECRET_KEY_BYTES).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  try {
    await link(draft, path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    await unlink(draft);
  }
  const mode = (await stat(path)).mode & 0o777;
  if ((mode & 0o077) !== 0) {
    throw new Error(`The secret key file ${path} is readable by other users (mode ${mode.toString(8)}); run 'chmod 600 ${path}'.`);
  }
  const key = decodeSecretKey(await readFile(path, 'utf8'));
  if (key === undefined) throw new Error(`The secret key file ${path} does not hold a 32-byte key (base64 or hex).`);
  return key;
}
