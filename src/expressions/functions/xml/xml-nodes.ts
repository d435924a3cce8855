/** DOM node kinds and type guards over xmldom's node interfaces, plus the XML declaration's parts. */
import type {
  Attr,
  CharacterData,
  Document,
  DocumentType,
  Element,
  Node,
  ProcessingInstruction,
} from '@xmldom/xmldom';

export const NodeType = {
  Element: 1,
  Attribute: 2,
  Text: 3,
  CData: 4,
  ProcessingInstruction: 7,
  Comment: 8,
  Document: 9,
  DocumentType: 10,
  DocumentFragment: 11,
} as const;

export const XML_NAMESPACE = 'http://www.w3.org/XML/1998/namespace';
export const XMLNS_NAMESPACE = 'http://www.w3.org/2000/xmlns/';
/** Newtonsoft's own namespace (`json:Array="true"`, `$id`, `$type`...). */
export const JSON_NAMESPACE = 'http://james.newtonking.com/projects/json';

export function isElement(node: Node): node is Element {
  return node.nodeType === NodeType.Element;
}

export function isAttribute(node: Node): node is Attr {
  return node.nodeType === NodeType.Attribute;
}

export function isDocument(node: Node): node is Document {
  return node.nodeType === NodeType.Document;
}

export function isDocumentType(node: Node): node is DocumentType {
  return node.nodeType === NodeType.DocumentType;
}

export function isProcessingInstruction(node: Node): node is ProcessingInstruction {
  return node.nodeType === NodeType.ProcessingInstruction;
}

/** Text, CDATA and comments: nodes whose content is character data. */
export function isCharacterData(node: Node): node is CharacterData {
  return node.nodeType === NodeType.Text || node.nodeType === NodeType.CData || node.nodeType === NodeType.Comment;
}

/** The parser keeps `<?xml ...?>` as a processing instruction whose target is `xml`. */
export function isXmlDeclaration(node: Node): node is ProcessingInstruction {
  return isProcessingInstruction(node) && node.target === 'xml';
}

export function childrenOf(node: Node): Node[] {
  const children: Node[] = [];
  for (let child = node.firstChild; child !== null; child = child.nextSibling) children.push(child);
  return children;
}

export function attributesOf(element: Element): Attr[] {
  return Array.from(element.attributes);
}

export interface XmlDeclarationParts {
  readonly version?: string;
  readonly encoding?: string;
  readonly standalone?: string;
}

/** Reads `version`, `encoding` and `standalone` out of a declaration's pseudo-attributes. */
export function declarationParts(declaration: ProcessingInstruction): XmlDeclarationParts {
  const parts: { version?: string; encoding?: string; standalone?: string } = {};
  for (const match of declaration.data.matchAll(/(version|encoding|standalone)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
    const name = match[1] as 'version' | 'encoding' | 'standalone';
    parts[name] = match[2] ?? match[3] ?? '';
  }
  return parts;
}

/** The declaration as .NET writes it: the parts present, double-quoted, in their fixed order. */
export function declarationText(parts: XmlDeclarationParts): string {
  let text = '<?xml';
  if (parts.version) text += ` version="${parts.version}"`;
  if (parts.encoding) text += ` encoding="${parts.encoding}"`;
  if (parts.standalone) text += ` standalone="${parts.standalone}"`;
  return `${text}?>`;
}
