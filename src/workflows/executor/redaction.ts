import { type Value, isObject } from '../../expressions/index.js';

export const SECURE_MARKER = '*** secured ***';

/**
 * Builds a function that replaces the values of secure parameters wherever they appear in recorded data, so a
 * secret passed as a `securestring` never reaches the run history even when an action echoes it.
 */
export function secretRedactor(secrets: readonly string[]): (value: Value) => Value {
  const needles = secrets.filter((secret) => secret.length >= 3).sort((a, b) => b.length - a.length);
  if (needles.length === 0) return (value) => value;
  const scrub = (text: string) => needles.reduce((out, needle) => out.replaceAll(needle, SECURE_MARKER), text);
  const walk = (value: Value): Value => {
    if (typeof value === 'string') return scrub(value);
    if (Array.isArray(value)) return value.map(walk);
    if (isObject(value)) {
      const out: Record<string, Value> = {};
      for (const [key, item] of Object.entries(value)) out[key] = walk(item);
      return out;
    }
    return value;
  };
  return walk;
}

/**
 * A run's secret values: secure parameters and connection secrets from the start, then the credentials its actions
 * send (see `ActionOutcome.hiddenInRecord`), hidden from then on wherever the run records data.
 */
export class RunSecrets {
  private readonly values: Set<string>;
  private redactor: (value: Value) => Value;

  constructor(initial: Iterable<string>) {
    this.values = new Set(initial);
    this.redactor = secretRedactor([...this.values]);
  }

  /** Replaces every secret value inside `value`. */
  readonly redact = (value: Value): Value => this.redactor(value);

  hide(values: readonly string[]): void {
    const before = this.values.size;
    for (const value of values) this.values.add(value);
    if (this.values.size !== before) this.redactor = secretRedactor([...this.values]);
  }
}

/** Every string inside a value (the leaves of a `secureobject`). */
export function stringLeaves(value: Value, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const item of value) stringLeaves(item, out);
  else if (isObject(value)) for (const item of Object.values(value)) stringLeaves(item, out);
  return out;
}
