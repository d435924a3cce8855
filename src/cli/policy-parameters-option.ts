/**
 * An assignment's parameters from the command line: `--parameters file.json` (`{"name": {"value": …}}` or an ARM
 * parameters file), then each `--param name=value`, its text turned into the type the definition declares. Names
 * the definition does not declare are passed on as text, for the API to refuse with its own message.
 */
import type { Value } from '../expressions/index.js';
import { unwrapParameterValues } from './definition-file.js';
import { CliInputError, readJsonFile } from './json-file.js';

/** What a definition says about one parameter, as `GET …/policyDefinitions` answers. */
export interface DeclaredParameter {
  readonly type: string;
}

export type DeclaredParameters = Readonly<Record<string, DeclaredParameter>>;

function json(text: string, what: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new CliInputError(`${what} is not valid JSON: ${(error as Error).message}`);
  }
}

/** The text of `--param name=value` as the declared type: Array, Boolean, Integer, Object or String. */
export function coerceParameter(name: string, text: string, declared: DeclaredParameter | undefined): unknown {
  const what = `--param ${name}`;
  switch (declared?.type.toLowerCase()) {
    case 'array': {
      if (text.trim().startsWith('[')) {
        const value = json(text, what);
        if (!Array.isArray(value)) throw new CliInputError(`${what} must be a JSON array or comma-separated values.`);
        return value;
      }
      // `name=` is the empty array (for the built-ins, "all").
      return text.split(',').map((item) => item.trim()).filter((item) => item !== '');
    }
    case 'boolean': {
      const lower = text.trim().toLowerCase();
      if (lower !== 'true' && lower !== 'false') throw new CliInputError(`${what} must be true or false; got '${text}'.`);
      return lower === 'true';
    }
    case 'integer':
      if (!/^\s*-?\d+\s*$/.test(text) || !Number.isSafeInteger(Number(text))) throw new CliInputError(`${what} must be a whole number; got '${text}'.`);
      return Number(text);
    case 'object':
      return json(text, what);
    default:
      return text;
  }
}

/** `name=value` split at the first `=`. */
export function splitParam(argument: string): { readonly name: string; readonly text: string } {
  const at = argument.indexOf('=');
  if (at <= 0) throw new CliInputError(`--param '${argument}' must be written as name=value.`);
  return { name: argument.slice(0, at).trim(), text: argument.slice(at + 1) };
}

/** Parameter names match case-insensitively, as the API matches them. */
const findName = (names: Iterable<string>, name: string) => [...names].find((candidate) => candidate.toLowerCase() === name.toLowerCase());

/** The body's `properties.parameters`: the file's values, then each `--param` (which wins over the file). */
export async function assignmentParameters(
  declared: DeclaredParameters,
  file: string | undefined,
  params: readonly string[],
): Promise<Record<string, { value: unknown }>> {
  const values = new Map<string, unknown>();
  if (file !== undefined) {
    const content = (await readJsonFile(file, 'parameters')) as Value;
    for (const [name, value] of Object.entries(unwrapParameterValues(content, file))) values.set(name, value);
  }
  for (const argument of params) {
    const { name, text } = splitParam(argument);
    const declaredName = findName(Object.keys(declared), name);
    const value = coerceParameter(name, text, declaredName === undefined ? undefined : declared[declaredName]);
    const previous = findName(values.keys(), name);
    if (previous !== undefined) values.delete(previous);
    values.set(declaredName ?? name, value);
  }
  return Object.fromEntries([...values].map(([name, value]) => [name, { value }]));
}
