/** The web UI's session cookie and its CSRF header: reading, writing and comparing them. */
import { createHash, timingSafeEqual } from 'node:crypto';

export const SESSION_COOKIE = 'riposte_session';
export const CSRF_HEADER = 'X-CSRF-Token';

/** Methods that change something: a cookie-authenticated request with one of these must carry the CSRF token. */
export const isUnsafeMethod = (method: string) => !['GET', 'HEAD', 'OPTIONS'].includes(method.toUpperCase());

/** The session cookie's value in a `Cookie` header (the first one when a client repeats it). */
export function sessionCookieValue(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  for (const part of header.split(';')) {
    const separator = part.indexOf('=');
    if (separator < 0 || part.slice(0, separator).trim() !== SESSION_COOKIE) continue;
    const value = part.slice(separator + 1).trim();
    return value === '' ? undefined : value;
  }
  return undefined;
}

/** `Secure` when users reach the server over https (a cookie marked so is never sent over plain http). */
export function sessionCookie(value: string, maxAgeSeconds: number, secure: boolean): string {
  return `${SESSION_COOKIE}=${value}; HttpOnly; SameSite=Strict; Path=/; Max-Age=${maxAgeSeconds}${secure ? '; Secure' : ''}`;
}

export const clearedSessionCookie = (secure: boolean) => sessionCookie('', 0, secure);

/** Constant-time equality of two secrets of any length (both are hashed to one length first). */
export function sameSecret(given: string, expected: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();
  return timingSafeEqual(digest(given), digest(expected)) && given.length === expected.length;
}
