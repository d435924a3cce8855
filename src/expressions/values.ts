/**
 * The value model of the expression language: JSON values plus two tags the JSON types cannot carry.
 * - `Float` marks a floating-point number whose value happens to be integral (`5.0`), so `div(10, 5.0)` stays a
 *   float and later arithmetic keeps float semantics. Non-integral JS numbers are floats by nature.
 * - `Binary` is byte content (`binary()`, `base64ToBinary()`); it serialises the way Logic Apps shows binary
 *   content, `{"$content-type", "$content"}`.
 */
export class Float {
  constructor(readonly value: number) {}
  toJSON(): number {
    return this.value;
  }
}

export class Binary {
  constructor(
    readonly bytes: Uint8Array,
    readonly contentType = 'application/octet-stream',
  ) {}
  toJSON(): { '$content-type': string; $content: string } {
    return { '$content-type': this.contentType, $content: Buffer.from(this.bytes).toString('base64') };
  }
}

export type JsonObject = { [key: string]: Value };
export type Value = null | boolean | number | string | Float | Binary | Value[] | JsonObject;

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
      if (value instanceof Float) return ValueType.Float;
      if (value instanceof Binary) return ValueType.Binary;
      return ValueType.Object;
  }
}

export function isObject(value: Value | undefined): value is JsonObject {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    !(value instanceof Float) &&
    !(value instanceof Binary)
  );
}

export function isNumber(value: Value | undefined): value is number | Float {
  return typeof value === 'number' || value instanceof Float;
}

/** True for integers (JS integral numbers that are not tagged as floats). */
export function isInteger(value: Value | undefined): value is number {
  return typeof value === 'number' && Number.isInteger(value);
}

export function isFloat(value: Value | undefined): boolean {
  return value instanceof Float || (typeof value === 'number' && !Number.isInteger(value));
}

export function numberOf(value: number | Float): number {
  return typeof value === 'number' ? value : value.value;
}

/** Builds a number result; `float` keeps an integral result tagged as a float. */
export function makeNumber(n: number, float: boolean): number | Float {
  return float && Number.isInteger(n) ? new Float(n) : n;
}

/** Strips the tags so a value can leave the expression world as plain JSON. */
export function toPlainJson(value: Value): unknown {
  if (value instanceof Float) return value.value;
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

/** Deep equality: numbers compare by value whatever their tag; strings are case-sensitive. */
export function valuesEqual(a: Value, b: Value): boolean {
  if (a === b) return true;
  if (a === null || b === null || a === undefined || b === undefined) return (a ?? null) === (b ?? null);
  if (isNumber(a) && isNumber(b)) return numberOf(a) === numberOf(b);
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

/** Converts parsed JSON (unknown) into a Value; JSON numbers with a fraction are floats already. */
export function fromJson(input: unknown): Value {
  return input as Value;
}

/** A structural copy, so results handed out cannot be mutated behind the engine's back. */
export function cloneValue<T extends Value>(value: T): T {
  if (Array.isArray(value)) return value.map((item) => cloneValue(item)) as T;
  if (isObject(value)) {
    const out: JsonObject = {};
    for (const [key, item] of Object.entries(value)) out[key] = cloneValue(item);
    return out as T;
  }
  return value;
}
