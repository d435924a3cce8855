/**
 * XML to JSON following Newtonsoft's `JsonConvert.SerializeXmlNode`, which is what Logic Apps' `json(xml(...))`
 * produces: attributes become `@name`, text `#text`, repeated sibling elements an array, an element holding only
 * text a string, `<a/>` null and `<a></a>` "", the declaration `?xml`, and `_xHHHH_` escapes in names are decoded.
 */
import type { Attr, Element, Node } from '@xmldom/xmldom';
import type { Value } from '../../values.js';
import { JsonTreeWriter } from './json-tree-writer.js';
import { NamespaceManager } from './namespace-manager.js';
import { decodeXmlName } from './xml-names.js';
import {
  JSON_NAMESPACE,
  NodeType,
  XMLNS_NAMESPACE,
  attributesOf,
  childrenOf,
  declarationParts,
  isAttribute,
  isDocumentType,
  isElement,
  isXmlDeclaration,
} from './xml-nodes.js';
import type { ParsedXml } from './xml-parser.js';
import { unquote } from './xml-serializer.js';

export function xmlDocumentToJson(parsed: ParsedXml): Value {
  return new XmlToJsonConverter(parsed).convert();
}

class XmlToJsonConverter {
  private readonly writer = new JsonTreeWriter();
  private readonly manager = new NamespaceManager();

  constructor(private readonly parsed: ParsedXml) {}

  convert(): Value {
    this.writer.writeStartObject();
    this.serializeNode(this.parsed.document, true);
    this.writer.writeEnd();
    return this.writer.result;
  }

  private serializeGroupedNodes(node: Node, writePropertyName: boolean): void {
    const children = childrenOf(node);
    // Siblings sharing a property name are written together (as an array when there are several), in the order
    // their names first appear.
    const groups = new Map<string, Node[]>();
    for (const child of children) {
      const name = this.propertyName(child);
      const group = groups.get(name);
      if (group === undefined) groups.set(name, [child]);
      else group.push(child);
    }
    for (const [name, nodes] of groups) this.writeGroup(nodes, name, writePropertyName);
  }

  private writeGroup(nodes: Node[], name: string, writePropertyName: boolean): void {
    const first = nodes[0];
    if (first === undefined) return;
    if (nodes.length === 1 && !this.isForcedArray(first)) {
      this.serializeNode(first, writePropertyName);
      return;
    }
    if (writePropertyName) this.writer.writePropertyName(name);
    this.writer.writeStartArray();
    for (const node of nodes) this.serializeNode(node, false);
    this.writer.writeEnd();
  }

  private serializeNode(node: Node, writePropertyName: boolean): void {
    switch (node.nodeType) {
      case NodeType.Document:
      case NodeType.DocumentFragment:
        this.serializeGroupedNodes(node, writePropertyName);
        return;
      case NodeType.Element:
        if (isElement(node)) this.serializeElement(node, writePropertyName);
        return;
      case NodeType.Comment:
        return; // written as a JSON comment, which has no place in a value
      case NodeType.ProcessingInstruction:
        if (isXmlDeclaration(node)) {
          const parts = declarationParts(node);
          this.writer.writePropertyName('?xml');
          this.writeAttributeObject([
            ['@version', parts.version],
            ['@encoding', parts.encoding],
            ['@standalone', parts.standalone],
          ]);
          return;
        }
        this.serializeLeaf(node, writePropertyName);
        return;
      case NodeType.DocumentType:
        if (isDocumentType(node)) {
          this.writer.writePropertyName('!DOCTYPE');
          this.writeAttributeObject([
            ['@name', node.name],
            ['@public', unquote(node.publicId ?? '')],
            ['@system', unquote(node.systemId ?? '')],
            ['@internalSubset', node.internalSubset],
          ]);
        }
        return;
      default:
        this.serializeLeaf(node, writePropertyName);
    }
  }

  private serializeElement(element: Element, writePropertyName: boolean): void {
    const children = childrenOf(element);
    const allNamedLikeParent = children.every((child) => localNameOf(child) === localNameOf(element));
    if (this.isForcedArray(element) && children.length > 0 && allNamedLikeParent) {
      this.serializeGroupedNodes(element, false);
      return;
    }
    this.manager.pushScope();
    const attributes = attributesOf(element);
    for (const attr of attributes) {
      if (attr.namespaceURI !== XMLNS_NAMESPACE) continue;
      const prefix = attr.localName !== 'xmlns' ? decodeXmlName(attr.localName ?? '') : '';
      this.manager.addNamespace(prefix, attr.value);
    }
    if (writePropertyName) this.writer.writePropertyName(this.propertyName(element));

    const only = children.length === 1 ? children[0] : undefined;
    if (!hasValueAttributes(attributes) && only !== undefined && this.isPlainText(only)) {
      this.writer.writeValue(only.nodeValue ?? '');
    } else if (children.length === 0 && attributes.length === 0) {
      this.writer.writeValue(this.parsed.selfClosing.has(element) ? null : '');
    } else {
      this.writer.writeStartObject();
      for (const attr of attributes) this.serializeNode(attr, true);
      this.serializeGroupedNodes(element, true);
      this.writer.writeEnd();
    }
    this.manager.popScope();
  }

  /** Attributes, text, CDATA, whitespace and processing instructions: a name and a string. */
  private serializeLeaf(node: Node, writePropertyName: boolean): void {
    if (isAttribute(node)) {
      // Newtonsoft's own markers (`json:Array`, its namespace declaration) are instructions, not data.
      if (node.namespaceURI === XMLNS_NAMESPACE && node.value === JSON_NAMESPACE) return;
      if (node.namespaceURI === JSON_NAMESPACE && node.localName === 'Array') return;
    }
    if (writePropertyName) this.writer.writePropertyName(this.propertyName(node));
    this.writer.writeValue(node.nodeValue ?? '');
  }

  private writeAttributeObject(entries: readonly (readonly [string, string | undefined])[]): void {
    this.writer.writeStartObject();
    for (const [name, value] of entries) {
      if (!value) continue;
      this.writer.writePropertyName(name);
      this.writer.writeValue(value);
    }
    this.writer.writeEnd();
  }

  private propertyName(node: Node): string {
    switch (node.nodeType) {
      case NodeType.Attribute:
        return node.namespaceURI === JSON_NAMESPACE ? `$${node.localName ?? ''}` : `@${this.fullName(node)}`;
      case NodeType.Element:
        return node.namespaceURI === JSON_NAMESPACE ? `$${node.localName ?? ''}` : this.fullName(node);
      case NodeType.CData:
        return '#cdata-section';
      case NodeType.Comment:
        return '#comment';
      case NodeType.ProcessingInstruction:
        return isXmlDeclaration(node) ? '?xml' : `?${this.fullName(node)}`;
      case NodeType.DocumentType:
        return '!DOCTYPE';
      default:
        return this.parsed.significantWhitespace.has(node) ? '#significant-whitespace' : '#text';
    }
  }

  /** The name with the prefix currently bound to its namespace (not necessarily the prefix it was written with). */
  private fullName(node: Node): string {
    const local = decodeXmlName(localNameOf(node));
    const isNamespaceDeclaration = node.localName === 'xmlns' && node.namespaceURI === XMLNS_NAMESPACE;
    const prefix = isNamespaceDeclaration ? undefined : this.manager.lookupPrefix(node.namespaceURI ?? '');
    return prefix ? `${prefix}:${local}` : local;
  }

  private isPlainText(node: Node): boolean {
    return node.nodeType === NodeType.Text && !this.parsed.significantWhitespace.has(node);
  }

  /** `json:Array="true"` asks for an array even around a single element. */
  private isForcedArray(node: Node): boolean {
    if (!isElement(node)) return false;
    const marker = node.getAttributeNS(JSON_NAMESPACE, 'Array');
    return marker !== null && ['true', '1'].includes(marker.trim());
  }
}

function localNameOf(node: Node): string {
  return node.localName ?? node.nodeName;
}

/** Whether any attribute carries data (Newtonsoft's own markers do not). */
function hasValueAttributes(attributes: readonly Attr[]): boolean {
  return attributes.some(
    (attr) =>
      attr.namespaceURI !== JSON_NAMESPACE && !(attr.namespaceURI === XMLNS_NAMESPACE && attr.value === JSON_NAMESPACE),
  );
}
