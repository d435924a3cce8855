/**
 * XML content values. Logic Apps represents XML (the result of `xml()`, XML nodes picked by `xpath()`, an HTTP
 * body sent as application/xml) as content, `{"$content-type": "application/xml;charset=utf-8", "$content": base64}`;
 * here that is a `Binary` with an XML content type, whose text form (`string()`, `@{...}`) is the XML itself.
 */
import { Buffer } from 'node:buffer';
import { Binary, type Value, isObject } from '../../values.js';

export const XML_CONTENT_TYPE = 'application/xml;charset=utf-8';

export function xmlContent(xmlText: string): Binary {
  return new Binary(Buffer.from(xmlText, 'utf8'), XML_CONTENT_TYPE);
}

/** application/xml, text/xml and the `+xml` family (application/soap+xml, image/svg+xml...). */
export function isXmlContentType(contentType: string): boolean {
  const mediaType = (contentType.split(';')[0] ?? '').trim().toLowerCase();
  return mediaType === 'application/xml' || mediaType === 'text/xml' || mediaType.endsWith('+xml');
}

interface Content {
  readonly contentType: string;
  readonly bytes: Uint8Array;
}

/**
 * The content a value holds: `Binary`, or the JSON form content takes once it has been stored as an action's
 * output (`{"$content-type", "$content"}` with base64 bytes).
 */
export function contentOf(value: Value): Content | undefined {
  if (value instanceof Binary) return { contentType: value.contentType, bytes: value.bytes };
  if (isObject(value)) {
    const contentType = value['$content-type'];
    const content = value['$content'];
    if (typeof contentType === 'string' && typeof content === 'string') {
      return { contentType, bytes: Buffer.from(content, 'base64') };
    }
  }
  return undefined;
}

/** Content bytes as text: UTF-8, with a leading byte-order mark dropped as XML parsers do. */
export function contentText(bytes: Uint8Array): string {
  const text = Buffer.from(bytes).toString('utf8');
  return text.startsWith('\uFEFF') ? text.slice(1) : text;
}

/** The XML text of an XML content value, or `undefined` when the value is not XML content. */
export function xmlTextOf(value: Value): string | undefined {
  const content = contentOf(value);
  if (content === undefined || !isXmlContentType(content.contentType)) return undefined;
  return contentText(content.bytes);
}
