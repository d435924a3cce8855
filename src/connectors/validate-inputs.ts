/**
 * Checks what a connector is given before it calls anything: the action's body against the operation's schema, and
 * the connection's parameters. A problem is thrown as `ConnectorInputError` and answered as a 400 result that names
 * the field, so a workflow author sees what to fix instead of the remote service's less specific refusal.
 */
import { type OutputUnit, Validator } from '@cfworker/json-schema';
import type { Static, TSchema } from '@sinclair/typebox';
import { type Value, toPlainJson } from '../expressions/index.js';
import type { ConnectionParameters, ConnectorResult, ParameterCheck } from './connector.js';

/** A workflow or connection input the connector cannot use. Not retried: the same inputs fail again. */
export class ConnectorInputError extends Error {
  override readonly name = 'ConnectorInputError';
  constructor(
    message: string,
    /** The refused input's path (`body.To`, `body.Attachments[0].Name`), when one input is at fault. */
    readonly field?: string,
  ) {
    super(message);
  }
}

/** Runs a connector operation, answering an input problem as a 400 result instead of an exception. */
export async function answeringInputErrors(run: () => Promise<ConnectorResult>): Promise<ConnectorResult> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof ConnectorInputError) return { statusCode: 400, message: error.message };
    throw error;
  }
}

// Schemas are static module constants, so a validator per schema object is built once.
const validators = new WeakMap<TSchema, Validator>();

/** The body as plain JSON, checked against the schema (draft 2020-12); throws naming the first failing field. */
export function checkInputs<T extends TSchema>(schema: T, body: Value | undefined, root = 'body'): Static<T> {
  const plain = toPlainJson(body ?? null);
  let validator = validators.get(schema);
  if (validator === undefined) {
    validator = new Validator(schema as object, '2020-12', false);
    validators.set(schema, validator);
  }
  const result = validator.validate(plain);
  if (!result.valid) {
    const { message, field } = describeFirstError(schema, result.errors, root);
    throw new ConnectorInputError(message, field);
  }
  return plain as Static<T>;
}

// Errors of these keywords only say that something below them failed; the one below says what.
const CONTAINER_KEYWORDS = new Set(['properties', 'items', 'prefixItems', 'additionalProperties', 'allOf', '$ref']);

function describeFirstError(schema: TSchema, errors: readonly OutputUnit[], root: string): { message: string; field: string } {
  const telling = (e: OutputUnit) => !CONTAINER_KEYWORDS.has(e.keyword);
  const error = errors.filter((e) => !aboutNullBranch(schema, e)).find(telling) ?? errors.find(telling) ?? errors[0];
  if (error === undefined) return { message: `The input '${root}' is not valid.`, field: root };
  const field = fieldPath(root, error.instanceLocation);
  const say = (message: string) => ({ message, field });
  const rule = schemaAt(schema, error.keywordLocation);
  switch (error.keyword) {
    case 'required': {
      const name = /"(.*)"/.exec(error.error)?.[1] ?? '';
      const missing = fieldPath(field, `#/${name}`);
      return { message: `The input '${missing}' is required.`, field: missing };
    }
    case 'enum':
      return say(`The input '${field}' must be one of ${listOf(rule as unknown[])}.`);
    case 'const':
      return say(`The input '${field}' must be '${String(rule)}'.`);
    case 'type':
      return say(`The input '${field}' must be ${typeNames(rule)}.`);
    case 'minLength':
      return say(rule === 1 ? `The input '${field}' must not be empty.` : `The input '${field}' must be at least ${String(rule)} characters long.`);
    case 'anyOf':
    case 'oneOf': {
      const constants = Array.isArray(rule) ? rule.map((branch) => (branch as { const?: unknown }).const) : [];
      if (constants.length > 0 && constants.every((c) => c !== undefined)) {
        return say(`The input '${field}' must be one of ${listOf(constants)}.`);
      }
      return say(`The input '${field}' does not have any of the accepted shapes.`);
    }
    default:
      return say(`The input '${field}' is not valid: ${error.error}`);
  }
}

/** Allowed values as a list; an allowed empty text shows as ''. */
function listOf(values: readonly unknown[]): string {
  return values.map((value) => (value === '' ? "''" : String(value))).join(', ');
}

/**
 * An optional input that also takes null (`X or null`) fails with three errors: the union's, X's and "expected
 * null". Only X's says what is wrong; the other two are about the null branch.
 */
function aboutNullBranch(schema: TSchema, error: OutputUnit): boolean {
  if (error.keyword === 'type') return isNullSchema(schemaAt(schema, error.keywordLocation.replace(/\/type$/, '')));
  if (error.keyword !== 'anyOf' && error.keyword !== 'oneOf') return false;
  const branches = schemaAt(schema, error.keywordLocation);
  return Array.isArray(branches) && branches.length === 2 && branches.some(isNullSchema);
}

function isNullSchema(schema: unknown): boolean {
  return typeof schema === 'object' && schema !== null && (schema as { type?: unknown }).type === 'null';
}

/** `#/payload/links/0` under `body` → `body.payload.links[0]`. */
function fieldPath(root: string, instanceLocation: string): string {
  let path = root;
  for (const raw of instanceLocation.replace(/^#\/?/, '').split('/')) {
    if (raw === '') continue;
    const segment = decodePointerSegment(raw);
    path += /^\d+$/.test(segment) ? `[${segment}]` : `.${segment}`;
  }
  return path;
}

function decodePointerSegment(raw: string): string {
  let text = raw;
  try {
    text = decodeURIComponent(raw);
  } catch {
    // Not percent-encoded after all: keep it as it is.
  }
  return text.replace(/~1/g, '/').replace(/~0/g, '~');
}

/** The schema value a keyword location points at (our schemas use no `$ref`, so locations are plain paths). */
function schemaAt(schema: TSchema, keywordLocation: string): unknown {
  let node: unknown = schema;
  for (const raw of keywordLocation.replace(/^#\/?/, '').split('/')) {
    if (raw === '') continue;
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string, unknown>)[decodePointerSegment(raw)];
  }
  return node;
}

const TYPE_NAMES: Readonly<Record<string, string>> = {
  string: 'a string',
  number: 'a number',
  integer: 'an integer',
  boolean: 'true or false',
  object: 'an object',
  array: 'an array',
  null: 'null',
};

function typeNames(rule: unknown): string {
  const types = Array.isArray(rule) ? rule : [rule];
  return types.map((type) => TYPE_NAMES[String(type)] ?? String(type)).join(' or ');
}

/** A connection parameter's text; throws naming it when it is required and missing or empty. */
export function connectionText(parameters: ConnectionParameters, name: string): string {
  const value = optionalConnectionText(parameters, name);
  if (value === undefined) throw new ConnectorInputError(`The connection has no '${name}'; set it on the connection.`);
  return value;
}

/** A connection parameter's text, or `undefined` when it is missing or empty. */
export function optionalConnectionText(parameters: ConnectionParameters, name: string): string | undefined {
  const value = parameters[name];
  if (value === undefined) return undefined;
  const text = String(value).trim();
  return text === '' ? undefined : text;
}

/**
 * A connection parameter that must be an http(s) URL, used as given (a webhook address). The message never repeats
 * the value: for webhook URLs the URL itself is the secret.
 */
export function connectionUrl(parameters: ConnectionParameters, name: string): string {
  return parseHttpUrl(connectionText(parameters, name), name).href;
}

/**
 * A connection parameter naming a service's base URL (`https://acme.service-now.com`): a bare host gets `https://`
 * and trailing slashes are dropped so API paths can be appended. `fallback` stands in when it is not set.
 */
export function connectionBaseUrl(parameters: ConnectionParameters, name: string, fallback?: string): string {
  const text = optionalConnectionText(parameters, name) ?? fallback ?? connectionText(parameters, name);
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`;
  return parseHttpUrl(withScheme, name).href.replace(/\/+$/, '');
}

/**
 * A parameter's `check` made from the reader a connector uses on it, so a connection is refused when saved for
 * exactly what would fail it when used or tested.
 */
function checkedBy(read: (parameters: ConnectionParameters, name: string) => unknown): ParameterCheck {
  return (value, name) => {
    try {
      read({ [name]: value }, name);
      return undefined;
    } catch (error) {
      if (error instanceof ConnectorInputError) return error.message;
      throw error;
    }
  };
}

export const httpUrlCheck: ParameterCheck = checkedBy(connectionUrl);
export const baseUrlCheck: ParameterCheck = checkedBy(connectionBaseUrl);

function parseHttpUrl(text: string, name: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ConnectorInputError(`The connection's '${name}' is not a valid URL; set an http or https URL.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConnectorInputError(`The connection's '${name}' must be an http or https URL.`);
  }
  return url;
}
