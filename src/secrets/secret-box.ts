/**
 * Authenticated encryption for secrets at rest (connection passwords, tokens): AES-256-GCM with a fresh 96-bit
 * nonce per value. The stored text is `v1.<nonce>.<tag>.<ciphertext>` (base64url), so a later key or algorithm can
 * be told apart. The associated data binds a ciphertext to the record it belongs to: a value copied into another
 * row does not decrypt.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

export const SECRET_KEY_BYTES = 32;

export class SecretBoxError extends Error {
  override readonly name = 'SecretBoxError';
}

export interface SecretBox {
  seal(plaintext: string, associatedData: string): string;
  open(sealed: string, associatedData: string): string;
}

export function createSecretBox(key: Uint8Array): SecretBox {
  if (key.byteLength !== SECRET_KEY_BYTES) throw new SecretBoxError(`The secret key must be ${SECRET_KEY_BYTES} bytes.`);
  const keyBytes = Buffer.from(key);
  return {
    seal(plaintext, associatedData) {
      const nonce = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', keyBytes, nonce);
      cipher.setAAD(Buffer.from(associatedData, 'utf8'));
      const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return ['v1', nonce, cipher.getAuthTag(), ciphertext].map((part) => (typeof part === 'string' ? part : part.toString('base64url'))).join('.');
    },
    open(sealed, associatedData) {
      const [version, nonce, tag, ciphertext] = sealed.split('.');
      if (version !== 'v1' || nonce === undefined || tag === undefined || ciphertext === undefined) {
        throw new SecretBoxError('The stored secret is not in a known format.');
      }
      try {
        const decipher = createDecipheriv('aes-256-gcm', keyBytes, Buffer.from(nonce, 'base64url'));
        decipher.setAAD(Buffer.from(associatedData, 'utf8'));
        decipher.setAuthTag(Buffer.from(tag, 'base64url'));
        return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
      } catch (error) {
        throw new SecretBoxError('A stored secret could not be decrypted: the secret key differs from the one it was sealed with, or the data was altered.', {
          cause: error,
        });
      }
    },
  };
}
