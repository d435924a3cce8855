import assert from 'node:assert/strict';
import { Buffer } from 'node:buffer';
import { describe, it } from 'node:test';
import type { EvalEnvironment } from '../environment.js';
import { ExpressionError, ExpressionErrorCode } from '../expression-error.js';
import { Binary, type Value, toJsonText, toText } from '../values.js';
import { lookupFunction } from './function-table.js';

const env: EvalEnvironment = { clock: { now: () => Date.parse('2018-03-15T13:00:00Z') }, random: () => 0.5 };

function call(name: string, ...args: Value[]): Value {
  const definition = lookupFunction(name);
  assert.ok(definition, `function ${name} is registered`);
  return definition.call(args, env);
}

function assertInvalid(name: string, args: Value[], detail?: RegExp): void {
  assert.throws(
    () => call(name, ...args),
    (error: unknown) =>
      error instanceof ExpressionError &&
      error.code === ExpressionErrorCode.InvalidArgument &&
      error.message.includes(`'${name}'`) &&
      (detail === undefined || detail.test(error.message)),
  );
}

/** The XML text of an XML content value, checking that it is XML content. */
function xmlText(value: Value): string {
  assert.ok(value instanceof Binary, `expected XML content, got ${toJsonText(value)}`);
  assert.equal(value.contentType, 'application/xml;charset=utf-8');
  return toText(value);
}

/** Node-set results: XML content becomes its text so whole arrays can be compared. */
function texts(value: Value): Value {
  assert.ok(Array.isArray(value), `expected an array, got ${toJsonText(value)}`);
  return value.map((item) => (item instanceof Binary ? xmlText(item) : item));
}

// The documented `items` parameter (xpath examples 1-3 and 7).
const items = `<?xml version="1.0"?>
<produce>
  <item>
    <name>Gala</name>
    <type>apple</type>
    <count>20</count>
  </item>
  <item>
    <name>Honeycrisp</name>
    <type>apple</type>
    <count>10</count>
  </item>
</produce>`;

describe('xml', () => {
  it('converts an XML string (documented example 1)', () => {
    assert.equal(xmlText(call('xml', '<name>Sophia Owen</name>')), '<name>Sophia Owen</name>');
  });

  it('converts a JSON object (documented example 2: xml(json(\'{ "name": "Sophia Owen" }\')))', () => {
    assert.equal(xmlText(call('xml', { name: 'Sophia Owen' })), '<name>Sophia Owen</name>');
  });

  it('converts nested properties (documented example 3)', () => {
    // The docs print the result indented (and with a typo in the closing tag); Logic Apps produces OuterXml.
    const result = call('xml', { person: { name: 'Sophia Owen', city: 'Seattle' } });
    assert.equal(xmlText(result), '<person><name>Sophia Owen</name><city>Seattle</city></person>');
  });

  it('converts a string holding a JSON object', () => {
    const text = '{"person": {"name": "Sophia Owen", "city": "Seattle"}}';
    assert.equal(xmlText(call('xml', text)), '<person><name>Sophia Owen</name><city>Seattle</city></person>');
    assert.equal(xmlText(call('xml', '  {"a": 1.0}')), '<a>1</a>');
  });

  it('returns content shown as {"$content-type", "$content"} in JSON and as XML text in string()', () => {
    const result = call('xml', '<a>1</a>');
    const base64 = Buffer.from('<a>1</a>').toString('base64');
    const stored = { '$content-type': 'application/xml;charset=utf-8', $content: base64 };
    assert.equal(toJsonText(result), JSON.stringify(stored));
    assert.equal(toText(result), '<a>1</a>');
  });

  it('re-writes XML as .NET does: no insignificant whitespace, double quotes, declaration kept', () => {
    assert.equal(
      xmlText(call('xml', items)),
      '<?xml version="1.0"?><produce><item><name>Gala</name><type>apple</type><count>20</count></item>' +
        '<item><name>Honeycrisp</name><type>apple</type><count>10</count></item></produce>',
    );
    assert.equal(xmlText(call('xml', "<a  b='1'\r\n c=\"x&amp;y\">t &gt; u</a>")), '<a b="1" c="x&amp;y">t &gt; u</a>');
    assert.equal(xmlText(call('xml', '\uFEFF<a/>')), '<a />');
  });

  it('keeps the difference between <a/> and <a></a>', () => {
    assert.equal(xmlText(call('xml', '<r><a/><b></b><c> </c></r>')), '<r><a /><b></b><c></c></r>');
  });

  it('keeps comments, CDATA, processing instructions and significant whitespace', () => {
    const source = '<r><!-- note --><![CDATA[x < y]]><?pi data?><s xml:space="preserve"> </s></r>';
    assert.equal(xmlText(call('xml', source)), source);
  });

  it('accepts XML content and its stored JSON form', () => {
    const content = call('xml', '<a>1</a>');
    assert.equal(xmlText(call('xml', content)), '<a>1</a>');
    const stored = JSON.parse(toJsonText(content)) as Value;
    assert.equal(xmlText(call('xml', stored)), '<a>1</a>');
  });

  it('reads other binary content as text', () => {
    assert.equal(xmlText(call('xml', new Binary(Buffer.from('<a>é</a>')))), '<a>é</a>');
    assert.equal(xmlText(call('xml', new Binary(Buffer.from('{"a":"b"}'), 'application/json'))), '<a>b</a>');
  });

  it('feeds json(), which converts XML content back to JSON (json() documented examples 3 and 4)', () => {
    const one =
      '<?xml version="1.0"?> <root> <person id="1"> <name>Sophia Owen</name> ' +
      '<occupation>Engineer</occupation> </person> </root>';
    assert.deepEqual(call('json', call('xml', one)), {
      '?xml': { '@version': '1.0' },
      root: { person: { '@id': '1', name: 'Sophia Owen', occupation: 'Engineer' } },
    });
    const second = '<person id="2"> <name>John Doe</name> <occupation>Engineer</occupation> </person> </root>';
    const two = one.replace('</root>', second);
    assert.deepEqual(call('json', call('xml', two)), {
      '?xml': { '@version': '1.0' },
      root: {
        person: [
          { '@id': '1', name: 'Sophia Owen', occupation: 'Engineer' },
          { '@id': '2', name: 'John Doe', occupation: 'Engineer' },
        ],
      },
    });
  });

  it('rejects values that are not a string or an object', () => {
    for (const value of [null, 1, 2.5, true, [1, 2]] as Value[]) {
      assertInvalid('xml', [value], /expects its first parameter to be a string or an object/);
    }
  });

  it('rejects malformed XML', () => {
    for (const text of ['<a>', '<a></b>', '<a>x</a><b/>', '<a b="1" b="2"/>', '<p:a/>', '<a>&nbsp;</a>', '<a b=1/>']) {
      assertInvalid('xml', [text], /cannot be parsed as XML/);
    }
  });

  it('rejects strings that are neither XML nor a JSON object', () => {
    assertInvalid('xml', ['Sophia Owen'], /neither XML nor a JSON object/);
    assertInvalid('xml', ['[1, 2]'], /must be an object/);
    assertInvalid('xml', [''], /neither XML nor a JSON object/);
  });

  it('rejects JSON without exactly one root element (documented: one root property, not an array)', () => {
    assertInvalid('xml', [{ a: 1, b: 2 }], /more than one property/);
    assertInvalid('xml', [{ a: [1, 2] }], /more than one root element/);
    assertInvalid('xml', [{}], /one root property/);
    assertInvalid('xml', [{ '@id': 1 }], /root cannot have attributes/);
    assertInvalid('xml', [{ '#text': 'x' }], /cannot have a '#text' property/);
  });

  it('does not expand DTD entities (billion laughs) and never fetches external ones', () => {
    const laughs =
      '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;">' +
      '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;">]><lolz>&lol3;</lolz>';
    assertInvalid('xml', [laughs], /entity not found/);
    const external = '<!DOCTYPE x [<!ENTITY secret SYSTEM "file:///etc/passwd">]><x>&secret;</x>';
    assertInvalid('xml', [external], /entity not found/);
    // A DTD that is only declared is harmless and is kept.
    assert.equal(xmlText(call('xml', '<!DOCTYPE x SYSTEM "x.dtd"><x/>')), '<!DOCTYPE x SYSTEM "x.dtd"><x />');
  });

  it('refuses absurdly deep nesting instead of exhausting the stack', () => {
    const depth = 1500;
    assertInvalid('xml', ['<a>'.repeat(depth) + '</a>'.repeat(depth)], /nest/);
    let deep: Value = 'x';
    for (let i = 0; i < depth; i++) deep = { a: deep };
    assertInvalid('xml', [deep], /nest/);
  });
});

describe('xpath', () => {
  const produce = call('xml', items);

  it('returns the matching nodes as XML (documented example 1)', () => {
    assert.deepEqual(texts(call('xpath', produce, '/produce/item/name')), [
      '<name>Gala</name>',
      '<name>Honeycrisp</name>',
    ]);
  });

  it('applies positional predicates per parent, as XPath defines (documented examples 2 and 3)', () => {
    // The docs say `name[1]` gives "Gala" and `name[last()]` "Honeycrisp"; in XPath both predicates apply to each
    // item's own `name` children, so each item's name matches. The first/last overall are `(...)[1]` / `(...)[last()]`.
    const both = ['<name>Gala</name>', '<name>Honeycrisp</name>'];
    assert.deepEqual(texts(call('xpath', produce, '/produce/item/name[1]')), both);
    assert.deepEqual(texts(call('xpath', produce, '/produce/item/name[last()]')), both);
    assert.deepEqual(texts(call('xpath', produce, '(/produce/item/name)[1]')), ['<name>Gala</name>']);
    assert.deepEqual(texts(call('xpath', produce, '(/produce/item/name)[last()]')), ['<name>Honeycrisp</name>']);
    assert.deepEqual(call('xpath', produce, 'string((/produce/item/name)[1])'), 'Gala');
  });

  it('filters on attributes (documented examples 4 and 5)', () => {
    const withExpired = call(
      'xml',
      items
        .replace('<name>Gala', "<name expired='true'>Gala")
        .replace('<name>Honeycrisp', "<name expired='false'>Honeycrisp"),
    );
    assert.deepEqual(texts(call('xpath', withExpired, '//name[@expired]')), [
      '<name expired="true">Gala</name>',
      '<name expired="false">Honeycrisp</name>',
    ]);
    const onlyGala = call('xml', items.replace('<name>Gala', "<name expired='true'>Gala"));
    assert.deepEqual(texts(call('xpath', onlyGala, '//name[@expired]')), ['<name expired="true">Gala</name>']);
    assert.deepEqual(texts(call('xpath', onlyGala, "//name[@expired = 'true']")), ['<name expired="true">Gala</name>']);
  });

  it('compares attribute values as numbers (documented example 6)', () => {
    const priced = call(
      'xml',
      items
        .replace('<name>Gala', "<name expired='true' price='12'>Gala")
        .replace('<name>Honeycrisp', "<name expired='false' price='40'>Honeycrisp"),
    );
    // The docs write `//name[price>35]`; `price` is an attribute, so the working expression is `@price`.
    assert.deepEqual(texts(call('xpath', priced, '//name[@price>35]')), [
      '<name expired="false" price="40">Honeycrisp</name>',
    ]);
    assert.deepEqual(call('xpath', priced, '//name[price>35]'), []);
  });

  it('returns numbers from numeric expressions (documented example 7)', () => {
    assert.equal(call('xpath', produce, 'sum(/produce/item/count)'), 30);
    assert.equal(call('xpath', produce, 'count(/produce/item)'), 2);
    assert.equal(call('xpath', produce, 'sum(/produce/item/count) div 4'), 7.5);
  });

  describe('with a default namespace (documented examples 8 and 9)', () => {
    const file = call(
      'xml',
      '<?xml version="1.0"?><file xmlns="https://contoso.com"><location>Paris</location></file>',
    );
    const location = ['<location xmlns="https://contoso.com">Paris</location>'];

    it('selects with name()', () => {
      assert.deepEqual(texts(call('xpath', file, '/*[name()="file"]/*[name()="location"]')), location);
    });

    it('selects with local-name() and namespace-uri()', () => {
      const expression = '/*[local-name()="file" and namespace-uri()="https://contoso.com"]/*[local-name()="location"]';
      assert.deepEqual(texts(call('xpath', file, expression)), location);
    });

    it('returns the string value with string()', () => {
      assert.equal(call('xpath', file, 'string(/*[name()="file"]/*[name()="location"])'), 'Paris');
    });

    it('does not match unprefixed names against namespaced elements', () => {
      assert.deepEqual(call('xpath', file, '/file/location'), []);
    });
  });

  it('returns text, attribute and comment nodes as strings', () => {
    const doc = call('xml', '<r a="1"><b>x</b><b>y</b><!--c--></r>');
    assert.deepEqual(call('xpath', doc, '//b/text()'), ['x', 'y']);
    assert.deepEqual(call('xpath', doc, '/r/@a'), ['1']);
    assert.deepEqual(call('xpath', doc, '//comment()'), ['c']);
  });

  it('returns strings and booleans', () => {
    assert.equal(call('xpath', produce, 'name(/*)'), 'produce');
    assert.equal(call('xpath', produce, "concat(/produce/item[1]/name, '-', /produce/item[2]/type)"), 'Gala-apple');
    assert.equal(call('xpath', produce, 'count(//item) = 2'), true);
    assert.equal(call('xpath', produce, "boolean(//pear)"), false);
  });

  it('returns the whole document for /', () => {
    assert.deepEqual(texts(call('xpath', call('xml', '<a><b/></a>'), '/')), ['<a><b /></a>']);
  });

  it('returns an empty array when nothing matches', () => {
    assert.deepEqual(call('xpath', produce, '//pear'), []);
  });

  it('accepts XML strings, stored XML content and nodes returned by an earlier xpath', () => {
    assert.deepEqual(texts(call('xpath', '<a><b>1</b></a>', '/a/b')), ['<b>1</b>']);
    const stored = JSON.parse(toJsonText(produce)) as Value;
    assert.equal(call('xpath', stored, 'sum(//count)'), 30);
    const nodes = call('xpath', produce, '/produce/item');
    assert.ok(Array.isArray(nodes));
    const first = nodes[0];
    assert.ok(first !== undefined);
    assert.equal(call('xpath', first, 'string(/item/name)'), 'Gala');
    assert.equal(call('xpath', first, 'name(/*)'), 'item');
  });

  it('rejects a first argument that is not XML', () => {
    for (const value of [null, 42, true, { a: 1 }, [1]] as Value[]) {
      assertInvalid('xpath', [value, '/a'], /expects its first parameter to be an XML object/);
    }
  });

  it('rejects malformed XML', () => {
    assertInvalid('xpath', ['<a><b></a>', '/a'], /XML is not valid/);
    assertInvalid('xpath', ['not xml', '/a'], /XML is not valid/);
  });

  it('rejects an XPath expression that is not a string', () => {
    assertInvalid('xpath', [produce, 1], /expects its second parameter to be a string/);
    assertInvalid('xpath', [produce, null], /expects its second parameter to be a string/);
  });

  it('rejects malformed or unsupported XPath', () => {
    const expressions = ['', '/produce/item[', '//name[@', 'unknown-function(1)', '$variable', '///', '1 +', 'p:f()'];
    for (const expression of expressions) {
      assertInvalid('xpath', [produce, expression], /well-formed XPath 1.0 expression/);
    }
  });

  it('rejects namespace prefixes, since there is no namespace manager (as in Logic Apps)', () => {
    const doc = call('xml', '<r xmlns:p="urn:p"><p:a>1</p:a></r>');
    assertInvalid('xpath', [doc, '//p:a'], /well-formed XPath 1.0 expression/);
    assert.deepEqual(texts(call('xpath', doc, '//*[local-name()="a"]')), ['<p:a xmlns:p="urn:p">1</p:a>']);
  });
});

describe('encodeXmlValue / decodeXmlValue', () => {
  it('escape and unescape the five XML special characters', () => {
    const encoded = 'Tom &amp; &quot;Jerry&quot; &lt;&apos;cat&apos;&gt;';
    assert.equal(call('encodeXmlValue', `Tom & "Jerry" <'cat'>`), encoded);
    assert.equal(call('decodeXmlValue', encoded), `Tom & "Jerry" <'cat'>`);
  });

  it('decode character references and leave unknown entities alone', () => {
    assert.equal(call('decodeXmlValue', '&#65;&#x42;&#x1F600; &nbsp; &amp;amp;'), 'AB😀 &nbsp; &amp;');
  });

  it('treat null as the empty string and reject other types', () => {
    assert.equal(call('encodeXmlValue', null), '');
    assert.equal(call('decodeXmlValue', null), '');
    assertInvalid('encodeXmlValue', [1]);
    assertInvalid('decodeXmlValue', [{}]);
  });
});

describe('encodeXmlName / decodeXmlName', () => {
  it('escape characters that are not valid in XML names as XmlConvert.EncodeName does', () => {
    assert.equal(call('encodeXmlName', 'first name'), 'first_x0020_name');
    assert.equal(call('encodeXmlName', '1st'), '_x0031_st');
    assert.equal(call('encodeXmlName', 'a$b#c'), 'a_x0024_b_x0023_c');
    assert.equal(call('encodeXmlName', 'ns:valid-name.1'), 'ns:valid-name.1');
    assert.equal(call('encodeXmlName', '_x0041_'), '_x005F_x0041_');
    assert.equal(call('encodeXmlName', 'a😀'), 'a_x0001F600_');
    assert.equal(call('encodeXmlName', ''), '');
  });

  it('decode the escapes back', () => {
    assert.equal(call('decodeXmlName', 'first_x0020_name'), 'first name');
    assert.equal(call('decodeXmlName', '_x0031_st'), '1st');
    assert.equal(call('decodeXmlName', '_x005F_x0041_'), '_x0041_');
    assert.equal(call('decodeXmlName', 'a_x0001F600_'), 'a😀');
    assert.equal(call('decodeXmlName', 'no_escapes_x12_'), 'no_escapes_x12_');
    for (const name of ['first name', '1st', 'a$b', '_x0041_', 'Ünïcödé', '😀']) {
      assert.equal(call('decodeXmlName', call('encodeXmlName', name)), name);
    }
  });

  it('treat null as the empty string and reject other types', () => {
    assert.equal(call('encodeXmlName', null), '');
    assertInvalid('encodeXmlName', [true]);
    assertInvalid('decodeXmlName', [[]]);
  });
});
