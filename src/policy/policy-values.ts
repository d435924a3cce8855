/** Typed reads of resolved parameter values (`resolveParameters(...).value.values`); a wrong type is a caller bug. */

export type ParameterValues = Readonly<Record<string, unknown>>;

export function stringParameter(values: ParameterValues, name: string): string {
  const value = values[name];
  if (typeof value !== 'string') throw new TypeError(`Policy parameter '${name}' must be a resolved string.`);
  return value;
}

export function booleanParameter(values: ParameterValues, name: string): boolean {
  const value = values[name];
  if (typeof value !== 'boolean') throw new TypeError(`Policy parameter '${name}' must be a resolved boolean.`);
  return value;
}

export function stringsParameter(values: ParameterValues, name: string): readonly string[] {
  const value = values[name];
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) {
    throw new TypeError(`Policy parameter '${name}' must be a resolved array of strings.`);
  }
  return value as readonly string[];
}
