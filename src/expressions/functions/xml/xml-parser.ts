/**
 * Parses XML text the way Logic Apps loads it into an `XmlDocument` (whitespace not preserved), using xmldom.
 *
 * Safety: xmldom never fetches anything (no external DTDs or entities) and does not expand entities declared in a
 * DTD — a reference to one is reported as an error — so entity-expansion attacks ("billion laughs") and external
 * entity (XXE) reads cannot happen. Nesting depth is bounded so later recursive walks cannot exhaust the stack.
 */
import { DOMParser, normalizeLineEndings, type Document, type Element, type Node } from '@xmldom/xmldom';
import { MAX_XML_DEPTH, XmlError } from './xml-error.js';
import { NodeType, XML_NAMESPACE, childrenOf, isElement } from './xml-nodes.js';

export interface ParsedXml {
  readonly document: Document;
  /** Elements written `<a/>` (.NET's `IsEmpty`): they print as `<a />` and convert to JSON null, not "". */
  readonly selfClosing: WeakSet<Element>;
  /** Whitespace-only text kept because of `xml:space="preserve"` (.NET's significant whitespace). */
  readonly significantWhitespace: WeakSet<Node>;
}

const WHITESPACE_ONLY = /^[ \t\r\n]*$/;

export function parseXml(text: string): ParsedXml {
  const source = text.startsWith('\uFEFF') ? text.slice(1) : text;
  let firstProblem: string | undefined;
  const onError = (level: 'warning' | 'error' | 'fatalError', message: string): void => {
    // U+FFFD in the text is legal XML; every other report is a well-formedness problem .NET would reject.
    if (level === 'warning' && message.startsWith('Unicode replacement character')) return;
    firstProblem ??= message;
    throw new XmlError(message);
  };
  let document: Document;
  try {
    document = new DOMParser({ onError }).parseFromString(source, 'text/xml');
  } catch (error) {
    if (error instanceof RangeError) throw new XmlError('The XML is nested too deeply.');
    throw new XmlError(firstProblem ?? (error instanceof Error ? error.message : String(error)));
  }
  const parsed: ParsedXml = { document, selfClosing: new WeakSet(), significantWhitespace: new WeakSet() };
  normalizeTree(parsed, new SourceMap(normalizeLineEndings(source)));
  return parsed;
}

/**
 * Drops insignificant whitespace (as `XmlDocument` does with `PreserveWhitespace = false`), records which elements
 * were self-closing, and enforces the depth limit. Iterative, so a deep document cannot overflow the stack here.
 */
function normalizeTree(parsed: ParsedXml, source: SourceMap): void {
  const pending: { node: Node; preserve: boolean; depth: number }[] = [
    { node: parsed.document, preserve: false, depth: 0 },
  ];
  for (let item = pending.pop(); item !== undefined; item = pending.pop()) {
    const { node, preserve, depth } = item;
    for (const child of childrenOf(node)) {
      if (child.nodeType === NodeType.Text && WHITESPACE_ONLY.test(child.nodeValue ?? '')) {
        if (preserve && isElement(node)) parsed.significantWhitespace.add(child);
        else node.removeChild(child);
      } else if (isElement(child)) {
        if (depth + 1 > MAX_XML_DEPTH) throw new XmlError(`The XML nests elements more than ${MAX_XML_DEPTH} deep.`);
        if (source.isSelfClosing(child)) parsed.selfClosing.add(child);
        const space = child.getAttributeNS(XML_NAMESPACE, 'space');
        const childPreserve = space === 'preserve' ? true : space === 'default' ? false : preserve;
        pending.push({ node: child, preserve: childPreserve, depth: depth + 1 });
      }
    }
  }
}

/** Maps xmldom's line/column positions back into the (line-ending normalised) source text. */
class SourceMap {
  private readonly lineStarts: number[] = [0];

  constructor(private readonly text: string) {
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) this.lineStarts.push(i + 1);
  }

  /** Whether the element's start tag ends in `/>`; xmldom does not record it, so the tag is re-read. */
  isSelfClosing(element: Element): boolean {
    const { lineNumber, columnNumber } = element;
    if (lineNumber === undefined || columnNumber === undefined) return false;
    const lineStart = this.lineStarts[lineNumber - 1];
    if (lineStart === undefined) return false;
    let i = lineStart + columnNumber - 1;
    if (this.text[i] !== '<') return false;
    for (i++; i < this.text.length; i++) {
      const ch = this.text[i];
      if (ch === '"' || ch === "'") {
        const close = this.text.indexOf(ch, i + 1);
        if (close === -1) return false;
        i = close;
      } else if (ch === '>') {
        return this.text[i - 1] === '/';
      }
    }
    return false;
  }
}
