/**
 * XML functions: `xml`, `xpath`, and the name/value escaping helpers `encodeXmlValue`, `decodeXmlValue`,
 * `encodeXmlName`, `decodeXmlName`. The latter four are not in Microsoft's function reference (they appear in the
 * Logic Apps designer and Standard runtime); they are implemented as .NET's `SecurityElement.Escape`-style entity
 * escaping and `XmlConvert.EncodeName` / `DecodeName`.
 */
import type { Value } from '../values.js';
import { stringArg, stringOrNullArg } from './arguments.js';
import { FunctionCategory, type FunctionDefinition, defineFunction } from './function-definition.js';
import { toXmlContent, xpathInputText } from './xml/xml-arguments.js';
import { invalidXmlArgument, xmlExpressionError } from './xml/xml-error.js';
import { decodeXmlName, decodeXmlValue, encodeXmlName, encodeXmlValue } from './xml/xml-names.js';
import { type ParsedXml, parseXml } from './xml/xml-parser.js';
import { XPathError, evaluateXPath } from './xml/xpath-evaluate.js';

function xpath(args: readonly Value[]): Value {
  const text = xpathInputText(args[0] ?? null);
  const expression = stringArg('xpath', args, 1);
  const parsed = parseXmlArgument(text);
  try {
    return evaluateXPath(parsed, expression);
  } catch (error) {
    if (!(error instanceof XPathError)) throw xmlExpressionError('xpath', 'The XPath expression failed', error);
    throw invalidXmlArgument(
      'xpath',
      'The XPath expression must be a supported, well-formed XPath 1.0 expression',
      `'${expression}': ${error.message}.`,
    );
  }
}

function parseXmlArgument(text: string): ParsedXml {
  try {
    return parseXml(text);
  } catch (error) {
    throw xmlExpressionError('xpath', 'The provided XML is not valid', error);
  }
}

export const xmlFunctions: readonly FunctionDefinition[] = [
  defineFunction('xml', FunctionCategory.Conversion, [1, 1], (args) => toXmlContent(args[0] ?? null)),
  defineFunction('xpath', FunctionCategory.Manipulation, [2, 2], xpath),
  defineFunction('encodeXmlValue', FunctionCategory.Conversion, [1, 1], (args) =>
    encodeXmlValue(stringOrNullArg('encodeXmlValue', args, 0)),
  ),
  defineFunction('decodeXmlValue', FunctionCategory.Conversion, [1, 1], (args) =>
    decodeXmlValue(stringOrNullArg('decodeXmlValue', args, 0)),
  ),
  defineFunction('encodeXmlName', FunctionCategory.Conversion, [1, 1], (args) =>
    encodeXmlName(stringOrNullArg('encodeXmlName', args, 0)),
  ),
  defineFunction('decodeXmlName', FunctionCategory.Conversion, [1, 1], (args) =>
    decodeXmlName(stringOrNullArg('decodeXmlName', args, 0)),
  ),
];
