/**
 * Secrets scrubbed from what leaves a connector (results, messages, errors): the values of a connection's secret
 * parameters and the credentials derived from them during a call — an Authorization header and its base64, an
 * OAuth access token, the base64 an SMTP login sends. Each is masked wherever it appears, as it is or encoded.
 */
import { type Value, isObject } from '../expressions/index.js';

// Shorter values would turn ordinary words into asterisks; they are no secret worth the name anyway.
export const MIN_SECRET_LENGTH = 4;
const MASK = '***';

/** The text with every secret masked, also as it appears inside a URL, a form or a JSON string. */
export function scrubText(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const form of secretForms(secrets)) out = out.split(form).join(MASK);
  return out;
}

/** The value with every string in it (and every object key) scrubbed. */
export function scrubValue(value: Value, secrets: readonly string[]): Value {
  if (typeof value === 'string') return scrubText(value, secrets);
  if (Array.isArray(value)) return value.map((item) => scrubValue(item, secrets));
  if (isObject(value)) {
    const out: Record<string, Value> = {};
    for (const [key, item] of Object.entries(value)) out[scrubText(key, secrets)] = scrubValue(item, secrets);
    return out;
  }
  return value;
}

/**
 * An Authorization header value and the credential in it (`Basic dTpw` → itself and `dTpw`): the base64 of
 * `user:password` shares no text with the password, so scrubbing the password alone would not hide it.
 */
export function authorizationSecrets(header: string): string[] {
  const credential = /^\s*\S+\s+(\S+)\s*$/.exec(header)?.[1];
  return credential === undefined ? [header] : [header, credential];
}

/** Longest first, so a secret that contains another is masked whole rather than around the shorter one. */
function secretForms(secrets: readonly string[]): string[] {
  const forms = new Set<string>();
  for (const secret of secrets) {
    if (secret.length < MIN_SECRET_LENGTH) continue;
    forms.add(secret);
    forms.add(encodeURIComponent(secret));
    forms.add(new URLSearchParams({ s: secret }).toString().slice(2));
    forms.add(JSON.stringify(secret).slice(1, -1));
  }
  return [...forms].sort((a, b) => b.length - a.length);
}
