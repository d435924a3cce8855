import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ExpressionErrorCode } from '../expression-error.js';
import { MAX_STRING_LENGTH } from '../limits.js';
import { Binary, Float, type Value } from '../values.js';
import { lookupFunction } from './function-table.js';
import { assertFails, callFunction, testEnv } from './function-test-support.js';

const env = testEnv;

function call(name: string, ...args: Value[]): Value {
  return callFunction(name, args);
}

function callWith(random: () => number, name: string, ...args: Value[]): Value {
  const definition = lookupFunction(name);
  if (definition === undefined) throw new Error(`no function ${name}`);
  return definition.call(args, { ...env, random });
}

describe('concat', () => {
  it('combines strings (documented example)', () => {
    assert.equal(call('concat', 'Hello', 'World'), 'HelloWorld');
    assert.equal(call('concat', 'Sophia', 'Owen'), 'SophiaOwen');
  });

  it('converts other values the way string() does', () => {
    assert.equal(call('concat', 'n=', 1, ' f=', 2.5, ' b=', true, ' x=', null), 'n=1 f=2.5 b=True x=');
    assert.equal(call('concat', 'a', [1, 'b'], { k: 'v' }), 'a[1,"b"]{"k":"v"}');
    assert.equal(call('concat', new Float(5), '!'), '5!');
  });

  it('refuses a result longer than the string limit', () => {
    const half = 'x'.repeat(MAX_STRING_LENGTH / 2 + 1);
    assertFails(ExpressionErrorCode.LimitExceeded, () => call('concat', half, half), "'concat'");
  });
});

describe('substring', () => {
  it('takes length characters from startIndex (documented example)', () => {
    assert.equal(call('substring', 'hello world', 6, 5), 'world');
  });

  it('takes the rest of the string without a length', () => {
    assert.equal(call('substring', 'hello world', 6), 'world');
    assert.equal(call('substring', 'hello', 5), '');
  });

  it('fails when the range leaves the string', () => {
    assertFails(ExpressionErrorCode.InvalidArgument, () => call('substring', 'hello world', 6, 6), 'out of range');
    assertFails(ExpressionErrorCode.InvalidArgument, () => call('substring', 'hello', 6));
    assertFails(ExpressionErrorCode.InvalidArgument, () => call('substring', 'hello', -1, 2));
    assertFails(ExpressionErrorCode.InvalidArgument, () => call('substring', 'hello', 1, -1));
  });

  it('checks argument types', () => {
    assertFails(ExpressionErrorCode.InvalidArgument, () => call('substring', 5, 0, 1), 'string');
    assertFails(ExpressionErrorCode.InvalidArgument, () => call('substring', 'hello', 1.5, 1), 'integer');
    assertFails(ExpressionErrorCode.InvalidArgument, () => call('substring', 'hello', '1', 1));
  });
});

describe('slice', () => {
  it('matches every documented example', () => {
    assert.equal(call('slice', 'Hello World', 2), 'llo World');
    assert.equal(call('slice', 'Hello World', 30), '');
    assert.equal(call('slice', 'Hello World', 10, 2), '');
    assert.equal(call('slice', 'Hello World', 0), 'Hello World');
    assert.equal(call('slice', 'Hello World', 2, 5), 'llo');
    assert.equal(call('slice', 'Hello World', 6, 20), 'World');
    assert.equal(call('slice', 'Hello World', -2), 'ld');
    assert.equal(call('slice', 'Hello World', 3, -1), 'lo Worl');
    assert.equal(call('slice', 'Hello World', 3, 3), '');
  });

  it('checks argument types', () => {
    assertFails(ExpressionErrorCode.InvalidArgument, () => call('slice', 'Hello', 'a'));
  });
});

describe('replace', () => {
  it('replaces every occurrence, case-sensitively (documented example)', () => {
    assert.equal(call('replace', 'the old string', 'old', 'new'), 'the new string');
    assert.equal(call('replace', 'a-a-A', 'a', 'b'), 'b-b-A');
    assert.equal(call('replace', 'abc', 'x', 'y'), 'abc');
  });

  it('rejects an empty search string, as .NET does', () => {
    assertFails(ExpressionErrorCode.InvalidArgument, () => call('replace', 'abc', '', 'x'));
  });

  it('refuses a result longer than the string limit without building it', () => {
    const big = 'y'.repeat(10_000_000);
    assertFails(ExpressionErrorCode.LimitExceeded, () => call('replace', 'x'.repeat(11), 'x', big));
  });
});

describe('guid', () => {
  it('builds a version-4 GUID from the environment random source', () => {
    assert.equal(call('guid'), '80808080-8080-4080-8080-808080808080');
    const text = callWith(Math.random, 'guid');
    assert.match(String(text), /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('supports the N, D, B, P and X formats', () => {
    assert.equal(call('guid', 'N'), '80808080808040808080808080808080');
    assert.equal(call('guid', 'D'), '80808080-8080-4080-8080-808080808080');
    assert.equal(call('guid', 'B'), '{80808080-8080-4080-8080-808080808080}');
    assert.equal(call('guid', 'P'), '(80808080-8080-4080-8080-808080808080)');
    assert.equal(call('guid', 'x'), '{0x80808080,0x8080,0x4080,{0x80,0x80,0x80,0x80,0x80,0x80,0x80,0x80}}');
    // Documented example shape: guid('P') is the D form in parentheses.
    assert.match(String(callWith(Math.random, 'guid', 'P')), /^\([0-9a-f-]{36}\)$/);
  });

  it('rejects other formats', () => {
    assertFails(ExpressionErrorCode.InvalidArgument, () => call('guid', 'Q'), "'guid'");
  });
});

describe('toLower and toUpper', () => {
  it('change case (documented examples)', () => {
    assert.equal(call('toLower', 'Hello World'), 'hello world');
    assert.equal(call('toUpper', 'Hello World'), 'HELLO WORLD');
    assert.equal(call('toLower', 'Hello'), 'hello');
  });

  it('keep characters whose other case is longer, as .NET does', () => {
    assert.equal(call('toUpper', 'straße'), 'STRAßE');
  });

  it('reject non-strings', () => {
    assertFails(ExpressionErrorCode.InvalidArgument, () => call('toLower', 5));
  });
});

describe('indexOf, nthIndexOf and lastIndexOf', () => {
  it('indexOf finds a substring, ignoring case (documented example)', () => {
    assert.equal(call('indexOf', 'hello world', 'world'), 6);
    assert.equal(call('indexOf', 'Hello World', 'WORLD'), 6);
    assert.equal(call('indexOf', 'hello world', 'universe'), -1);
    assert.equal(call('indexOf', 'hello', ''), 0);
  });

  it('nthIndexOf matches the documented examples', () => {
    assert.equal(call('nthIndexOf', '123456789123465789', '1', 1), 0);
    assert.equal(call('nthIndexOf', '123456789123465789', '1', 2), 9);
    assert.equal(call('nthIndexOf', '123456789123465789', '12', 2), 9);
    assert.equal(call('nthIndexOf', '123456789123465789', '6', 4), -1);
  });

  it('nthIndexOf counts from the end for a negative occurrence', () => {
    assert.equal(call('nthIndexOf', '123456789123465789', '1', -1), 9);
    assert.equal(call('nthIndexOf', '123456789123465789', '1', -2), 0);
    assert.equal(call('nthIndexOf', '123456789123465789', '1', -3), -1);
    assert.equal(call('nthIndexOf', 'aXbxc', 'x', 2), 3);
  });

  it('nthIndexOf rejects a zero occurrence', () => {
    assertFails(ExpressionErrorCode.InvalidArgument, () => call('nthIndexOf', 'abc', 'a', 0));
  });

  it('lastIndexOf matches the documented examples and empty-string rules', () => {
    assert.equal(call('lastIndexOf', 'hello world hello world', 'world'), 18);
    assert.equal(call('lastIndexOf', 'hello world hello world', ''), 22);
    assert.equal(call('lastIndexOf', '', ''), 0);
    assert.equal(call('lastIndexOf', '', 'a'), -1);
    assert.equal(call('lastIndexOf', 'Hello World hello world', 'WORLD'), 18);
  });
});

describe('startsWith and endsWith', () => {
  it('match the documented examples', () => {
    assert.equal(call('startsWith', 'hello world', 'hello'), true);
    assert.equal(call('startsWith', 'hello world', 'greetings'), false);
    assert.equal(call('endsWith', 'hello world', 'world'), true);
    assert.equal(call('endsWith', 'hello world', 'universe'), false);
  });

  it('ignore case', () => {
    assert.equal(call('startsWith', 'Hello world', 'HELLO'), true);
    assert.equal(call('endsWith', 'hello WORLD', 'world'), true);
  });
});

describe('split', () => {
  it('matches the documented examples', () => {
    assert.deepEqual(call('split', 'a_b_c', '_'), ['a', 'b', 'c']);
    assert.deepEqual(call('split', 'a_b_c', ' '), ['a_b_c']);
  });

  it('splits on a multi-character delimiter and keeps empty parts', () => {
    assert.deepEqual(call('split', 'a, b,, c', ', '), ['a', 'b,', 'c']);
    assert.deepEqual(call('split', ',a,', ','), ['', 'a', '']);
  });

  it('does not split on an empty delimiter, as .NET does', () => {
    assert.deepEqual(call('split', 'abc', ''), ['abc']);
  });
});

describe('trim and trimByteOrderMark', () => {
  it('trim removes surrounding whitespace (documented example)', () => {
    assert.equal(call('trim', ' Hello World  '), 'Hello World');
    assert.equal(call('trim', '\t\r\n x \u00a0'), 'x');
  });

  it('trim keeps a byte-order mark, as .NET does', () => {
    assert.equal(call('trim', '\ufeff a '), '\ufeff a');
  });

  it('trimByteOrderMark removes a leading byte-order mark only', () => {
    assert.equal(call('trimByteOrderMark', '\ufeff{"a":1}'), '{"a":1}');
    assert.equal(call('trimByteOrderMark', 'abc\ufeff'), 'abc\ufeff');
    assert.equal(call('trimByteOrderMark', new Binary(new Uint8Array([0xef, 0xbb, 0xbf, 0x61]))), 'a');
  });
});

describe('formatNumber', () => {
  it('matches the documented examples', () => {
    assert.equal(call('formatNumber', 1234567890, '#,##0.00', 'en-US'), '1,234,567,890.00');
    assert.equal(call('formatNumber', 1234567890, '0,0.00', 'en-us'), '1,234,567,890.00');
    assert.equal(call('formatNumber', 1234567890, '#,##0.00', 'is-IS'), '1.234.567.890,00');
    assert.equal(call('formatNumber', 1234567890, '0,0.00', 'is-is'), '1.234.567.890,00');
    assert.equal(call('formatNumber', 17.35, 'C2'), '$17.35');
    assert.equal(call('formatNumber', 17.35, 'C2', 'is-IS'), '17,35 kr');
  });

  it('supports the standard formats', () => {
    assert.equal(call('formatNumber', 12345.6789, 'C'), '$12,345.68');
    assert.equal(call('formatNumber', 12345, 'D8'), '00012345');
    assert.equal(call('formatNumber', 12345.6789, 'E'), '1.234568E+004');
    assert.equal(call('formatNumber', 12345.6789, 'e4'), '1.2346e+004');
    assert.equal(call('formatNumber', 12345.6789, 'F'), '12345.68');
    assert.equal(call('formatNumber', 12345.6789, 'F0'), '12346');
    assert.equal(call('formatNumber', 12345.6789, 'G'), '12345.6789');
    assert.equal(call('formatNumber', 123456789, 'G7'), '1.234568E+08');
    assert.equal(call('formatNumber', 123456789, 'N4'), '123,456,789.0000');
    assert.equal(call('formatNumber', 0.125, 'P'), '12.50%');
    assert.equal(call('formatNumber', 181342, 'X8'), '0002C45E');
    assert.equal(call('formatNumber', 181342, 'x'), '2c45e');
    assert.equal(call('formatNumber', -1, 'X'), 'FFFFFFFFFFFFFFFF');
    assert.equal(call('formatNumber', new Float(5), 'F1'), '5.0');
  });

  it('rounds half away from zero', () => {
    assert.equal(call('formatNumber', 0.5, 'F0'), '1');
    assert.equal(call('formatNumber', -0.5, 'F0'), '-1');
    assert.equal(call('formatNumber', 2.5, '0'), '3');
  });

  it('supports custom formats', () => {
    assert.equal(call('formatNumber', 1234.5678, '00000.00'), '01234.57');
    assert.equal(call('formatNumber', 0.45678, '#.##'), '.46');
    assert.equal(call('formatNumber', 1234567890, '#,##0,,'), '1,235');
    assert.equal(call('formatNumber', 0.3697, '%#0.00'), '%36.97');
    assert.equal(call('formatNumber', 86000, '0.###E+000'), '8.6E+004');
    assert.equal(call('formatNumber', -1234, '##;(##)'), '(1234)');
    assert.equal(call('formatNumber', 0, '##;(##);**Zero**'), '**Zero**');
    assert.equal(call('formatNumber', 123.45, "'#'#,##0.00' USD'"), '#123.45 USD');
    assert.equal(call('formatNumber', 5, '\\#0'), '#5');
  });

  it('uses the separators and symbols of other locales', () => {
    assert.equal(call('formatNumber', -1234.5, '#,##0.00', 'de-DE'), '-1.234,50');
    assert.equal(call('formatNumber', 1234.5, 'C', 'de-DE'), '1.234,50 €');
    assert.equal(call('formatNumber', 0.125, 'P1', 'fr-FR'), '12,5 %');
    assert.equal(call('formatNumber', 1234567.891, 'N2', 'hi-IN'), '12,34,567.89');
  });

  it('rejects bad formats, locales and values', () => {
    assertFails(ExpressionErrorCode.InvalidArgument, () => call('formatNumber', 17.35, 'D'), "'formatNumber'");
    assertFails(ExpressionErrorCode.InvalidArgument, () => call('formatNumber', 1, 'Q'));
    assertFails(ExpressionErrorCode.InvalidArgument, () => call('formatNumber', 1, 'F100'));
    assertFails(ExpressionErrorCode.InvalidArgument, () => call('formatNumber', 1, 'F2', 'xx-YY'), 'locale');
    assertFails(ExpressionErrorCode.InvalidArgument, () => call('formatNumber', '1', 'F2'));
  });
});
