import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cardText } from './teams-card.js';
import { decodeEntities, htmlToMarkdown } from './html-to-markdown.js';

describe('htmlToMarkdown', () => {
  it("reads the public Post-TeamsMessage template's body", () => {
    const html =
      '<p>Alert Type: VM_SuspiciousLogin<br>Resource: /subscriptions/s1/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm1<br>Direct Link: https://portal.azure.com/#blade/alert?a=1&amp;b=2</p>';
    assert.equal(
      htmlToMarkdown(html),
      'Alert Type: VM_SuspiciousLogin\nResource: /subscriptions/s1/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm1\nDirect Link: https://portal.azure.com/#blade/alert?a=1&b=2',
    );
  });

  it('keeps bold, italics and links, and separates paragraphs', () => {
    assert.equal(
      htmlToMarkdown('<p><b>Severity:</b> <strong> High </strong></p>\n  <p><i>See</i> <a href="https://example.com/a?x=1&amp;y=2" target="_blank">the <b>alert</b></a></p>'),
      '**Severity:** **High**\n\n_See_ [the alert](https://example.com/a?x=1&y=2)',
    );
    assert.equal(htmlToMarkdown('<a href="https://e.com">https://e.com</a>'), 'https://e.com');
    assert.equal(htmlToMarkdown("<a href='javascript:alert(1)'>click</a>"), 'click');
  });

  it('turns lists into Markdown items and drops scripts, styles and unknown tags', () => {
    assert.equal(
      htmlToMarkdown('<style>p{color:red}</style><ul><li>one</li><li><span>two</span></li></ul><script>x()</script><table><tr><td>a</td><td>b</td></tr></table>'),
      '- one\n- two\n\na b',
    );
  });

  it('decodes named and numeric entities and leaves unknown ones', () => {
    assert.equal(decodeEntities('&lt;b&gt; &quot;x&quot; &#39;y&#39; &#x2713; &nbsp;&bogus; &#1114112;'), '<b> "x" \'y\' ✓  &bogus; &#1114112;');
    assert.equal(htmlToMarkdown('5 &lt; 6 &amp;&amp; 7 &gt; 6'), '5 < 6 && 7 > 6');
  });
});

describe('cardText', () => {
  it('joins card lines the way Teams renders them', () => {
    assert.equal(cardText('a\nb\n\nc'), 'a\n\nb\n\nc');
    assert.equal(cardText('Steps:\n- one\n- two\n1. three'), 'Steps:\n\n- one\r- two\r1. three');
  });
});
