import assert from 'node:assert/strict';
import { Buffer } from 'node:buffer';
import { describe, it } from 'node:test';
import type { EvalEnvironment } from '../environment.js';
import { ExpressionError, ExpressionErrorCode } from '../expression-error.js';
import { Binary, Decimal, Float, type Value, isFloat, toJsonText, toPlainJson, toText, typeOf } from '../values.js';
import { lookupFunction } from './function-table.js';

const env: EvalEnvironment = { clock: { now: () => Date.parse('2018-03-15T13:00:00Z') }, random: () => 0.5 };

function call(name: string, ...args: Value[]): Value {
  const definition = lookupFunction(name);
  assert.ok(definition, `function ${name} is registered`);
  return definition.call(args, env);
}

function assertFails(code: ExpressionErrorCode, name: string, ...args: Value[]): void {
  assert.throws(
    () => call(name, ...args),
    (error: unknown) => {
      assert.ok(error instanceof ExpressionError, `expected an ExpressionError, got ${String(error)}`);
      assert.equal(error.code, code);
      assert.match(error.message, new RegExp(`'${name}'`));
      return true;
    },
  );
}

function bytesOf(value: Value): string {
  assert.ok(value instanceof Binary, 'expected binary content');
  return Buffer.from(value.bytes).toString('utf8');
}

const hello = Buffer.from('hello', 'utf8');
const helloDataUri = 'data:text/plain;charset=utf-8;base64,aGVsbG8=';

describe('json', () => {
  it('parses the documented examples', () => {
    assert.deepEqual(call('json', '[1, 2, 3]'), [1, 2, 3]);
    assert.deepEqual(call('json', '{"fullName": "Sophia Owen"}'), { fullName: 'Sophia Owen' });
  });

  it('keeps numbers written as floats as floats', () => {
    const result = call('json', '{"a": 1.0, "b": 2e1, "c": 1.5, "d": 3, "e": -0}') as Record<string, Value>;
    assert.ok(result.a instanceof Float);
    assert.equal((result.a as Float).value, 1);
    assert.ok(result.b instanceof Float);
    assert.equal((result.b as Float).value, 20);
    assert.equal(result.c, 1.5);
    assert.equal(result.d, 3);
    assert.ok(!isFloat(result.d ?? null));
    assert.ok(Object.is(result.e, 0));
  });

  it('parses scalars, escapes and nesting', () => {
    assert.equal(call('json', 'null'), null);
    assert.equal(call('json', ' true '), true);
    assert.equal(call('json', '"a\\"b\\u00e9\\n"'), 'a"bé\n');
    assert.deepEqual(call('json', '{"a": {"b": [true, false, null, "x"]}}'), { a: { b: [true, false, null, 'x'] } });
    assert.deepEqual(call('json', '\ufeff{}'), {});
  });

  it('accepts what Json.NET accepts: single quotes, bare names, comments, trailing commas', () => {
    const text = "{'a': 'b', c: 1, /* note */ \"d\": [1, 2,], // end\n}";
    assert.deepEqual(call('json', text), { a: 'b', c: 1, d: [1, 2] });
  });

  it('keeps a __proto__ key as ordinary data', () => {
    const result = call('json', '{"__proto__": {"polluted": true}}') as Record<string, Value>;
    assert.ok(Object.hasOwn(result, '__proto__'));
    assert.equal(Object.getPrototypeOf(result), Object.prototype);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });

  it('returns an empty object for null, as documented', () => {
    assert.deepEqual(call('json', null), {});
  });

  it('passes JSON values through unchanged', () => {
    const object = { a: 1 };
    assert.equal(call('json', object), object);
    assert.deepEqual(call('json', [1]), [1]);
    assert.equal(call('json', 5), 5);
    assert.equal(call('json', true), true);
  });

  it('parses binary content as its text', () => {
    assert.deepEqual(call('json', new Binary(Buffer.from('{"a": [1]}'))), { a: [1] });
  });

  it('hands XML text to the XML converter', () => {
    // The converter is owned by the XML module; whatever it does, json() must not treat XML as bad JSON text.
    try {
      const result = call('json', '  <root><a>1</a></root>');
      assert.notEqual(result, undefined);
    } catch (error) {
      assert.ok(error instanceof ExpressionError);
      assert.doesNotMatch(error.message, /not valid JSON/);
    }
  });

  it('rejects bad JSON text', () => {
    for (const text of ['{bad', '', '[1, 2', '{"a" 1}', '01', '1 2', 'undefined', "'open", '{"a": 1e999}', '[1,,2]']) {
      assertFails(ExpressionErrorCode.InvalidConversion, 'json', text);
    }
  });

  it('refuses runaway nesting without overflowing the stack', () => {
    assertFails(ExpressionErrorCode.LimitExceeded, 'json', '['.repeat(100_000));
  });
});

describe('int', () => {
  it('converts the documented example', () => {
    assert.equal(call('int', '10'), 10);
  });

  it('accepts signs, surrounding whitespace and whole numbers', () => {
    assert.equal(call('int', ' -7 '), -7);
    assert.equal(call('int', '+42'), 42);
    assert.equal(call('int', 12), 12);
    assert.equal(call('int', new Float(5)), 5);
  });

  it('rejects text that is not an integer', () => {
    for (const text of ['abc', '', '10.5', '1e3', '0x10', '1 000', '99999999999999999999']) {
      assertFails(ExpressionErrorCode.InvalidConversion, 'int', text);
    }
    assertFails(ExpressionErrorCode.InvalidConversion, 'int', 10.5);
  });

  it('rejects values of other types', () => {
    assertFails(ExpressionErrorCode.InvalidArgument, 'int', null);
    assertFails(ExpressionErrorCode.InvalidArgument, 'int', true);
    assertFails(ExpressionErrorCode.InvalidArgument, 'int', [1]);
  });
});

describe('float', () => {
  it('converts the documented examples', () => {
    assert.equal(call('float', '10,000.333'), 10000.333);
    assert.equal(call('float', '10.000,333', 'de-DE'), 10000.333);
    assert.equal(call('float', '10.333'), 10.333);
  });

  it('returns a Float for integral values', () => {
    const result = call('float', '10');
    assert.ok(result instanceof Float);
    assert.equal(result.value, 10);
    assert.ok(call('float', 3) instanceof Float);
    assert.equal(call('float', 2.5), 2.5);
  });

  it('accepts exponents, signs, a leading point and locale group spaces', () => {
    assert.deepEqual(call('float', '-1.5e2'), new Float(-150));
    assert.equal(call('float', '2.5E-1'), 0.25);
    assert.equal(call('float', '.5'), 0.5);
    assert.equal(call('float', '1 234,5', 'fr-FR'), 1234.5);
  });

  it('rejects text that is not a number', () => {
    for (const text of ['abc', '', '.', '1.2.3', '10,000.333x', 'NaN', 'Infinity', '1e999', '0x10']) {
      assertFails(ExpressionErrorCode.InvalidConversion, 'float', text);
    }
    assertFails(ExpressionErrorCode.InvalidConversion, 'float', '10.000,333');
  });

  it('rejects invalid locales and non-numbers', () => {
    assertFails(ExpressionErrorCode.InvalidArgument, 'float', '1', 'not a locale!');
    assertFails(ExpressionErrorCode.InvalidArgument, 'float', '1', 'xx-XX');
    assertFails(ExpressionErrorCode.InvalidArgument, 'float', '1', 5);
    assertFails(ExpressionErrorCode.InvalidArgument, 'float', null);
  });
});

describe('decimal', () => {
  it('keeps every digit, and reads as the nearest double when used as a number (documented examples)', () => {
    const value = call('decimal', '1.2345678912312131');
    assert.ok(value instanceof Decimal);
    assert.equal(toText(value), '1.2345678912312131');
    assert.equal(toText(call('string', value)), '1.2345678912312131');
    assert.equal(toPlainJson(value), 1.234567891231213);
    assert.equal(toJsonText(value), '1.234567891231213');
    const sum = call('add', value, value);
    assert.equal(toText(sum), '2.4691357824624262');
    assert.equal(toPlainJson(sum), 2.469135782462426);
  });

  it('is a float-typed number that keeps its scale and accepts group separators', () => {
    const value = call('decimal', '1,000');
    assert.ok(value instanceof Decimal);
    assert.equal(typeOf(value), 'Float');
    assert.ok(isFloat(value));
    assert.equal(toText(value), '1000');
    assert.equal(toText(call('decimal', ' -2.5 ')), '-2.5');
    assert.equal(toText(call('decimal', '1.50')), '1.50');
    assert.equal(toText(call('decimal', '0.000')), '0.000');
    assert.equal(toText(call('decimal', '-0')), '0');
    assert.equal(toText(call('decimal', '.5')), '0.5');
  });

  it('rounds digits beyond a decimal half to even, like decimal.Parse', () => {
    assert.equal(toText(call('decimal', '0.12345678901234567890123456785')), '0.1234567890123456789012345678');
    assert.equal(toText(call('decimal', '0.12345678901234567890123456795')), '0.1234567890123456789012345680');
    assert.equal(toText(call('decimal', '0.123456789012345678901234567850001')), '0.1234567890123456789012345679');
    assert.equal(toText(call('decimal', '1.00000000000000000000000000000')), '1.0000000000000000000000000000');
    assert.equal(toText(call('decimal', '79228162514264337593543950335')), '79228162514264337593543950335');
    assert.equal(toText(call('decimal', '-79228162514264337593543950335.4')), '-79228162514264337593543950335');
    assert.equal(toText(call('decimal', `0.${'0'.repeat(40)}1`)), `0.${'0'.repeat(28)}`);
  });

  it('converts numbers: integers exactly, floats to 15 significant digits', () => {
    assert.equal(toText(call('decimal', 12345678901234)), '12345678901234');
    assert.equal(toText(call('decimal', 0.1)), '0.1');
    assert.equal(toText(call('decimal', new Float(5))), '5');
    assert.equal(toText(call('decimal', 1 / 3)), '0.333333333333333');
    const value = call('decimal', '2.50');
    assert.equal(call('decimal', value), value);
  });

  it('rejects what .NET decimal rejects', () => {
    for (const text of ['abc', '1e5', '', '.', `1${'0'.repeat(30)}`, '79228162514264337593543950335.5', '79228162514264337593543950336']) {
      assertFails(ExpressionErrorCode.InvalidConversion, 'decimal', text);
    }
    assertFails(ExpressionErrorCode.InvalidConversion, 'decimal', 1e30);
    assertFails(ExpressionErrorCode.InvalidArgument, 'decimal', null);
    assertFails(ExpressionErrorCode.InvalidArgument, 'decimal', true);
  });

  it('converts back with int(), float(), bool() and string()', () => {
    assert.equal(call('int', call('decimal', '42.000')), 42);
    assert.equal(call('int', call('decimal', '-7')), -7);
    assertFails(ExpressionErrorCode.InvalidConversion, 'int', call('decimal', '42.5'));
    // The double of this decimal is the whole number 1, but the decimal itself is not whole.
    assertFails(ExpressionErrorCode.InvalidConversion, 'int', call('decimal', '1.0000000000000000001'));
    assertFails(ExpressionErrorCode.InvalidConversion, 'int', call('decimal', '9007199254740993'));
    const float = call('float', call('decimal', '2.000'));
    assert.ok(float instanceof Float);
    assert.equal(float.value, 2);
    assert.equal(call('float', call('decimal', '1.2345678912312131')), 1.234567891231213);
    assert.equal(call('bool', call('decimal', '0.00')), false);
    assert.equal(call('bool', call('decimal', '0.01')), true);
    assert.equal(call('string', call('decimal', '-0.0010')), '-0.0010');
  });
});

describe('bool', () => {
  it('converts the documented examples', () => {
    assert.equal(call('bool', 1), true);
    assert.equal(call('bool', 0), false);
    assert.equal(call('bool', -1), true);
    assert.equal(call('bool', 'true'), true);
    assert.equal(call('bool', 'false'), false);
  });

  it('accepts booleans, floats and any case', () => {
    assert.equal(call('bool', true), true);
    assert.equal(call('bool', false), false);
    assert.equal(call('bool', 0.5), true);
    assert.equal(call('bool', new Float(0)), false);
    assert.equal(call('bool', ' TRUE '), true);
    assert.equal(call('bool', 'False'), false);
  });

  it('rejects other strings and types', () => {
    assertFails(ExpressionErrorCode.InvalidConversion, 'bool', 'yes');
    assertFails(ExpressionErrorCode.InvalidConversion, 'bool', '1');
    assertFails(ExpressionErrorCode.InvalidArgument, 'bool', null);
    assertFails(ExpressionErrorCode.InvalidArgument, 'bool', {});
  });
});

describe('string', () => {
  it('converts the documented examples', () => {
    assert.equal(call('string', 10), '10');
    // Documented as "{ \"name\": \"Sophie Owen\" }"; Logic Apps emits compact JSON.
    assert.equal(call('string', { name: 'Sophie Owen' }), '{"name":"Sophie Owen"}');
  });

  it('follows toText for the other types', () => {
    assert.equal(call('string', null), '');
    assert.equal(call('string', true), 'True');
    assert.equal(call('string', new Float(10)), '10');
    assert.equal(call('string', [1, 'a']), '[1,"a"]');
    assert.equal(call('string', new Binary(hello)), 'hello');
  });
});

describe('array and createArray', () => {
  it('converts the documented examples', () => {
    assert.deepEqual(call('array', 'hello'), ['hello']);
    assert.deepEqual(call('createArray', 'h', 'e', 'l', 'l', 'o'), ['h', 'e', 'l', 'l', 'o']);
  });

  it('wraps single values and leaves arrays alone', () => {
    assert.deepEqual(call('array', { a: 1 }), [{ a: 1 }]);
    assert.deepEqual(call('array', null), [null]);
    assert.deepEqual(call('array', [1, 2]), [1, 2]);
    assert.deepEqual(call('createArray', 1), [1]);
  });
});

describe('base64 family', () => {
  it('converts the documented examples', () => {
    assert.equal(call('base64', 'hello'), 'aGVsbG8=');
    assert.equal(call('base64ToString', 'aGVsbG8='), 'hello');
    assert.equal(call('decodeBase64', 'aGVsbG8='), 'hello');
    assert.equal(bytesOf(call('base64ToBinary', 'aGVsbG8=')), 'hello');
  });

  it('produces binary content that serialises as a content envelope', () => {
    const result = call('base64ToBinary', 'aGVsbG8=');
    assert.equal(toJsonText(result), '{"$content-type":"application/octet-stream","$content":"aGVsbG8="}');
    assert.equal(toText(result), 'hello');
  });

  it('encodes binary content byte for byte and round-trips Unicode', () => {
    assert.equal(call('base64', new Binary(Uint8Array.from([0xff, 0x00, 0xfe]))), '/wD+');
    assert.equal(call('base64ToString', call('base64', 'héllo €')), 'héllo €');
    assert.equal(call('base64ToString', 'aGVs\r\nbG8='), 'hello');
  });

  it('rejects malformed base64 and non-strings', () => {
    for (const text of ['aGVsbG8', 'aGVs*G8=', 'a=GVsbG8', 'aGVsbG8==']) {
      assertFails(ExpressionErrorCode.InvalidConversion, 'base64ToString', text);
      assertFails(ExpressionErrorCode.InvalidConversion, 'base64ToBinary', text);
    }
    assertFails(ExpressionErrorCode.InvalidArgument, 'base64', null);
    assertFails(ExpressionErrorCode.InvalidArgument, 'base64', 5);
    assertFails(ExpressionErrorCode.InvalidArgument, 'base64ToString', { a: 1 });
  });
});

describe('binary', () => {
  it('returns the bytes of a string as binary content', () => {
    const result = call('binary', 'hello');
    assert.equal(bytesOf(result), 'hello');
    assert.equal(toJsonText(result), '{"$content-type":"application/octet-stream","$content":"aGVsbG8="}');
  });

  it('passes binary content through and rejects other types', () => {
    const content = new Binary(hello, 'image/png');
    assert.equal(call('binary', content), content);
    assertFails(ExpressionErrorCode.InvalidArgument, 'binary', null);
    assertFails(ExpressionErrorCode.InvalidArgument, 'binary', 1);
  });
});

describe('data URIs', () => {
  it('converts the documented examples', () => {
    assert.equal(call('dataUri', 'hello'), helloDataUri);
    assert.equal(call('dataUriToString', helloDataUri), 'hello');
    // Documented as a bit string; the value is binary content holding "hello".
    for (const name of ['dataUriToBinary', 'decodeDataUri']) {
      const result = call(name, helloDataUri);
      assert.equal(bytesOf(result), 'hello');
      assert.equal((result as Binary).contentType, 'text/plain;charset=utf-8');
    }
  });

  it('builds data URIs from binary content with its own type', () => {
    assert.equal(call('dataUri', new Binary(hello, 'image/png')), 'data:image/png;base64,aGVsbG8=');
  });

  it('decodes percent-encoded payloads and other charsets', () => {
    assert.equal(call('dataUriToString', 'data:,hello%20world'), 'hello world');
    assert.equal((call('dataUriToBinary', 'data:;base64,aGVsbG8=') as Binary).contentType, 'application/octet-stream');
    assert.equal(call('dataUriToString', 'data:text/plain;charset=iso-8859-1,caf%E9'), 'café');
    assert.equal(call('dataUriToString', call('dataUri', 'naïve €')), 'naïve €');
  });

  it('rejects text that is not a data URI', () => {
    for (const text of ['hello', 'data:text/plain;base64', 'data:;base64,@@@@', 'http://contoso.com']) {
      assertFails(ExpressionErrorCode.InvalidConversion, 'dataUriToString', text);
      assertFails(ExpressionErrorCode.InvalidConversion, 'dataUriToBinary', text);
      assertFails(ExpressionErrorCode.InvalidConversion, 'decodeDataUri', text);
    }
    assertFails(ExpressionErrorCode.InvalidArgument, 'dataUri', null);
    assertFails(ExpressionErrorCode.InvalidArgument, 'dataUriToString', 1);
  });
});

describe('URI components', () => {
  it('converts the documented examples', () => {
    assert.equal(call('encodeUriComponent', 'https://contoso.com'), 'https%3A%2F%2Fcontoso.com');
    assert.equal(call('uriComponent', 'https://contoso.com'), 'https%3A%2F%2Fcontoso.com');
    assert.equal(call('decodeUriComponent', 'https%3A%2F%2Fcontoso.com'), 'https://contoso.com');
    assert.equal(call('uriComponentToString', 'https%3A%2F%2Fcontoso.com'), 'https://contoso.com');
    // Documented as a bit string; the value is binary content holding the decoded text.
    assert.equal(bytesOf(call('uriComponentToBinary', 'https%3A%2F%2Fcontoso.com')), 'https://contoso.com');
  });

  it("escapes like .NET's Uri.EscapeDataString", () => {
    assert.equal(call('uriComponent', "a b!'()*~-._é"), 'a%20b%21%27%28%29%2A~-._%C3%A9');
    assert.equal(call('uriComponent', new Binary(Uint8Array.from([0xff]))), '%FF');
  });

  it("unescapes leniently like .NET's Uri.UnescapeDataString", () => {
    assert.equal(call('decodeUriComponent', '100%25 %zz a+b %C3%A9%'), '100% %zz a+b é%');
    assert.equal(call('uriComponentToString', call('uriComponent', 'naïve € 😀')), 'naïve € 😀');
  });

  it('rejects non-strings', () => {
    const names = [
      'uriComponent',
      'encodeUriComponent',
      'decodeUriComponent',
      'uriComponentToString',
      'uriComponentToBinary',
    ];
    for (const name of names) {
      assertFails(ExpressionErrorCode.InvalidArgument, name, null);
      assertFails(ExpressionErrorCode.InvalidArgument, name, 1);
    }
  });
});

describe('utf8Length and utf16Length', () => {
  it('count encoded bytes', () => {
    assert.equal(call('utf8Length', 'abc'), 3);
    assert.equal(call('utf8Length', 'é€😀'), 9);
    assert.equal(call('utf16Length', 'abc'), 6);
    assert.equal(call('utf16Length', 'é€😀'), 8);
    assert.equal(call('utf8Length', new Binary(Uint8Array.from([1, 2]))), 2);
  });

  it('reject non-strings', () => {
    assertFails(ExpressionErrorCode.InvalidArgument, 'utf8Length', null);
    assertFails(ExpressionErrorCode.InvalidArgument, 'utf16Length', 5);
  });
});
