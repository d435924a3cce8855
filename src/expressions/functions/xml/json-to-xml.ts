/**
 * JSON to an XML document following Newtonsoft's `JsonConvert.DeserializeXmlNode`, which Logic Apps' `xml()` uses:
 * the single root property becomes the root element, `@name` properties attributes, `#text` text, arrays repeated
 * elements, `?xml` the declaration, and names that are not valid XML get `_xHHHH_` escapes. The walk mirrors
 * Newtonsoft's reader-driven code so its edge cases (attribute order, namespace scoping) come out the same.
 */
import { DOMImplementation, type Document, type Element, type Node } from '@xmldom/xmldom';
import { Binary, Decimal, type JsonObject, type Value, isNumber, isObject, numberOf } from '../../values.js';
import { NamespaceManager } from './namespace-manager.js';
import { MAX_XML_DEPTH, XmlError } from './xml-error.js';
import { encodeXmlName } from './xml-names.js';
import { JSON_NAMESPACE, XMLNS_NAMESPACE, declarationText, isDocument } from './xml-nodes.js';
import { formatXmlDouble } from './xml-number.js';

type Entry = readonly [string, Value];
type AttributeEntry = [name: string, value: string | null];

/** Newtonsoft's reserved `$` properties, written as attributes in its own namespace. */
const JSON_ATTRIBUTE_PROPERTIES = new Set(['$id', '$ref', '$type', '$value']);
const ARRAY_VALUES_PROPERTY = '$values';

export function jsonToXmlDocument(root: JsonObject): Document {
  return new JsonToXmlConverter().convert(root);
}

class JsonToXmlConverter {
  private readonly document = new DOMImplementation().createDocument(null, '');
  private readonly manager = new NamespaceManager();
  private depth = 0;

  convert(root: JsonObject): Document {
    this.deserializeProperties(Object.entries(root), this.document);
    if (this.document.documentElement === null) {
      throw new XmlError('The JSON object must have one root property that is not an attribute, text or an array.');
    }
    return this.document;
  }

  private deserializeProperties(entries: readonly Entry[], current: Node): void {
    for (const [name, value] of entries) {
      if (isDocument(current) && current.documentElement !== null) {
        throw new XmlError('The JSON root object has more than one property; an XML document has one root element.');
      }
      if (Array.isArray(value)) {
        for (const item of value) this.deserializeValue(item, name, current);
      } else {
        this.deserializeValue(value, name, current);
      }
    }
  }

  private deserializeValue(value: Value, name: string, current: Node): void {
    switch (name) {
      case '#text':
        this.append(current, this.document.createTextNode(scalarText(value) ?? ''), name);
        return;
      case '#cdata-section': {
        const text = scalarText(value) ?? '';
        if (text.includes(']]>')) throw new XmlError("A CDATA section cannot contain ']]>'.");
        this.append(current, this.document.createCDATASection(text), name);
        return;
      }
      case '#whitespace':
      case '#significant-whitespace': {
        const text = scalarText(value) ?? '';
        if (!/^[ \t\r\n]*$/.test(text)) throw new XmlError(`The value of '${name}' must be whitespace.`);
        this.append(current, this.document.createTextNode(text), name);
        return;
      }
      default:
        break;
    }
    if (name.startsWith('?')) {
      this.createInstruction(value, name, current);
      return;
    }
    if (name.toLowerCase() === '!doctype') {
      this.createDocumentType(value, current);
      return;
    }
    if (Array.isArray(value)) {
      this.readArrayElements(value, name, current);
      return;
    }
    this.readElement(value, name, current);
  }

  /** An array inside an array: a wrapper element named after the property, holding one element per item. */
  private readArrayElements(items: readonly Value[], name: string, current: Node): void {
    const wrapper = this.createElement(name);
    this.append(current, wrapper, name);
    this.nested(() => {
      for (const item of items) this.deserializeValue(item, name, wrapper);
    });
  }

  private readElement(value: Value, name: string, current: Node): void {
    if (name === '') throw new XmlError('A JSON property with an empty name cannot be converted to XML.');
    const object = asObject(value);
    // Attributes written first are read before the element exists, so their namespace declarations apply to it.
    const entries = object === undefined ? [] : Object.entries(object);
    const leading = this.readLeadingAttributes(entries);
    const rest = entries.slice(leading.consumed);

    if (name.startsWith('@')) {
      this.addAttribute(current, name.slice(1), value);
      return;
    }
    if (JSON_ATTRIBUTE_PROPERTIES.has(name)) {
      const prefix = this.manager.lookupPrefix(JSON_NAMESPACE);
      this.addAttribute(current, prefix ? `${prefix}:${name.slice(1)}` : name.slice(1), value);
      return;
    }
    const element = name === ARRAY_VALUES_PROPERTY ? this.createValuesElement() : this.createElement(name);
    this.append(current, element, name);
    for (const [attributeName, attributeValue] of leading.attributes) {
      this.setAttribute(element, attributeName, attributeValue);
    }

    if (object === undefined) {
      const text = scalarText(value);
      if (text !== null) element.appendChild(this.document.createTextNode(text));
      return;
    }
    if (rest.length > 0) {
      this.manager.pushScope();
      this.nested(() => this.deserializeProperties(rest, element));
      this.manager.popScope();
    }
    // A default namespace declared on this element must not leak to its siblings.
    this.manager.removeNamespace('', this.manager.defaultNamespace);
  }

  /** Leading `@` (and reserved `$`) properties, up to the first ordinary one; namespace declarations take effect. */
  private readLeadingAttributes(entries: readonly Entry[]): { attributes: AttributeEntry[]; consumed: number } {
    const attributes: AttributeEntry[] = [];
    let consumed = 0;
    for (const [name, value] of entries) {
      if (name.startsWith('@')) {
        const attributeName = name.slice(1);
        const text = scalarText(value);
        attributes.push([attributeName, text]);
        const prefix = namespaceDeclarationPrefix(attributeName);
        if (prefix !== undefined) this.manager.addNamespace(prefix, text ?? '');
      } else if (JSON_ATTRIBUTE_PROPERTIES.has(name)) {
        const prefix = this.ensureJsonPrefix(attributes);
        attributes.push([`${prefix}:${name.slice(1)}`, reservedAttributeText(value)]);
      } else {
        break;
      }
      consumed++;
    }
    return { attributes, consumed };
  }

  /** The prefix bound to Newtonsoft's namespace, declaring `xmlns:json` (or json1...) when none is. */
  private ensureJsonPrefix(attributes: AttributeEntry[]): string {
    const existing = this.manager.lookupPrefix(JSON_NAMESPACE);
    if (existing !== undefined) return existing;
    let prefix = 'json';
    for (let i = 1; this.manager.lookupNamespace(prefix) !== undefined; i++) prefix = `json${i}`;
    attributes.push([`xmlns:${prefix}`, JSON_NAMESPACE]);
    this.manager.addNamespace(prefix, JSON_NAMESPACE);
    return prefix;
  }

  /** `$values`: an element in Newtonsoft's namespace when its prefix is declared, else an ordinary `values`. */
  private createValuesElement(): Element {
    const prefix = this.manager.lookupPrefix(JSON_NAMESPACE);
    if (!prefix) return this.createElement('values');
    return this.domCall(() => this.document.createElementNS(JSON_NAMESPACE, `${prefix}:values`));
  }

  private createElement(name: string): Element {
    const prefix = prefixOf(name);
    const namespace =
      prefix === undefined ? this.manager.defaultNamespace : (this.manager.lookupNamespace(prefix) ?? '');
    if (prefix !== undefined && namespace === '') {
      throw new XmlError(
        `The prefix '${prefix}' of '${name}' is not bound to a namespace; declare it with '@xmlns:${prefix}'.`,
      );
    }
    const encoded = encodeXmlName(name);
    return this.domCall(() => this.document.createElementNS(namespace === '' ? null : namespace, encoded));
  }

  /** A late `@` property (after ordinary ones): added to the element being built, without namespace effects. */
  private addAttribute(current: Node, attributeName: string, value: Value): void {
    if (isDocument(current)) {
      throw new XmlError(
        `The JSON root object has the property '@${attributeName}', which would become an attribute; ` +
          'the root cannot have attributes.',
      );
    }
    this.setAttribute(current as Element, attributeName, scalarText(value));
  }

  private setAttribute(element: Element, name: string, value: string | null): void {
    const encoded = encodeXmlName(name);
    const prefix = prefixOf(name);
    let namespace: string | null = null;
    if (name === 'xmlns') namespace = XMLNS_NAMESPACE;
    else if (prefix !== undefined) namespace = this.manager.lookupNamespace(prefix) ?? '';
    if (prefix !== undefined && namespace === '') {
      throw new XmlError(`The prefix '${prefix}' of '@${name}' is not bound to a namespace.`);
    }
    this.domCall(() => element.setAttributeNS(namespace, encoded, value ?? ''));
  }

  private createInstruction(value: Value, name: string, current: Node): void {
    if (name !== '?xml') {
      const target = name.slice(1);
      const data = scalarText(value) ?? '';
      this.append(current, this.domCall(() => this.document.createProcessingInstruction(target, data)), name);
      return;
    }
    const object = asObject(value);
    if (object === undefined) throw new XmlError("The '?xml' property must be an object.");
    const parts: { version?: string; encoding?: string; standalone?: string } = {};
    for (const [key, part] of Object.entries(object)) {
      const text = scalarText(part) ?? undefined;
      if (key === '@version') parts.version = text;
      else if (key === '@encoding') parts.encoding = text;
      else if (key === '@standalone') parts.standalone = text;
      else throw new XmlError(`Unexpected property '${key}' in the XML declaration.`);
    }
    if (parts.version === undefined || !/^1\.[0-9]+$/.test(parts.version)) {
      throw new XmlError("The XML declaration needs a version such as '1.0'.");
    }
    if (parts.standalone && parts.standalone !== 'yes' && parts.standalone !== 'no') {
      throw new XmlError("The XML declaration's standalone value must be 'yes' or 'no'.");
    }
    if (!isDocument(current) || current.firstChild !== null) {
      throw new XmlError('The XML declaration must come first in the document.');
    }
    const data = declarationText(parts).slice('<?xml '.length, -'?>'.length);
    current.appendChild(this.document.createProcessingInstruction('xml', data));
  }

  private createDocumentType(value: Value, current: Node): void {
    const object = asObject(value);
    if (object === undefined || !isDocument(current) || current.documentElement !== null) {
      throw new XmlError("The '!DOCTYPE' property must be an object that comes before the root element.");
    }
    const part = (key: string): string => scalarText(object[key] ?? null) ?? '';
    const doctype = new DOMImplementation().createDocumentType(
      part('@name'),
      part('@public'),
      part('@system'),
      part('@internalSubset'),
    );
    this.domCall(() => current.appendChild(doctype));
  }

  private append(parent: Node, child: Node, name: string): void {
    if (isDocument(parent) && child.nodeType !== 1 && child.nodeType !== 7 && child.nodeType !== 10) {
      const isWhitespace = name === '#whitespace' || name === '#significant-whitespace';
      if (!isWhitespace) throw new XmlError(`The JSON root object cannot have a '${name}' property.`);
    }
    this.domCall(() => parent.appendChild(child));
  }

  private nested(action: () => void): void {
    if (++this.depth > MAX_XML_DEPTH) throw new XmlError(`The JSON nests objects more than ${MAX_XML_DEPTH} deep.`);
    try {
      action();
    } finally {
      this.depth--;
    }
  }

  /** DOM calls report bad names and misplaced nodes with DOMExceptions; turn them into conversion errors. */
  private domCall<T>(action: () => T): T {
    try {
      return action();
    } catch (error) {
      if (error instanceof XmlError) throw error;
      const message = error instanceof Error ? error.message : String(error);
      const secondRoot = /already|Only one element/i.test(message);
      throw new XmlError(secondRoot ? 'The XML document would have more than one root element.' : message);
    }
  }
}

/** Binary content takes its JSON form (`$content-type`, `$content`), as it would in the JSON Logic Apps converts. */
function asObject(value: Value): JsonObject | undefined {
  if (value instanceof Binary) return value.toJSON();
  return isObject(value) ? value : undefined;
}

/** A JSON scalar as XML text (`XmlConvert.ToString`), or null for null; objects and arrays have no text form. */
function scalarText(value: Value): string | null {
  if (value === null) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  // XmlConvert.ToString(decimal) writes every digit, like decimal.ToString().
  if (value instanceof Decimal) return value.toString();
  if (isNumber(value)) {
    const n = numberOf(value);
    // Integers print plainly; floats, and integers too large to be exact (JSON readers take them as doubles),
    // print as doubles.
    return typeof value === 'number' && Number.isSafeInteger(n) ? String(n) : formatXmlDouble(n);
  }
  const kind = Array.isArray(value) ? 'array' : 'object';
  throw new XmlError(`A JSON ${kind} cannot be used as an XML text or attribute value.`);
}

/** Newtonsoft writes its reserved `$` attributes with .NET's `ToString()`, so booleans read `True` / `False`. */
function reservedAttributeText(value: Value): string | null {
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  return scalarText(value);
}

function prefixOf(name: string): string | undefined {
  const colon = name.indexOf(':');
  return colon > 0 ? name.slice(0, colon) : undefined;
}

/** `xmlns` declares the default namespace (''), `xmlns:p` the prefix p. */
function namespaceDeclarationPrefix(attributeName: string): string | undefined {
  if (attributeName === 'xmlns') return '';
  return attributeName.startsWith('xmlns:') ? attributeName.slice('xmlns:'.length) : undefined;
}
