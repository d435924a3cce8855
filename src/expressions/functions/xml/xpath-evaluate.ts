/**
 * XPath 1.0 over a parsed document with the `xpath` package, shaped the way Logic Apps returns results: a node-set
 * is an array (elements and the document as XML content, other nodes as their string value), and numbers, strings
 * and booleans come back as themselves (`sum(/produce/item/count)` → 30).
 *
 * Like .NET's `XPathNavigator.Evaluate` without a namespace manager, prefixed names (`ns:item`) cannot be resolved
 * and fail; documents with namespaces are queried with `local-name()` / `namespace-uri()` or `name()`.
 */
import { createRequire } from 'node:module';
import type { Node } from '@xmldom/xmldom';
import type { Value } from '../../values.js';
import { xmlContent } from './xml-content.js';
import { XmlError } from './xml-error.js';
import { NodeType, XML_NAMESPACE } from './xml-nodes.js';
import type { ParsedXml } from './xml-parser.js';
import { serializeXml } from './xml-serializer.js';

interface XNodeSet {
  /** The nodes in document order. */
  toArray(): Node[];
}
interface XString {
  stringValue(): string;
}
interface XNumber {
  numberValue(): number;
}
interface XBoolean {
  booleanValue(): boolean;
}
interface NamespaceResolver {
  getNamespace(prefix: string, node: Node): string | null;
}
interface XPathContext {
  expressionContextNode?: Node;
}
interface CompiledXPath {
  evaluate(context: XPathContext): unknown;
}
interface XPathModule {
  XPathParser: new () => { parse(expression: string): CompiledXPath };
  XPathContext: new (variableResolver?: unknown, namespaceResolver?: NamespaceResolver) => XPathContext;
  XNodeSet: abstract new (...args: never[]) => XNodeSet;
  XString: abstract new (...args: never[]) => XString;
  XNumber: abstract new (...args: never[]) => XNumber;
  XBoolean: abstract new (...args: never[]) => XBoolean;
}

// Loaded through `require` with the narrow interface above: the package's own typings pull the browser DOM
// library into the whole program's global types, which this Node project does not want.
const xpath = createRequire(import.meta.url)('xpath') as XPathModule;
const parser = new xpath.XPathParser();

/** No prefixes besides the built-in `xml` resolve (there is no namespace manager, as in Logic Apps). */
const noNamespaceManager: NamespaceResolver = {
  getNamespace: (prefix) => (prefix === 'xml' ? XML_NAMESPACE : null),
};

export class XPathError extends Error {
  override readonly name = 'XPathError';
}

export function evaluateXPath(parsed: ParsedXml, expression: string): Value {
  let compiled: CompiledXPath;
  try {
    compiled = parser.parse(expression);
  } catch (error) {
    throw new XPathError(reason(error));
  }
  const context = new xpath.XPathContext(undefined, noNamespaceManager);
  context.expressionContextNode = parsed.document;
  let result: unknown;
  try {
    result = compiled.evaluate(context);
  } catch (error) {
    throw new XPathError(reason(error));
  }
  if (result instanceof xpath.XNodeSet) return result.toArray().map((node) => nodeValue(node, parsed));
  if (result instanceof xpath.XString) return result.stringValue();
  if (result instanceof xpath.XNumber) return result.numberValue();
  if (result instanceof xpath.XBoolean) return result.booleanValue();
  throw new XmlError('The XPath expression produced a result of an unknown kind.');
}

function nodeValue(node: Node, parsed: ParsedXml): Value {
  if (node.nodeType === NodeType.Element || node.nodeType === NodeType.Document) {
    return xmlContent(serializeXml(node, parsed.selfClosing));
  }
  return node.nodeValue ?? '';
}

function reason(error: unknown): string {
  // xpath.js reports an unresolvable function prefix through a ReferenceError of its own making.
  if (error instanceof ReferenceError) return 'a prefix or name cannot be resolved';
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/\.+$/, '');
}
