import { readFile } from 'node:fs/promises';
import { parseJsonText } from '../expressions/functions/conversion/json-text.js';
import type { Value } from '../expressions/index.js';

export class CliInputError extends Error {
  override readonly name = 'CliInputError';
}

/** Reads a JSON file; `keepFloats` keeps `1.0` a float (for data such as trigger bodies). */
export async function readJsonFile(path: string, what: string, keepFloats = false): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new CliInputError(`Cannot read the ${what} file '${path}': ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  try {
    return keepFloats ? (parseJsonText(text) as Value) : (JSON.parse(text) as unknown);
  } catch (error) {
    throw new CliInputError(`The ${what} file '${path}' is not valid JSON: ${(error as Error).message}`);
  }
}
