/**
 * .NET's `XmlConvert.EncodeName` / `DecodeName` (the `_xHHHH_` escapes Newtonsoft applies to JSON property names
 * that are not valid XML names) and the entity escaping behind `encodeXmlValue` / `decodeXmlValue`.
 */

/** An `_xHHHH_` or `_xHHHHHHHH_` escape, exactly the pattern .NET decodes. */
const ESCAPE_SEQUENCE = /_[Xx]([0-9a-fA-F]{4}|[0-9a-fA-F]{8})_/g;
/** An underscore that starts an escape sequence; .NET escapes such underscores too so decoding round-trips. */
const UNDERSCORE_STARTING_ESCAPE = /_(?=[Xx](?:[0-9a-fA-F]{4}|[0-9a-fA-F]{8})_)/g;

// XML 1.0 (5th edition) name characters. .NET checks the older 4th-edition tables; they agree on ASCII and on
// the common letters, and differ only for rarely used code points.
const NAME_START_RANGES: readonly (readonly [number, number])[] = [
  [0x3a, 0x3a],
  [0x41, 0x5a],
  [0x5f, 0x5f],
  [0x61, 0x7a],
  [0xc0, 0xd6],
  [0xd8, 0xf6],
  [0xf8, 0x2ff],
  [0x370, 0x37d],
  [0x37f, 0x1fff],
  [0x200c, 0x200d],
  [0x2070, 0x218f],
  [0x2c00, 0x2fef],
  [0x3001, 0xd7ff],
  [0xf900, 0xfdcf],
  [0xfdf0, 0xfffd],
];
const NAME_EXTRA_RANGES: readonly (readonly [number, number])[] = [
  [0x2d, 0x2e],
  [0x30, 0x39],
  [0xb7, 0xb7],
  [0x300, 0x36f],
  [0x203f, 0x2040],
];

function inRanges(code: number, ranges: readonly (readonly [number, number])[]): boolean {
  return ranges.some(([low, high]) => code >= low && code <= high);
}

function isNameStartChar(code: number): boolean {
  return inRanges(code, NAME_START_RANGES);
}

function isNameChar(code: number): boolean {
  return isNameStartChar(code) || inRanges(code, NAME_EXTRA_RANGES);
}

function hex(code: number, digits: number): string {
  return code.toString(16).toUpperCase().padStart(digits, '0');
}

/**
 * `XmlConvert.EncodeName`: every character that may not appear in an XML name (at its position) becomes `_xHHHH_`
 * (`_xHHHHHHHH_` for characters beyond the BMP, which .NET's name tables never accept); ':' stays, so prefixes survive.
 */
export function encodeXmlName(name: string): string {
  if (name === '') return name;
  const escapedUnderscores = new Set<number>();
  for (const match of name.matchAll(UNDERSCORE_STARTING_ESCAPE)) escapedUnderscores.add(match.index);
  let out = '';
  for (let i = 0; i < name.length; i++) {
    const code = name.charCodeAt(i);
    const high = code >= 0xd800 && code <= 0xdbff;
    const low = i + 1 < name.length ? name.charCodeAt(i + 1) : 0;
    if (high && low >= 0xdc00 && low <= 0xdfff) {
      out += `_x${hex((code - 0xd800) * 0x400 + (low - 0xdc00) + 0x10000, 8)}_`;
      i++;
      continue;
    }
    const valid = i === 0 ? isNameStartChar(code) : isNameChar(code);
    out += valid && !escapedUnderscores.has(i) ? name[i] : `_x${hex(code, 4)}_`;
  }
  return out;
}

/** `XmlConvert.DecodeName`: turns `_xHHHH_` / `_xHHHHHHHH_` escapes back into characters. */
export function decodeXmlName(name: string): string {
  if (!name.includes('_')) return name;
  return name.replace(ESCAPE_SEQUENCE, (sequence: string, digits: string) => {
    const code = Number.parseInt(digits, 16);
    if (digits.length === 4 || code < 0x10000) return String.fromCharCode(code);
    // .NET leaves an escape naming a code point beyond Unicode as it is.
    return code <= 0x10ffff ? String.fromCodePoint(code) : sequence;
  });
}

const VALUE_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

/** Escapes the five characters XML reserves, as .NET's `SecurityElement.Escape` does. */
export function encodeXmlValue(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => VALUE_ESCAPES[ch] ?? ch);
}

const NAMED_ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Resolves the predefined entities and numeric character references; anything else is left as written. */
export function decodeXmlValue(text: string): string {
  return text.replace(/&(#[0-9]+|#[xX][0-9a-fA-F]+|[a-zA-Z]+);/g, (reference: string, body: string) => {
    if (body.startsWith('#')) {
      const hexadecimal = body[1] === 'x' || body[1] === 'X';
      const code = hexadecimal ? Number.parseInt(body.slice(2), 16) : Number.parseInt(body.slice(1), 10);
      return code <= 0x10ffff ? String.fromCodePoint(code) : reference;
    }
    return NAMED_ENTITIES[body] ?? reference;
  });
}
