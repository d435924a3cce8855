/**
 * Signing of outgoing webhook deliveries, and the check a receiver makes. The signature covers the timestamp and
 * the exact body bytes (`"<timestamp>.<raw body>"`), so a captured delivery cannot be replayed later with a fresh
 * timestamp, and a receiver refuses deliveries whose timestamp is too far from its own clock.
 *
 * Headers: `X-Riposte-Timestamp: <unix seconds>`, `X-Riposte-Signature: sha256=<hex HMAC-SHA256>`.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_PREFIX = 'sha256=';
export const DEFAULT_TOLERANCE_SECONDS = 300;

/** `sha256=<hex HMAC-SHA256(secret, "<timestamp>.<rawBody>")>` */
export function signWebhookBody(secret: string, timestamp: number, rawBody: string): string {
  return SIGNATURE_PREFIX + createHmac('sha256', secret).update(`${timestamp}.${rawBody}`, 'utf8').digest('hex');
}

export interface WebhookVerification {
  readonly secret: string;
  /** The `X-Riposte-Timestamp` header: unix seconds. */
  readonly timestamp: string | number;
  /** The `X-Riposte-Signature` header. */
  readonly signature: string;
  /** The body exactly as received, before any JSON parsing. */
  readonly rawBody: string;
  /** The receiver's clock, milliseconds since the epoch. */
  readonly now: number;
  readonly toleranceSeconds?: number;
}

export type WebhookVerificationResult =
  | { readonly ok: true }
  | { readonly ok: false; readonly reason: 'malformed' | 'stale' | 'mismatch' };

/** Checks a delivery: well-formed headers, a timestamp within the tolerance (either way), a matching signature. */
export function verifyWebhookSignature(input: WebhookVerification): WebhookVerificationResult {
  const timestamp = typeof input.timestamp === 'number' ? input.timestamp : Number(input.timestamp);
  const validTimestamp = /^\d{1,12}$/.test(String(input.timestamp).trim()) && Number.isSafeInteger(timestamp);
  if (!validTimestamp || !/^sha256=[0-9a-f]{64}$/i.test(input.signature)) return { ok: false, reason: 'malformed' };
  const tolerance = input.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
  if (Math.abs(input.now / 1000 - timestamp) > tolerance) return { ok: false, reason: 'stale' };
  const expected = Buffer.from(signWebhookBody(input.secret, timestamp, input.rawBody).slice(SIGNATURE_PREFIX.length), 'hex');
  const given = Buffer.from(input.signature.slice(SIGNATURE_PREFIX.length), 'hex');
  // Both are 32 bytes here (the format was checked), as timingSafeEqual requires.
  return timingSafeEqual(expected, given) ? { ok: true } : { ok: false, reason: 'mismatch' };
}
