/**
 * How rule operands are read, shared by save-time validation (the `expectedValue` string) and matching (the
 * event's value). Each reader answers `undefined` for "not a value of this type" instead of throwing.
 */
import { type Value, isNumber, numberOf, toText } from '../expressions/values.js';

const NUMERIC = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** A finite number from a JSON number or numeric text (`"42"`, `" 4.5 "`, `"1e3"`); not `""`, `"0x10"`, `"NaN"`. */
export function readNumber(value: Value | undefined): number | undefined {
  if (isNumber(value)) {
    // Tagged numbers (Float, Decimal) only arrive from expressions; events are plain JSON.
    const n = numberOf(value);
    return Number.isFinite(n) ? n : undefined;
  }
  if (typeof value === 'string') {
    const text = value.trim();
    if (!NUMERIC.test(text)) return undefined;
    const n = Number(text);
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

/** `readNumber` restricted to integral values (`3`, `"3"`, `"3.0"`); `3.5` is not an Integer. */
export function readInteger(value: Value | undefined): number | undefined {
  const n = readNumber(value);
  return n !== undefined && Number.isInteger(n) ? n : undefined;
}

/** A boolean from JSON `true`/`false` or the text `true`/`false` in any case. */
export function readBoolean(value: Value | undefined): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string') {
    const text = value.trim().toLowerCase();
    if (text === 'true') return true;
    if (text === 'false') return false;
  }
  return undefined;
}

/**
 * The text a String rule compares, lower-cased: strings as they are, numbers and booleans in their JSON form
 * (`3`, `true`). Objects, arrays, null and binary have no text form here.
 */
export function readLowerText(value: Value | undefined): string | undefined {
  if (typeof value === 'string') return value.toLowerCase();
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (isNumber(value)) return Number.isFinite(numberOf(value)) ? toText(value).toLowerCase() : undefined;
  return undefined;
}
