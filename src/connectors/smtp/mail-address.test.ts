import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseMailbox, parseMailboxList } from './mail-address.js';

describe('parseMailbox', () => {
  it('reads a bare address and a display-name form', () => {
    assert.deepEqual(parseMailbox(' soc@contoso.com '), { ok: true, mailbox: { address: 'soc@contoso.com', text: 'soc@contoso.com' } });
    assert.deepEqual(parseMailbox('Security Team <soc@contoso.com>'), {
      ok: true,
      mailbox: { address: 'soc@contoso.com', displayName: 'Security Team', text: '"Security Team" <soc@contoso.com>' },
    });
    assert.deepEqual(parseMailbox('"Doe, \\"J\\"" <j.doe+alerts@mail.contoso.com>'), {
      ok: true,
      mailbox: { address: 'j.doe+alerts@mail.contoso.com', displayName: 'Doe, "J"', text: '"Doe, \\"J\\"" <j.doe+alerts@mail.contoso.com>' },
    });
  });

  it('accepts internationalised addresses and single-label domains', () => {
    assert.equal(parseMailbox('søren@exämple.dk').ok, true);
    assert.equal(parseMailbox('alerts@localhost').ok, true);
  });

  it('refuses what is not an address, with the text in the reason', () => {
    for (const bad of ['bob', 'bob@', '@contoso.com', 'a b@contoso.com', 'a..b@contoso.com', 'bob@-contoso.com', 'x <y>', '']) {
      const parsed = parseMailbox(bad);
      assert.equal(parsed.ok, false, bad);
      if (!parsed.ok) assert.match(parsed.reason, /not a valid email address/);
    }
    assert.equal(parseMailbox(`${'a'.repeat(65)}@contoso.com`).ok, false);
  });

  it('refuses line breaks, which would inject headers', () => {
    const parsed = parseMailbox('a@contoso.com\r\nBcc: victim@contoso.com');
    assert.equal(parsed.ok, false);
    if (!parsed.ok) assert.match(parsed.reason, /control character/);
    assert.equal(parseMailbox('Evil\n <a@contoso.com>').ok, false);
  });
});

describe('parseMailboxList', () => {
  it('splits on semicolons and skips empty entries', () => {
    const parsed = parseMailboxList('a@contoso.com; B <b@contoso.com>;;c@contoso.com;');
    assert.equal(parsed.ok, true);
    if (parsed.ok) assert.deepEqual(parsed.mailboxes.map((m) => m.address), ['a@contoso.com', 'b@contoso.com', 'c@contoso.com']);
    assert.deepEqual(parseMailboxList(' ; '), { ok: true, mailboxes: [] });
  });

  it('names the bad entry, and hints at semicolons when commas were used', () => {
    assert.deepEqual(parseMailboxList('a@contoso.com; nope'), {
      ok: false,
      reason: "'nope' is not a valid email address (expected name@domain)",
    });
    const commas = parseMailboxList('a@contoso.com, b@contoso.com');
    assert.equal(commas.ok, false);
    if (!commas.ok) assert.match(commas.reason, /separate addresses with ';', not ','/);
  });
});
