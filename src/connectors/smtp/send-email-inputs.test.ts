import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Binary, type Value } from '../../expressions/index.js';
import { ConnectorInputError, checkInputs } from '../validate-inputs.js';
import { parseMailbox } from './mail-address.js';
import { SendEmailInputsSchema, readSendEmailInputs } from './send-email-inputs.js';

const parsedFrom = parseMailbox('Alerts <alerts@contoso.com>');
assert.ok(parsedFrom.ok);
const FROM = parsedFrom.mailbox;

const minimal = { To: 'soc@contoso.com', Subject: 'Alert', Body: '<p>High severity</p>' };

function refusal(body: Value): { field: string | undefined; message: string } {
  try {
    readSendEmailInputs(body, FROM);
  } catch (error) {
    assert.ok(error instanceof ConnectorInputError);
    return { field: error.field, message: error.message };
  }
  assert.fail('expected a refusal');
}

describe('readSendEmailInputs', () => {
  it('maps a minimal body with defaults', () => {
    assert.deepEqual(readSendEmailInputs(minimal, FROM), {
      from: '"Alerts" <alerts@contoso.com>',
      to: ['soc@contoso.com'],
      cc: [],
      bcc: [],
      subject: 'Alert',
      html: '<p>High severity</p>',
      importance: 'Normal',
      attachments: [],
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
    assert.deepEqual(read, {
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
    assert.deepEqual([read.cc, read.bcc, read.importance], [[], [], 'Normal']);
    assert.equal(readSendEmailInputs({ ...minimal, Importance: null, From: null }, FROM).importance, 'Normal');
  });

  it("names the field as 'body.To', as every connector does", () => {
    const refused = (body: Value, field: string, message: string) => assert.deepEqual(refusal(body), { field, message });
    refused({ Subject: 's', Body: 'b' }, 'body.To', "The input 'body.To' is required.");
    refused({ ...minimal, To: ' ; ' }, 'body.To', "The input 'body.To' must name at least one address.");
    refused({ ...minimal, Cc: 'ok@contoso.com; bob@' }, 'body.Cc', "The input 'body.Cc' has an invalid address: 'bob@' is not a valid email address (expected name@domain).");
    refused({ ...minimal, Cc: 5 }, 'body.Cc', "The input 'body.Cc' must be a string.");
    refused({ ...minimal, Importance: 'Urgent' }, 'body.Importance', "The input 'body.Importance' must be one of Low, Normal, High, ''.");
    refused({ ...minimal, Subject: 42 }, 'body.Subject', "The input 'body.Subject' must be a string.");
    refused({ To: 'a@contoso.com', Subject: 's' }, 'body.Body', "The input 'body.Body' is required.");
    refused('text', 'body', "The input 'body' must be an object.");
    refused({ ...minimal, Attachments: {} }, 'body.Attachments', "The input 'body.Attachments' must be an array.");
    refused({ ...minimal, Attachments: [{ ContentBytes: 'aGk=' }] }, 'body.Attachments[0].Name', "The input 'body.Attachments[0].Name' is required.");
    refused({ ...minimal, Attachments: [{ Name: ' ', ContentBytes: 'aGk=' }] }, 'body.Attachments[0].Name', "The input 'body.Attachments[0].Name' must be a file name.");
    assert.equal(refusal({ ...minimal, Attachments: [{ Name: 'x', ContentBytes: 'not base64!' }] }).field, 'body.Attachments[0].ContentBytes');
  });

  it('refuses exactly what the published schema refuses, before its own checks', () => {
    const bodies: Value[] = [
      minimal,
      { ...minimal, Importance: 'Urgent' },
      { ...minimal, Subject: null },
      { ...minimal, Bcc: ['a@contoso.com'] },
      { ...minimal, Attachments: [{ Name: 'a', ContentBytes: 5 }] },
      { ...minimal, Attachments: [{ Name: 'a', ContentBytes: 'aGk=', ContentType: 7 }] },
      { ...minimal, Attachments: [{ Name: 'b', ContentBytes: new Binary(Uint8Array.from([1])) }] },
    ];
    for (const body of bodies) {
      let schemaProblem: string | undefined;
      try {
        checkInputs(SendEmailInputsSchema, body);
      } catch (error) {
        schemaProblem = (error as Error).message;
      }
      let readProblem: string | undefined;
      try {
        readSendEmailInputs(body, FROM);
      } catch (error) {
        readProblem = (error as Error).message;
      }
      assert.equal(readProblem, schemaProblem, JSON.stringify(body));
    }
  });

  it('refuses a From other than the connection address, saying which one is allowed', () => {
    const { field, message } = refusal({ ...minimal, From: 'ceo@contoso.com' });
    assert.equal(field, 'body.From');
    assert.match(message, /^The input 'body.From' must be the connection's from address 'alerts@contoso.com', not 'ceo@contoso.com'; remove From/);
  });

  it('has a described schema for the catalogue', () => {
    assert.deepEqual(SendEmailInputsSchema.required, ['To', 'Subject', 'Body']);
    assert.equal(SendEmailInputsSchema.properties.Importance.default, 'Normal');
    for (const [name, property] of Object.entries(SendEmailInputsSchema.properties)) {
      assert.ok(typeof property.description === 'string' && property.description.length > 0, `${name} has a description`);
    }
  });
});
