/**
 * Writes DOM nodes as .NET's `XmlNode.OuterXml` does: no added whitespace, double-quoted attributes, childless
 * elements as `<a />` when they were empty elements, and the namespace declarations a detached node needs (an
 * element picked out of a document keeps its `xmlns`, e.g. `<location xmlns="https://contoso.com">Paris</location>`).
 */
import type { DocumentType, Element, Node } from '@xmldom/xmldom';
import {
  NodeType,
  XMLNS_NAMESPACE,
  XML_NAMESPACE,
  attributesOf,
  childrenOf,
  declarationParts,
  declarationText,
  isDocumentType,
  isElement,
  isProcessingInstruction,
  isXmlDeclaration,
} from './xml-nodes.js';

type Scope = ReadonlyMap<string, string>;

const ROOT_SCOPE: Scope = new Map([
  ['', ''],
  ['xml', XML_NAMESPACE],
  ['xmlns', XMLNS_NAMESPACE],
]);

/**
 * @param selfClosing elements that were written `<a/>`; childless elements not in it print as `<a></a>`. Omitted
 *   for documents built here, where (as in .NET) every element created without content is an empty element.
 */
export function serializeXml(node: Node, selfClosing?: WeakSet<Element>): string {
  const out: string[] = [];
  writeNode(node, ROOT_SCOPE, out, selfClosing);
  return out.join('');
}

function writeNode(node: Node, scope: Scope, out: string[], selfClosing: WeakSet<Element> | undefined): void {
  switch (node.nodeType) {
    case NodeType.Document:
    case NodeType.DocumentFragment:
      for (const child of childrenOf(node)) writeNode(child, scope, out, selfClosing);
      return;
    case NodeType.Element:
      if (isElement(node)) writeElement(node, scope, out, selfClosing);
      return;
    case NodeType.Text:
      out.push(escapeText(node.nodeValue ?? ''));
      return;
    case NodeType.CData:
      out.push(`<![CDATA[${node.nodeValue ?? ''}]]>`);
      return;
    case NodeType.Comment:
      out.push(`<!--${node.nodeValue ?? ''}-->`);
      return;
    case NodeType.ProcessingInstruction:
      if (isXmlDeclaration(node)) out.push(declarationText(declarationParts(node)));
      else if (isProcessingInstruction(node)) out.push(`<?${node.target}${node.data ? ` ${node.data}` : ''}?>`);
      return;
    case NodeType.DocumentType:
      if (isDocumentType(node)) out.push(doctypeText(node));
      return;
    default:
      return;
  }
}

function writeElement(element: Element, scope: Scope, out: string[], selfClosing: WeakSet<Element> | undefined): void {
  let local: Map<string, string> | undefined;
  const inScope = (): Scope => local ?? scope;
  const declare = (prefix: string, uri: string): void => {
    local ??= new Map(scope);
    local.set(prefix, uri);
  };

  let attributes = '';
  const attrs = attributesOf(element);
  for (const attr of attrs) {
    if (attr.namespaceURI === XMLNS_NAMESPACE) declare(attr.prefix ? (attr.localName ?? '') : '', attr.value);
    attributes += ` ${attr.name}="${escapeAttribute(attr.value)}"`;
  }

  // Declarations the element or its prefixed attributes need but that are not in scope where it is written.
  let implied = '';
  const need = (prefix: string, uri: string): void => {
    if (inScope().get(prefix) === uri) return;
    declare(prefix, uri);
    implied += ` ${prefix === '' ? 'xmlns' : `xmlns:${prefix}`}="${escapeAttribute(uri)}"`;
  };
  need(element.prefix ?? '', element.namespaceURI ?? '');
  for (const attr of attrs) {
    if (attr.prefix && attr.namespaceURI !== XMLNS_NAMESPACE) need(attr.prefix, attr.namespaceURI ?? '');
  }

  const name = element.nodeName;
  out.push(`<${name}${attributes}${implied}`);
  const children = childrenOf(element);
  if (children.length === 0 && (selfClosing === undefined || selfClosing.has(element))) {
    out.push(' />');
    return;
  }
  out.push('>');
  for (const child of children) writeNode(child, inScope(), out, selfClosing);
  out.push(`</${name}>`);
}

function doctypeText(doctype: DocumentType): string {
  const publicId = unquote(doctype.publicId ?? '');
  const systemId = unquote(doctype.systemId ?? '');
  let text = `<!DOCTYPE ${doctype.name}`;
  if (publicId) text += ` PUBLIC "${publicId}" "${systemId}"`;
  else if (systemId) text += ` SYSTEM "${systemId}"`;
  if (doctype.internalSubset) text += `[${doctype.internalSubset}]`;
  return `${text}>`;
}

/** xmldom keeps the quotes around a parsed DOCTYPE's identifiers. */
export function unquote(text: string): string {
  return /^(["']).*\1$/s.test(text) ? text.slice(1, -1) : text;
}

function escapeText(text: string): string {
  // A carriage return is written as a reference so that it survives re-parsing (parsers normalise raw CRs).
  return text.replace(/[&<>\r]/g, (ch) => TEXT_ESCAPES[ch] ?? ch);
}

function escapeAttribute(text: string): string {
  return text.replace(/[&<>"\t\n\r]/g, (ch) => ATTRIBUTE_ESCAPES[ch] ?? ch);
}

const TEXT_ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '\r': '&#xD;' };
const ATTRIBUTE_ESCAPES: Readonly<Record<string, string>> = {
  ...TEXT_ESCAPES,
  '"': '&quot;',
  '\t': '&#x9;',
  '\n': '&#xA;',
};
