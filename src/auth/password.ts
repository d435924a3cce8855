/**
 * User passwords: argon2id hashes in PHC form (`$argon2id$v=19$m=…,t=…,p=…$salt$hash`), so each stored hash names
 * the parameters it was made with and stronger ones can be introduced later without breaking old hashes.
 * Verification is the library's (constant time over the derived hash).
 */
import { type Algorithm, type Options, hash, verify } from '@node-rs/argon2';

export const MIN_PASSWORD_LENGTH = 12;
/** argon2 accepts any length, but hashing megabytes per attempt would be a denial of service. */
export const MAX_PASSWORD_LENGTH = 1024;

/**
 * The library declares `Algorithm` as an ambient const enum, which `verbatimModuleSyntax` cannot read at run time;
 * the value is spelled out and checked against the enum member's type.
 */
const ARGON2ID: Algorithm.Argon2id = 2;

/** OWASP's first recommended argon2id setting: 19 MiB, two passes, one lane (about 50 ms a hash). */
const options: Options = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

export function hashPassword(password: string): Promise<string> {
  return hash(password, options);
}

/** False for a wrong password and for a stored value that is not an argon2 hash (never throws on those). */
export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}

/**
 * Spends the time a real verification would when there is no user to check against, so an unknown name cannot be
 * told apart from a wrong password by timing. Always false.
 */
export class DummyPasswordCheck {
  private stored: Promise<string> | undefined;

  async verify(password: string): Promise<false> {
    this.stored ??= hashPassword('riposte: there is no such user');
    await verifyPassword(await this.stored, password);
    return false;
  }
}
