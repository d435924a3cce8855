import assert from 'node:assert/strict';
import { Buffer } from 'node:buffer';
import { describe, it } from 'node:test';
import { ExpressionError, ExpressionErrorCode } from '../../expression-error.js';
import { Binary, Float, type Value } from '../../values.js';
import { jsonValueToXml, xmlToJsonValue } from './xml-json.js';

function assertInvalid(action: () => unknown, fn: string, detail: RegExp): void {
  assert.throws(
    action,
    (error: unknown) =>
      error instanceof ExpressionError &&
      error.code === ExpressionErrorCode.InvalidArgument &&
      error.message.includes(`'${fn}'`) &&
      detail.test(error.message),
  );
}

describe('xmlToJsonValue (Newtonsoft SerializeXmlNode)', () => {
  it('converts a root with a single child element into an object (json() documented example 3)', () => {
    const xml =
      '<?xml version="1.0"?> <root> <person id="1"> <name>Sophia Owen</name> ' +
      '<occupation>Engineer</occupation> </person> </root>';
    assert.deepEqual(xmlToJsonValue(xml), {
      '?xml': { '@version': '1.0' },
      root: { person: { '@id': '1', name: 'Sophia Owen', occupation: 'Engineer' } },
    });
  });

  it('converts repeated child elements into an array (json() documented example 4)', () => {
    const xml =
      '<?xml version="1.0"?> <root> <person id="1"> <name>Sophia Owen</name> ' +
      '<occupation>Engineer</occupation> </person> ' +
      '<person id="2"> <name>John Doe</name> <occupation>Engineer</occupation> </person> </root>';
    assert.deepEqual(xmlToJsonValue(xml), {
      '?xml': { '@version': '1.0' },
      root: {
        person: [
          { '@id': '1', name: 'Sophia Owen', occupation: 'Engineer' },
          { '@id': '2', name: 'John Doe', occupation: 'Engineer' },
        ],
      },
    });
  });

  it('groups same-named siblings in order of first appearance, with text, CDATA and instructions', () => {
    const xml = `<?xml version="1.0" standalone="no"?>
<?xml-stylesheet href="classic.xsl" type="text/xml"?>
<span class="vevent">
  <a class="url" href="http://www.web2con.com/">
    <span class="summary">Web 2.0 Conference<![CDATA[my escaped text]]></span>
    <abbr class="dtstart" title="2005-10-05">October 5</abbr>
    <abbr class="dtend" title="2005-10-08">7</abbr>
    <span class="location">Argent Hotel, San Francisco, CA</span>
  </a>
</span>`;
    assert.deepEqual(xmlToJsonValue(xml), {
      '?xml': { '@version': '1.0', '@standalone': 'no' },
      '?xml-stylesheet': 'href="classic.xsl" type="text/xml"',
      span: {
        '@class': 'vevent',
        a: {
          '@class': 'url',
          '@href': 'http://www.web2con.com/',
          span: [
            { '@class': 'summary', '#text': 'Web 2.0 Conference', '#cdata-section': 'my escaped text' },
            { '@class': 'location', '#text': 'Argent Hotel, San Francisco, CA' },
          ],
          abbr: [
            { '@class': 'dtstart', '@title': '2005-10-05', '#text': 'October 5' },
            { '@class': 'dtend', '@title': '2005-10-08', '#text': '7' },
          ],
        },
      },
    });
  });

  it('keeps values as strings and decodes entities', () => {
    assert.deepEqual(xmlToJsonValue('<a><n>42</n><b>true</b><t>&lt;x&gt; &amp; &#x41;</t></a>'), {
      a: { n: '42', b: 'true', t: '<x> & A' },
    });
  });

  it('distinguishes <a/> (null) from <a></a> and whitespace-only content ("")', () => {
    assert.deepEqual(xmlToJsonValue('<r><a/><b></b><c>  </c><d\n/></r>'), { r: { a: null, b: '', c: '', d: null } });
    assert.deepEqual(xmlToJsonValue('<r/>'), { r: null });
  });

  it('writes attributes before children and mixed text as #text', () => {
    assert.deepEqual(xmlToJsonValue('<r id="7">text<b/>more</r>'), {
      r: { '@id': '7', '#text': ['text', 'more'], b: null },
    });
    assert.deepEqual(xmlToJsonValue('<r id="7">only text</r>'), { r: { '@id': '7', '#text': 'only text' } });
    assert.deepEqual(xmlToJsonValue('<r id="7"/>'), { r: { '@id': '7' } });
  });

  it('drops a single comment and leaves an empty "#comment" array for several, as Newtonsoft does', () => {
    assert.deepEqual(xmlToJsonValue('<r><!--one--><a>1</a></r>'), { r: { a: '1' } });
    assert.deepEqual(xmlToJsonValue('<r><!--one--><a>1</a><!--two--></r>'), { r: { '#comment': [], a: '1' } });
  });

  it('keeps whitespace under xml:space="preserve" as #significant-whitespace', () => {
    assert.deepEqual(xmlToJsonValue('<r xml:space="preserve"> </r>'), {
      r: { '@xml:space': 'preserve', '#significant-whitespace': ' ' },
    });
  });

  it('names namespaced nodes with the prefix in scope and keeps xmlns declarations as attributes', () => {
    const xml = '<r xmlns="urn:d" xmlns:p="urn:p"><p:a p:x="1">t</p:a><b/></r>';
    assert.deepEqual(xmlToJsonValue(xml), {
      r: { '@xmlns': 'urn:d', '@xmlns:p': 'urn:p', 'p:a': { '@p:x': '1', '#text': 't' }, b: null },
    });
  });

  it('decodes _xHHHH_ escapes in names', () => {
    assert.deepEqual(xmlToJsonValue('<r><first_x0020_name>Ann</first_x0020_name><_x0031_st a_x0024_="1"/></r>'), {
      r: { 'first name': 'Ann', '1st': { '@a$': '1' } },
    });
  });

  it("honours Newtonsoft's json:Array marker and hides its namespace", () => {
    const xml =
      "<person xmlns:json='http://james.newtonking.com/projects/json' id='1'><name>Alan</name>" +
      "<role json:Array='true'>Admin</role></person>";
    assert.deepEqual(xmlToJsonValue(xml), { person: { '@id': '1', name: 'Alan', role: ['Admin'] } });
  });

  it('describes a DOCTYPE as !DOCTYPE', () => {
    assert.deepEqual(xmlToJsonValue('<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "x.dtd"><html/>'), {
      '!DOCTYPE': { '@name': 'html', '@public': '-//W3C//DTD XHTML 1.0 Strict//EN', '@system': 'x.dtd' },
      html: null,
    });
  });

  it('creates __proto__ as an ordinary property', () => {
    const value = xmlToJsonValue('<__proto__><polluted>yes</polluted></__proto__>') as Record<string, Value>;
    assert.ok(Object.hasOwn(value, '__proto__'));
    assert.equal(Object.getPrototypeOf(value), Object.prototype);
    assert.equal(({} as Record<string, unknown>)['polluted'], undefined);
  });

  it('fails with an InvalidArgument error naming json (or the given function) for malformed XML', () => {
    assertInvalid(() => xmlToJsonValue('<a>'), 'json', /cannot be converted to JSON/);
    assertInvalid(() => xmlToJsonValue('<a/><b/>'), 'json', /cannot be converted to JSON/);
    assertInvalid(() => xmlToJsonValue('plain text'), 'json', /cannot be converted to JSON/);
    assertInvalid(() => xmlToJsonValue('<x>&undefined;</x>', 'decodeSomething'), 'decodeSomething', /entity/);
  });
});

describe('jsonValueToXml (Newtonsoft DeserializeXmlNode)', () => {
  it("converts Newtonsoft's documented example", () => {
    const json = {
      '?xml': { '@version': '1.0', '@standalone': 'no' },
      root: {
        person: [
          { '@id': '1', name: 'Alan', url: 'http://www.google.com' },
          { '@id': '2', name: 'Louis', url: 'http://www.yahoo.com' },
        ],
      },
    };
    assert.equal(
      jsonValueToXml(json),
      '<?xml version="1.0" standalone="no"?><root>' +
        '<person id="1"><name>Alan</name><url>http://www.google.com</url></person>' +
        '<person id="2"><name>Louis</name><url>http://www.yahoo.com</url></person></root>',
    );
  });

  it('writes scalars as XmlConvert does', () => {
    const json = {
      r: { i: 12, f: 1.5, whole: new Float(5), big: 1e21, small: 1e-7, t: true, n: null, e: '', s: 'x' },
    };
    assert.equal(
      jsonValueToXml(json),
      '<r><i>12</i><f>1.5</f><whole>5</whole><big>1E+21</big><small>1E-07</small><t>true</t><n /><e></e><s>x</s></r>',
    );
  });

  it('turns arrays into repeated elements and nested arrays into wrapper elements', () => {
    assert.equal(
      jsonValueToXml({ r: { a: [1, 2], b: [[1, 2]], c: [] } }),
      '<r><a>1</a><a>2</a><b><b>1</b><b>2</b></b></r>',
    );
    assert.equal(jsonValueToXml({ r: [{ a: 1 }] }), '<r><a>1</a></r>');
  });

  it('turns @ properties into attributes, wherever they appear, and #text into text', () => {
    assert.equal(
      jsonValueToXml({ r: { '@id': 1, x: { '@y': 'z' }, '#text': 'body', '@late': true } }),
      '<r id="1" late="true"><x y="z" />body</r>',
    );
    assert.equal(jsonValueToXml({ r: { '#text': ['a', 'b'] } }), '<r>ab</r>');
  });

  it('escapes text and attribute values', () => {
    assert.equal(
      jsonValueToXml({ r: { '@a': 'q"<>&\n\t', '#text': 'x < y & z > w' } }),
      '<r a="q&quot;&lt;&gt;&amp;&#xA;&#x9;">x &lt; y &amp; z &gt; w</r>',
    );
  });

  it('encodes names that are not valid XML names', () => {
    assert.equal(
      jsonValueToXml({ r: { 'first name': 'Ann', '1st': 'a', $x: 'b', _x0041_: 'c', '@a b': 'd' } }),
      '<r a_x0020_b="d"><first_x0020_name>Ann</first_x0020_name><_x0031_st>a</_x0031_st><_x0024_x>b</_x0024_x>' +
        '<_x005F_x0041_>c</_x005F_x0041_></r>',
    );
  });

  it('writes content (Binary) in its JSON form', () => {
    assert.equal(
      jsonValueToXml({ r: new Binary(Buffer.from('hi'), 'text/plain') }),
      '<r><_x0024_content-type>text/plain</_x0024_content-type><_x0024_content>aGk=</_x0024_content></r>',
    );
  });

  it('supports namespaces declared with @xmlns and @xmlns:prefix', () => {
    assert.equal(jsonValueToXml({ r: { '@xmlns': 'urn:d', a: 1 } }), '<r xmlns="urn:d"><a>1</a></r>');
    assert.equal(
      jsonValueToXml({ r: { '@xmlns:p': 'urn:p', 'p:a': { '@p:b': '1' }, a: { '@xmlns': 'urn:x', b: 1 }, c: 2 } }),
      '<r xmlns:p="urn:p"><p:a p:b="1" /><a xmlns="urn:x"><b>1</b></a><c>2</c></r>',
    );
  });

  it('writes CDATA, processing instructions, whitespace, a declaration and a DOCTYPE', () => {
    assert.equal(
      jsonValueToXml({
        '?xml': { '@version': '1.0', '@encoding': 'utf-8' },
        '!DOCTYPE': { '@name': 'r', '@system': 'r.dtd' },
        r: { '#cdata-section': 'a < b', '?pi': 'data', w: { '#whitespace': '  ' } },
      }),
      '<?xml version="1.0" encoding="utf-8"?><!DOCTYPE r SYSTEM "r.dtd"><r><![CDATA[a < b]]><?pi data?><w>  </w></r>',
    );
  });

  it("writes Newtonsoft's reserved $ properties in its namespace", () => {
    assert.equal(
      jsonValueToXml({ r: { $id: '1', $type: 'T', a: true } }),
      '<r xmlns:json="http://james.newtonking.com/projects/json" json:id="1" json:type="T"><a>true</a></r>',
    );
  });

  it('round-trips through xmlToJsonValue', () => {
    const json: Value = {
      '?xml': { '@version': '1.0' },
      order: { '@id': '5', line: [{ sku: 'A', qty: '1' }, { sku: 'B', qty: '2' }], note: null, empty: '' },
    };
    assert.deepEqual(xmlToJsonValue(jsonValueToXml(json)), json);
  });

  it('fails with an InvalidArgument error naming xml (or the given function)', () => {
    assertInvalid(() => jsonValueToXml('text'), 'xml', /expects its first parameter to be an object/);
    assertInvalid(() => jsonValueToXml({ a: 1, b: 2 }), 'xml', /more than one property/);
    assertInvalid(() => jsonValueToXml({ a: [1, 2] }), 'xml', /more than one root element/);
    assertInvalid(() => jsonValueToXml({ '@a': 1 }), 'xml', /root cannot have attributes/);
    assertInvalid(() => jsonValueToXml({ '?xml': { '@version': '1.0' } }), 'xml', /one root property/);
    assertInvalid(() => jsonValueToXml({ r: { 'p:a': 1 } }), 'xml', /prefix 'p'/);
    assertInvalid(() => jsonValueToXml({ r: { '': 1 } }), 'xml', /empty name/);
    assertInvalid(() => jsonValueToXml({ r: { '@a': { b: 1 } } }), 'xml', /cannot be used as an XML text or attribute/);
    assertInvalid(() => jsonValueToXml({ r: { '#text': [[1]] } }), 'xml', /cannot be used as an XML text/);
    assertInvalid(() => jsonValueToXml({ r: { '#cdata-section': 'a]]>b' } }), 'xml', /CDATA/);
    assertInvalid(() => jsonValueToXml({ '?xml': { '@version': '2.0' }, r: 1 }), 'xml', /version/);
    assertInvalid(() => jsonValueToXml({ r: 1, '?xml': { '@version': '1.0' } }), 'xml', /more than one property/);
    assertInvalid(() => jsonValueToXml({ r: { 'a:b:c': 1, '@xmlns:a': 'urn:a' } }), 'xml', /qualified name|prefix/);
    assertInvalid(() => jsonValueToXml({ a: 1, b: 2 }, 'compose'), 'compose', /more than one property/);
  });
});
