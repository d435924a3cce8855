/** Arguments that may be text or binary content: Logic Apps lets binary content stand in for its UTF-8 text. */
import { Buffer } from 'node:buffer';
import { Binary, type Value } from '../../values.js';
import { arg, invalidArgument } from '../arguments.js';

/** The bytes of a string (UTF-8) or of binary content. */
export function bytesArg(fn: string, args: readonly Value[], index: number): Uint8Array {
  const value = arg(args, index);
  if (typeof value === 'string') return Buffer.from(value, 'utf8');
  if (value instanceof Binary) return value.bytes;
  throw invalidArgument(fn, index, 'a string', value);
}

/** A string, or binary content read as UTF-8 text. */
export function textArg(fn: string, args: readonly Value[], index: number): string {
  const value = arg(args, index);
  if (typeof value === 'string') return value;
  if (value instanceof Binary) return decodeText(value.bytes);
  throw invalidArgument(fn, index, 'a string', value);
}

/**
 * Decodes bytes as text in the given charset (UTF-8 when absent or unknown). A byte-order mark is kept, as .NET's
 * `Encoding.GetString` keeps it; malformed sequences become U+FFFD rather than failing.
 */
export function decodeText(bytes: Uint8Array, charset?: string): string {
  if (charset !== undefined) {
    try {
      return new TextDecoder(charset, { ignoreBOM: true }).decode(bytes);
    } catch {
      // Unknown charset label: fall back to UTF-8 like a lenient HTTP client would.
    }
  }
  return new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
}
