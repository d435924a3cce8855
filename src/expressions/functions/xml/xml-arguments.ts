/** What `xml()` and `xpath()` accept as their XML argument, and how each form becomes XML text. */
import type { Binary, Value } from '../../values.js';
import { isObject } from '../../values.js';
import { invalidArgument } from '../arguments.js';
import { JsonTextError, parseJsonText } from '../conversion/json-text.js';
import { contentOf, contentText, xmlContent, xmlTextOf } from './xml-content.js';
import { invalidXmlArgument } from './xml-error.js';
import { jsonValueToXml, normalizeXmlText } from './xml-json.js';

/**
 * `xml(value)`: XML text, a JSON object, a string holding a JSON object, or content (XML content passes through
 * re-parsed; other content is read as UTF-8 text). The result is XML content.
 */
export function toXmlContent(value: Value): Binary {
  const xmlText = xmlTextOf(value);
  if (xmlText !== undefined) return xmlContent(normalizeXmlText(xmlText, 'xml'));
  const content = contentOf(value);
  if (content !== undefined) return xmlContent(textToXml(contentText(content.bytes)));
  if (typeof value === 'string') return xmlContent(textToXml(value));
  if (isObject(value)) return xmlContent(jsonValueToXml(value, 'xml'));
  throw invalidArgument('xml', 0, 'a string or an object', value);
}

function textToXml(text: string): string {
  if (text.trimStart().startsWith('<')) return normalizeXmlText(text, 'xml');
  let parsed: Value;
  try {
    parsed = parseJsonText(text);
  } catch (error) {
    if (!(error instanceof JsonTextError)) throw error;
    throw invalidXmlArgument('xml', 'The provided value is neither XML nor a JSON object', error.message);
  }
  if (!isObject(parsed)) {
    throw invalidXmlArgument('xml', 'The provided value cannot be converted to XML', 'the JSON must be an object.');
  }
  return jsonValueToXml(parsed, 'xml');
}

/**
 * The XML text `xpath()` searches: XML content (the usual `xpath(xml(...), ...)`), other content read as text, or
 * a string of XML. Logic Apps itself insists on XML content; accepting XML text as well costs nothing.
 */
export function xpathInputText(value: Value): string {
  const content = contentOf(value);
  if (content !== undefined) return xmlTextOf(value) ?? contentText(content.bytes);
  if (typeof value === 'string') return value;
  throw invalidArgument('xpath', 0, 'an XML object', value);
}
