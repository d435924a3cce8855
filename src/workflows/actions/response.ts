import { type Value, getProperty, isInteger, isObject, toPlainJson } from '../../expressions/index.js';
import { ActionInputError } from './action-input-error.js';
import { defineActionType } from './action-type.js';
import { inputsObject } from './inputs-object.js';
import { succeeded } from './outcome.js';

/** RFC 9110 field names: tokens. */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** Field values: visible ASCII, spaces and tabs, and Latin-1 (what an HTTP/1.1 response can carry); never CR or LF. */
const HEADER_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;
/** Headers that frame the message or the connection: the server sets them, a workflow cannot. */
const SERVER_HEADERS = new Set(['content-length', 'transfer-encoding', 'connection', 'keep-alive', 'upgrade', 'te', 'trailer', 'proxy-connection']);

/** The response headers as text, refusing what would break the answer (an action failure, not a broken reply). */
function responseHeaders(headers: Value | undefined): Record<string, string> {
  if (headers === undefined || headers === null) return {};
  if (!isObject(headers)) throw new ActionInputError('InvalidTemplate', "'headers' must be an object of header names and values.");
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (!HEADER_NAME.test(name)) throw new ActionInputError('InvalidTemplate', `'${name}' is not a valid HTTP header name.`);
    if (SERVER_HEADERS.has(name.toLowerCase())) {
      throw new ActionInputError('InvalidTemplate', `The header '${name}' is set by the server for every response; remove it from the Response action.`);
    }
    const text = typeof value === 'string' ? value : value !== null && typeof value === 'object' ? JSON.stringify(toPlainJson(value)) : String(value);
    if (!HEADER_VALUE.test(text)) {
      throw new ActionInputError('InvalidTemplate', `The value of the header '${name}' holds a line break or a character an HTTP header cannot carry.`);
    }
    out[name] = text;
  }
  return out;
}

/** `Response {statusCode, headers?, body?}`: the answer to the caller of a Request trigger. */
export const responseAction = defineActionType({
  type: 'Response',
  reachesOutside: true,
  compile: (definition, cx) => cx.template(inputsObject(definition.inputs, cx), 'inputs'),
  async execute(template, ex) {
    const inputs = ex.evaluate(template);
    const spec = isObject(inputs) ? inputs : {};
    const statusCode = getProperty(spec, 'statusCode') ?? 200;
    const code = typeof statusCode === 'string' && /^\d+$/.test(statusCode) ? Number(statusCode) : statusCode;
    // Informational codes (1xx) are not final answers: the caller would wait for one that never comes.
    if (!isInteger(code) || code < 200 || code > 599) {
      throw new ActionInputError('InvalidTemplate', "'statusCode' must be an HTTP status code from 200 to 599.");
    }
    const headers = responseHeaders(getProperty(spec, 'headers'));
    const body: Value = getProperty(spec, 'body') ?? null;
    return { ...succeeded(inputs, { statusCode: code, headers, body }), response: { statusCode: code, headers, body } };
  },
});
