import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Binary, type Value } from '../../expressions/index.js';
import { parseMailbox } from './mail-address.js';
import { SendEmailInputsSchema, readSendEmailInputs } from './send-email-inputs.js';

const parsedFrom = parseMailbox('Alerts <alerts@contoso.com>');
assert.ok(parsedFrom.ok);
const FROM = parsedFrom.mailbox;

const minimal = { To: 'soc@contoso.com', Subject: 'Alert', Body: '<p>High severity</p>' };

function refusal(body: Value): { field: string; reason: string } {
  const read = readSendEmailInputs(body, FROM);
  assert.equal(read.ok, false, 'expected a refusal');
  return read.ok ? { field: '', reason: '' } : { field: read.field, reason: read.reason };
}

describe('readSendEmailInputs', () => {
  it('maps a minimal body with defaults', () => {
    assert.deepEqual(readSendEmailInputs(minimal, FROM), {
      ok: true,
      message: {
        from: '"Alerts" <alerts@contoso.com>',
        to: ['soc@contoso.com'],
        cc: [],
        bcc: [],
        subject: 'Alert',
        html: '<p>High severity</p>',
        importance: 'Normal',
        attachments: [],
      },
    });
  });

  it('maps every field of the V2 shape', () => {
    const read = readSendEmailInputs(
      {
        ...minimal,
        To: 'a@contoso.com; b@contoso.com',
        Cc: 'c@contoso.com',
        Bcc: 'd@contoso.com;',
        ReplyTo: 'r1@contoso.com; R2 <r2@contoso.com>',
        Importance: 'High',
        From: 'ALERTS@contoso.com',
        Attachments: [
          { Name: 'a.csv', ContentBytes: 'YSxi\r\nCjEsMgo=', ContentType: 'text/csv' },
          { Name: 'b.bin', ContentBytes: new Binary(Uint8Array.from([1, 2, 3])) },
          { Name: 'c.txt', ContentBytes: { $content: 'aGk=', '$content-type': 'text/plain' } },
        ],
      },
      FROM,
    );
    assert.ok(read.ok);
    assert.deepEqual(read.message, {
      from: 'ALERTS@contoso.com',
      to: ['a@contoso.com', 'b@contoso.com'],
      cc: ['c@contoso.com'],
      bcc: ['d@contoso.com'],
      replyTo: 'r1@contoso.com, "R2" <r2@contoso.com>',
      subject: 'Alert',
      html: '<p>High severity</p>',
      importance: 'High',
      attachments: [
        { filename: 'a.csv', contentBase64: 'YSxiCjEsMgo=', contentType: 'text/csv' },
        // Binary's default octet-stream says nothing, so the mailer guesses from the name.
        { filename: 'b.bin', contentBase64: 'AQID' },
        { filename: 'c.txt', contentBase64: 'aGk=', contentType: 'text/plain' },
      ],
    });
  });

  it('treats null and empty optional fields as absent', () => {
    const read = readSendEmailInputs({ ...minimal, Cc: null, Bcc: '', From: '', Importance: '', Attachments: null }, FROM);
    assert.ok(read.ok);
    assert.deepEqual([read.message.cc, read.message.bcc, read.message.importance], [[], [], 'Normal']);
  });

  it('names the field and the reason when refusing', () => {
    assert.deepEqual(refusal({ Subject: 's', Body: 'b' }), { field: 'To', reason: 'is required' });
    assert.deepEqual(refusal({ ...minimal, To: ' ; ' }), { field: 'To', reason: 'must name at least one address' });
    assert.deepEqual(refusal({ ...minimal, Cc: 'ok@contoso.com; bob@' }), {
      field: 'Cc',
      reason: "has an invalid address: 'bob@' is not a valid email address (expected name@domain)",
    });
    assert.deepEqual(refusal({ ...minimal, Importance: 'Urgent' }), { field: 'Importance', reason: "must be Low, Normal or High, not 'Urgent'" });
    assert.deepEqual(refusal({ ...minimal, Subject: 42 }), { field: 'Subject', reason: 'must be a string, not a number' });
    assert.deepEqual(refusal({ To: 'a@contoso.com', Subject: 's' }), { field: 'Body', reason: 'is required' });
    assert.deepEqual(refusal('text'), { field: 'body', reason: 'must be an object with To, Subject and Body' });
    assert.equal(refusal({ ...minimal, Attachments: {} }).field, 'Attachments');
    assert.equal(refusal({ ...minimal, Attachments: [{ ContentBytes: 'aGk=' }] }).field, 'Attachments[0].Name');
    assert.equal(refusal({ ...minimal, Attachments: [{ Name: 'x', ContentBytes: 'not base64!' }] }).field, 'Attachments[0].ContentBytes');
  });

  it('refuses a From other than the connection address, saying which one is allowed', () => {
    const { field, reason } = refusal({ ...minimal, From: 'ceo@contoso.com' });
    assert.equal(field, 'From');
    assert.match(reason, /^must be the connection's from address 'alerts@contoso.com', not 'ceo@contoso.com'; remove From/);
  });

  it('has a described schema for the catalogue', () => {
    assert.deepEqual(SendEmailInputsSchema.required, ['To', 'Subject', 'Body']);
    assert.equal(SendEmailInputsSchema.properties.Importance.default, 'Normal');
    for (const [name, property] of Object.entries(SendEmailInputsSchema.properties)) {
      assert.ok(typeof property.description === 'string' && property.description.length > 0, `${name} has a description`);
    }
  });
});
