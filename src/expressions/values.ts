/**
 * The value model of the expression language: JSON values plus three tags the JSON types cannot carry.
 * - `Float` marks a floating-point number whose value happens to be integral (`5.0`), so `div(10, 5.0)` stays a
 *   float and later arithmetic keeps float semantics. Non-integral JS numbers are floats by nature.
 * - `Decimal` is the exact base-10 number `decimal()` returns (.NET's System.Decimal): arithmetic on it is exact
 *   and `string()` shows every digit; as JSON it is the nearest double. Its type reads as 'Float', the only
 *   non-integer number type the language names.
 * - `Binary` is byte content (`binary()`, `base64ToBinary()`); it serialises the way Logic Apps shows binary
 *   content, `{"$content-type", "$content"}`.
 */
import { Decimal } from './decimal/decimal.js';
import { compareDecimals } from './decimal/decimal-arithmetic.js';
import { decimalFromDouble, decimalFromInteger } from './decimal/decimal-conversion.js';
import { TaggedValue } from './tagged-value.js';

export { Decimal } from './decimal/decimal.js';

export class Float extends TaggedValue {
  constructor(readonly value: number) {
    super();
  }
  override toJSON(): number {
    return this.value;
  }
}

export class Binary extends TaggedValue {
  constructor(
    readonly bytes: Uint8Array,
    readonly contentType = 'application/octet-stream',
  ) {
    super();
  }
  override toJSON(): { '$content-type': string; $content: string } {
    return { '$content-type': this.contentType, $content: Buffer.from(this.bytes).toString('base64') };
  }
}

export type JsonObject = { [key: string]: Value };
export type Value = null | boolean | number | string | Float | Decimal | Binary | Value[] | JsonObject;
/** The values `isNumber` accepts: integers and floats as JS numbers, integral floats as `Float`, decimals. */
export type NumberValue = number | Float | Decimal;

export const ValueType = {
  Null: 'Null',
  Boolean: 'Boolean',
  Integer: 'Integer',
  Float: 'Float',
  String: 'String',
  Array: 'Array',
  Object: 'Object',
  Binary: 'Binary',
} as const;
export type ValueType = (typeof ValueType)[keyof typeof ValueType];

export function typeOf(value: Value): ValueType {
  if (value === null || value === undefined) return ValueType.Null;
  switch (typeof value) {
    case 'boolean':
      return ValueType.Boolean;
    case 'number':
      return Number.isInteger(value) ? ValueType.Integer : ValueType.Float;
    case 'string':
      return ValueType.String;
    default:
      if (Array.isArray(value)) return ValueType.Array;
      if (value instanceof Float || value instanceof Decimal) return ValueType.Float;
      if (value instanceof Binary) return ValueType.Binary;
      return ValueType.Object;
  }
}

export function isObject(value: Value | undefined): value is JsonObject {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    !(value instanceof TaggedValue) // Float, Decimal, Binary
  );
}

export function isNumber(value: Value | undefined): value is NumberValue {
  return typeof value === 'number' || value instanceof Float || value instanceof Decimal;
}

/** True for integers (JS integral numbers that are not tagged as floats). */
export function isInteger(value: Value | undefined): value is number {
  return typeof value === 'number' && Number.isInteger(value);
}

/** True for floats and decimals: every number that is not an integer. */
export function isFloat(value: Value | undefined): boolean {
  if (typeof value === 'number') return !Number.isInteger(value);
  return value instanceof Float || value instanceof Decimal;
}

/** The number as a double; a decimal gives its nearest double. */
export function numberOf(value: NumberValue): number {
  return typeof value === 'number' ? value : value.value;
}

/**
 * The decimal a number becomes in decimal arithmetic and comparisons: an integer exactly, a float as .NET's
 * `(decimal)double` (15 significant digits). `undefined` for NaN, the infinities and values beyond the decimal range.
 */
export function decimalOf(value: NumberValue): Decimal | undefined {
  if (value instanceof Decimal) return value;
  if (typeof value === 'number' && Number.isInteger(value)) return decimalFromInteger(value);
  return decimalFromDouble(numberOf(value));
}

/**
 * Orders two numbers: negative, zero or positive (NaN when a double is NaN). With a decimal on either side the
 * comparison is exact in decimal, as Newtonsoft's JValue compares a decimal with a double; a double the decimal range
 * cannot hold is compared as a double.
 */
export function compareNumbers(a: NumberValue, b: NumberValue): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (a instanceof Decimal || b instanceof Decimal) {
    const x = decimalOf(a);
    const y = decimalOf(b);
    if (x !== undefined && y !== undefined) return compareDecimals(x, y);
  }
  return numberOf(a) - numberOf(b);
}

/** Builds a number result; `float` keeps an integral result tagged as a float. */
export function makeNumber(n: number, float: boolean): number | Float {
  return float && Number.isInteger(n) ? new Float(n) : n;
}

/** Strips the tags so a value can leave the expression world as plain JSON. */
export function toPlainJson(value: Value): unknown {
  if (value instanceof Float) return value.value;
  if (value instanceof Decimal) return value.toNumber();
  if (value instanceof Binary) return value.toJSON();
  if (Array.isArray(value)) return value.map(toPlainJson);
  if (isObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[key] = toPlainJson(item);
    return out;
  }
  return value;
}

/** Compact JSON, the form objects and arrays take inside `@{...}` and `string()`. */
export function toJsonText(value: Value): string {
  return JSON.stringify(value) ?? 'null';
}

/** The string form a value takes inside `@{...}` interpolation and `string()`. */
export function toText(value: Value): string {
  if (value === null || value === undefined) return '';
  switch (typeof value) {
    case 'string':
      return value;
    case 'boolean':
      // Logic Apps renders .NET booleans: "True" / "False".
      return value ? 'True' : 'False';
    case 'number':
      return numberText(value);
    default:
      if (value instanceof Float) return numberText(value.value);
      if (value instanceof Decimal) return value.toString();
      if (value instanceof Binary) return Buffer.from(value.bytes).toString('utf8');
      return toJsonText(value);
  }
}

function numberText(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (n === Infinity) return 'Infinity';
  if (n === -Infinity) return '-Infinity';
  return String(n);
}

/**
 * Deep equality: numbers compare by value whatever their tag (a decimal exactly, see `compareNumbers`); strings are
 * case-sensitive.
 */
export function valuesEqual(a: Value, b: Value): boolean {
  if (a === b) return true;
  if (a === null || b === null || a === undefined || b === undefined) return (a ?? null) === (b ?? null);
  if (isNumber(a) && isNumber(b)) {
    // A number that is neither a JS number nor a Float is a decimal (tested this way round to keep floats cheap).
    const decimal = (typeof a !== 'number' && !(a instanceof Float)) || (typeof b !== 'number' && !(b instanceof Float));
    return decimal ? compareNumbers(a, b) === 0 : numberOf(a) === numberOf(b);
  }
  if (Array.isArray(a)) {
    return Array.isArray(b) && a.length === b.length && a.every((item, i) => valuesEqual(item, b[i] as Value));
  }
  if (a instanceof Binary) {
    return b instanceof Binary && Buffer.from(a.bytes).equals(Buffer.from(b.bytes));
  }
  if (isObject(a)) {
    if (!isObject(b)) return false;
    const keys = Object.keys(a);
    if (keys.length !== Object.keys(b).length) return false;
    return keys.every((key) => Object.hasOwn(b, key) && valuesEqual(a[key] as Value, b[key] as Value));
  }
  return false;
}

/**
 * Property lookup with the case-insensitive fallback real templates need (`AlertDisplayName` vs
 * `alertDisplayName`). Returns `undefined` when the property is absent.
 */
export function getProperty(object: JsonObject, name: string): Value | undefined {
  if (Object.hasOwn(object, name)) return object[name];
  const lower = name.toLowerCase();
  for (const key of Object.keys(object)) {
    if (key.toLowerCase() === lower) return object[key];
  }
  return undefined;
}

/** A structural copy, so results handed out cannot be mutated behind the engine's back (tagged values are immutable). */
export function cloneValue<T extends Value>(value: T): T {
  if (Array.isArray(value)) return value.map((item) => cloneValue(item)) as T;
  if (isObject(value)) {
    const out: JsonObject = {};
    for (const [key, item] of Object.entries(value)) out[key] = cloneValue(item);
    return out as T;
  }
  return value;
}
