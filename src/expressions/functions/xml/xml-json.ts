/**
 * The JSON ↔ XML conversions Logic Apps performs with Newtonsoft (`json(xml(...))` and `xml(json(...))`), as
 * text ↔ value functions for `json()` and `xml()`. Failures are `ExpressionError`s naming the calling function.
 */
import { type Value, isObject } from '../../values.js';
import { invalidArgument } from '../arguments.js';
import { jsonToXmlDocument } from './json-to-xml.js';
import { xmlExpressionError } from './xml-error.js';
import { parseXml } from './xml-parser.js';
import { serializeXml } from './xml-serializer.js';
import { xmlDocumentToJson } from './xml-to-json.js';

/**
 * XML text → JSON value (attributes `@name`, text `#text`, repeated elements arrays, `?xml` for a declaration).
 * @throws ExpressionError (InvalidArgument) naming `functionName` when the text is not well-formed XML.
 */
export function xmlToJsonValue(text: string, functionName = 'json'): Value {
  try {
    return xmlDocumentToJson(parseXml(text));
  } catch (error) {
    throw xmlExpressionError(functionName, 'The provided XML cannot be converted to JSON', error);
  }
}

/**
 * JSON object → XML text. The object needs exactly one root property (besides `?xml` / `!DOCTYPE`), which must not
 * be an attribute; several root items in an array are refused too.
 * @throws ExpressionError (InvalidArgument) naming `functionName` when the value cannot be converted.
 */
export function jsonValueToXml(value: Value, functionName = 'xml'): string {
  if (!isObject(value)) throw invalidArgument(functionName, 0, 'an object', value);
  try {
    return serializeXml(jsonToXmlDocument(value));
  } catch (error) {
    throw xmlExpressionError(functionName, 'The provided JSON cannot be converted to XML', error);
  }
}

/** Parses XML text and writes it back as .NET would (insignificant whitespace dropped, double-quoted attributes). */
export function normalizeXmlText(text: string, functionName: string): string {
  try {
    const parsed = parseXml(text);
    return serializeXml(parsed.document, parsed.selfClosing);
  } catch (error) {
    throw xmlExpressionError(functionName, 'The provided value cannot be parsed as XML', error);
  }
}
