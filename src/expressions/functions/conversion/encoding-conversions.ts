/**
 * Encoding conversions: base64, binary content, data URIs, URI components and encoded lengths. Functions taking text
 * also take binary content; those producing bytes return `Binary`, which serialises as Logic Apps' content envelope
 * `{"$content-type", "$content"}` and reads as its UTF-8 text in `string()` and `@{...}`.
 */
import { Buffer } from 'node:buffer';
import { Binary, type Value } from '../../values.js';
import { arg, invalidArgument } from '../arguments.js';
import { FunctionCategory, type FunctionDefinition, defineFunction } from '../function-definition.js';
import {
  type DataUri,
  decodeBase64,
  encodeBase64,
  parseDataUri,
  percentDecode,
  percentEncode,
} from './byte-encodings.js';
import { bytesArg, decodeText, textArg } from './content-arguments.js';
import { conversionError } from './conversion-errors.js';

const category = FunctionCategory.Conversion;

function base64Bytes(fn: string, args: readonly Value[]): Uint8Array {
  const bytes = decodeBase64(textArg(fn, args, 0));
  if (bytes === undefined) throw conversionError(fn, 'The text is not a valid base64 string.');
  return bytes;
}

function dataUriArg(fn: string, args: readonly Value[]): DataUri {
  const dataUri = parseDataUri(textArg(fn, args, 0));
  if (dataUri === undefined) throw conversionError(fn, 'The text is not a valid data URI.');
  return dataUri;
}

function toBinary(fn: string, args: readonly Value[]): Binary {
  const value = arg(args, 0);
  if (value instanceof Binary) return value;
  if (typeof value === 'string') return new Binary(Buffer.from(value, 'utf8'));
  throw invalidArgument(fn, 0, 'a string', value);
}

/** `dataUri('hello')` is documented as `data:text/plain;charset=utf-8;base64,aGVsbG8=`; binary keeps its own type. */
function toDataUri(args: readonly Value[]): string {
  const value = arg(args, 0);
  if (value instanceof Binary) return `data:${value.contentType};base64,${encodeBase64(value.bytes)}`;
  return `data:text/plain;charset=utf-8;base64,${encodeBase64(bytesArg('dataUri', args, 0))}`;
}

function dataUriToBinary(fn: string, args: readonly Value[]): Binary {
  const { bytes, contentType } = dataUriArg(fn, args);
  return new Binary(bytes, contentType);
}

export const encodingConversionFunctions: readonly FunctionDefinition[] = [
  defineFunction('base64', category, [1, 1], (args) => encodeBase64(bytesArg('base64', args, 0))),
  defineFunction('base64ToBinary', category, [1, 1], (args) => new Binary(base64Bytes('base64ToBinary', args))),
  defineFunction('base64ToString', category, [1, 1], (args) => decodeText(base64Bytes('base64ToString', args))),
  // Deprecated alias of base64ToString.
  defineFunction('decodeBase64', category, [1, 1], (args) => decodeText(base64Bytes('decodeBase64', args))),
  defineFunction('binary', category, [1, 1], (args) => toBinary('binary', args)),
  defineFunction('dataUri', category, [1, 1], toDataUri),
  defineFunction('dataUriToBinary', category, [1, 1], (args) => dataUriToBinary('dataUriToBinary', args)),
  // Documented as working the same way as dataUriToBinary.
  defineFunction('decodeDataUri', category, [1, 1], (args) => dataUriToBinary('decodeDataUri', args)),
  defineFunction('dataUriToString', category, [1, 1], (args) => {
    const { bytes, charset } = dataUriArg('dataUriToString', args);
    return decodeText(bytes, charset);
  }),
  defineFunction('uriComponent', category, [1, 1], (args) => percentEncode(bytesArg('uriComponent', args, 0))),
  // Documented as working the same way as uriComponent.
  defineFunction('encodeUriComponent', category, [1, 1], (args) =>
    percentEncode(bytesArg('encodeUriComponent', args, 0)),
  ),
  defineFunction('uriComponentToString', category, [1, 1], (args) =>
    decodeText(percentDecode(textArg('uriComponentToString', args, 0))),
  ),
  defineFunction('decodeUriComponent', category, [1, 1], (args) =>
    decodeText(percentDecode(textArg('decodeUriComponent', args, 0))),
  ),
  defineFunction('uriComponentToBinary', category, [1, 1], (args) =>
    new Binary(percentDecode(textArg('uriComponentToBinary', args, 0))),
  ),
  // "The UTF-8 / UTF-16 byte length of an input string" (the designer's descriptions; the reference is silent).
  defineFunction('utf8Length', category, [1, 1], (args) => bytesArg('utf8Length', args, 0).length),
  defineFunction('utf16Length', category, [1, 1], (args) => textArg('utf16Length', args, 0).length * 2),
];

