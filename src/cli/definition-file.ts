/** Reads a workflow file: a bare definition, or a workflow resource `{properties: {definition, parameters}}`. */
import { type Value, isObject } from '../expressions/index.js';
import { CliInputError, readJsonFile } from './json-file.js';

export interface WorkflowFile {
  readonly definition: unknown;
  /** Parameter values the resource itself carries (`properties.parameters`), unwrapped from `{value}`. */
  readonly parameters: Record<string, Value>;
  readonly name?: string;
}

export async function readWorkflowFile(path: string): Promise<WorkflowFile> {
  const json = (await readJsonFile(path, 'definition')) as Value;
  if (!isObject(json)) throw new CliInputError(`The definition file '${path}' must hold a JSON object.`);
  const properties = json['properties'];
  if (isObject(properties) && 'definition' in properties) {
    return {
      definition: properties['definition'],
      parameters: unwrapParameterValues(properties['parameters'] ?? {}, `${path}: properties.parameters`),
      ...(typeof json['name'] === 'string' ? { name: json['name'] } : {}),
    };
  }
  // The designer's code view shows `{definition, parameters}` without the resource wrapper.
  if (isObject(json['definition']) && !('actions' in json) && !('triggers' in json)) {
    return { definition: json['definition'], parameters: unwrapParameterValues(json['parameters'] ?? {}, `${path}: parameters`) };
  }
  return { definition: json, parameters: {} };
}

/** `{"name": {"value": …}}` → `{"name": …}`; also accepts an ARM parameters file `{"parameters": {…}}`. */
export function unwrapParameterValues(input: Value, where: string): Record<string, Value> {
  if (!isObject(input)) throw new CliInputError(`${where} must be an object of {"name": {"value": ...}}.`);
  const source = isObject(input['parameters']) && typeof input['$schema'] === 'string' ? input['parameters'] : input;
  const values: Record<string, Value> = {};
  for (const [name, wrapper] of Object.entries(source)) {
    if (!isObject(wrapper) || !('value' in wrapper)) {
      throw new CliInputError(`${where}: parameter '${name}' must be written as {"value": ...}.`);
    }
    values[name] = wrapper['value'] as Value;
  }
  return values;
}
