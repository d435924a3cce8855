/** Base64, percent-encoding and data-URI codecs with .NET's (not the browser's) rules. */
import { Buffer } from 'node:buffer';

const BASE64_BODY = /^[A-Za-z0-9+/]*={0,2}$/;
const BASE64_IGNORED_WHITESPACE = /[\t\n\r ]/g;

/**
 * Strict base64 decoding like .NET's `Convert.FromBase64String`: whitespace is ignored, the length must be a
 * multiple of four and `=` may only pad the end. Node's own decoder silently skips garbage, so it is not enough.
 * Returns `undefined` for text that is not base64.
 */
export function decodeBase64(text: string): Uint8Array | undefined {
  const compact = text.replace(BASE64_IGNORED_WHITESPACE, '');
  if (compact.length % 4 !== 0 || !BASE64_BODY.test(compact)) return undefined;
  return Buffer.from(compact, 'base64');
}

export function encodeBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64');
}

function isUnreserved(byte: number): boolean {
  return (
    (byte >= 0x41 && byte <= 0x5a) || // A-Z
    (byte >= 0x61 && byte <= 0x7a) || // a-z
    (byte >= 0x30 && byte <= 0x39) || // 0-9
    byte === 0x2d || // -
    byte === 0x2e || // .
    byte === 0x5f || // _
    byte === 0x7e // ~
  );
}

/**
 * Percent-encodes every byte outside RFC 3986's unreserved set, as .NET's `Uri.EscapeDataString` does. Unlike
 * JavaScript's `encodeURIComponent` this also escapes `!'()*`, and it never throws on lone surrogates.
 */
export function percentEncode(bytes: Uint8Array): string {
  let out = '';
  for (const byte of bytes) {
    out += isUnreserved(byte) ? String.fromCharCode(byte) : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

function hexValue(code: number): number {
  if (code >= 0x30 && code <= 0x39) return code - 0x30;
  if (code >= 0x41 && code <= 0x46) return code - 0x37;
  if (code >= 0x61 && code <= 0x66) return code - 0x57;
  return -1;
}

/**
 * Decodes `%XX` escapes into bytes. Like .NET's `Uri.UnescapeDataString` it is lenient: a `%` not followed by two
 * hex digits stays as it is, and `+` is not a space.
 */
export function percentDecode(text: string): Uint8Array {
  const chunks: Uint8Array[] = [];
  let escaped: number[] = [];
  let i = 0;
  while (i < text.length) {
    if (text.charCodeAt(i) === 0x25) {
      const high = hexValue(text.charCodeAt(i + 1));
      const low = hexValue(text.charCodeAt(i + 2));
      if (high >= 0 && low >= 0) {
        escaped.push(high * 16 + low);
        i += 3;
        continue;
      }
    }
    if (escaped.length > 0) {
      chunks.push(Uint8Array.from(escaped));
      escaped = [];
    }
    let next = text.indexOf('%', i + 1);
    if (next < 0) next = text.length;
    chunks.push(Buffer.from(text.slice(i, next), 'utf8'));
    i = next;
  }
  if (escaped.length > 0) chunks.push(Uint8Array.from(escaped));
  return Buffer.concat(chunks);
}

export interface DataUri {
  /** The media type with its parameters, e.g. `text/plain;charset=utf-8`; `application/octet-stream` when absent. */
  readonly contentType: string;
  /** The `charset` parameter, when present. */
  readonly charset?: string;
  readonly bytes: Uint8Array;
}

/**
 * Parses an RFC 2397 data URI (`data:[<mediatype>][;base64],<data>`). Returns `undefined` when the text is not a
 * data URI or its base64 payload is malformed.
 */
export function parseDataUri(text: string): DataUri | undefined {
  const trimmed = text.trim();
  if (!/^data:/i.test(trimmed)) return undefined;
  const comma = trimmed.indexOf(',');
  if (comma < 0) return undefined;
  const params = trimmed.slice(5, comma).split(';');
  const isBase64 = params.length > 1 && params[params.length - 1]?.trim().toLowerCase() === 'base64';
  if (isBase64) params.pop();
  const payload = trimmed.slice(comma + 1);
  const bytes = isBase64 ? decodeBase64(payload) : percentDecode(payload);
  if (bytes === undefined) return undefined;
  const mediaType = params.join(';').trim();
  // An empty type means "unspecified" here: the bytes are opaque until someone says otherwise.
  const contentType =
    mediaType === '' ? 'application/octet-stream' : mediaType.startsWith(';') ? `text/plain${mediaType}` : mediaType;
  const charset = /(?:^|;)\s*charset=([^;]+)/i.exec(mediaType)?.[1]?.trim().replace(/^"|"$/g, '');
  return charset === undefined ? { contentType, bytes } : { contentType, charset, bytes };
}
