/**
 * Credentials as stored: tokens and session cookies are random and long, so a fast SHA-256 of each suffices and the
 * database never holds a usable secret.
 */
import { hash, randomBytes } from 'node:crypto';

export type PrincipalType = 'User' | 'ServicePrincipal';

export interface Principal {
  readonly id: string;
  readonly name: string;
  readonly type: PrincipalType;
}

export function hashToken(token: string): string {
  return hash('sha256', token, 'hex');
}

export function generateToken(): string {
  return `rpt_${randomBytes(32).toString('base64url')}`;
}

/** Epoch milliseconds of a stored time (ISO 8601 with any number of fractional digits); unreadable is long past. */
export function storedTimeMs(text: string): number {
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? Number.NEGATIVE_INFINITY : ms;
}

export const principalType = (stored: string): PrincipalType => (stored === 'User' ? 'User' : 'ServicePrincipal');
