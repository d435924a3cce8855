/**
 * The body of "Send an email (V2)" (`POST /v2/Mail`, also the older `POST /Mail`): its TypeBox schema, shown in
 * the connector catalogue, and its reading into a `MailMessage`. Reading checks everything the schema says and
 * more (address syntax, base64), and names the field in every refusal.
 */
import { type TSchema, Type } from '@sinclair/typebox';
import { Binary, type JsonObject, type Value, isObject } from '../../expressions/index.js';
import type { MailAttachment, MailMessage } from '../connector.js';
import { type Mailbox, parseMailbox, parseMailboxList, sameAddress } from './mail-address.js';

const IMPORTANCE = ['Low', 'Normal', 'High'] as const;
type Importance = (typeof IMPORTANCE)[number];

/**
 * Optional fields also take null: `@triggerBody()?['x']` yields null when the property is absent. The description
 * and default move up to the union, where the catalogue shows them.
 */
const Optional = <T extends TSchema>(schema: T) => {
  const { description, default: fallback } = schema;
  const shown = { ...(description === undefined ? {} : { description }), ...(fallback === undefined ? {} : { default: fallback }) };
  return Type.Optional(Type.Union([schema, Type.Null()], shown));
};
const AddressList = (description: string) =>
  Type.String({ description: `${description} Separate addresses with semicolons: 'a@contoso.com; b@contoso.com'.` });

const AttachmentSchema = Type.Object(
  {
    Name: Type.String({ minLength: 1, description: 'File name shown to the recipient, e.g. report.csv.' }),
    ContentBytes: Type.Union(
      [
        Type.String({ contentEncoding: 'base64', description: 'The file content, base64-encoded.' }),
        Type.Object(
          { $content: Type.String({ contentEncoding: 'base64' }), '$content-type': Type.Optional(Type.String()) },
          { description: "Binary content as an expression such as base64ToBinary() yields it." },
        ),
      ],
      { description: 'The file content: a base64 string, or binary content.' },
    ),
    ContentType: Optional(Type.String({ description: 'MIME type, e.g. text/csv. Guessed from the name when absent.' })),
  },
  { description: 'A file attached to the email.' },
);

export const SendEmailInputsSchema = Type.Object(
  {
    To: AddressList('Recipients.'),
    Subject: Type.String({ description: 'Subject line.' }),
    Body: Type.String({ description: 'The message body, as HTML.' }),
    From: Optional(Type.String({ description: "Send as this address; it must be the connection's from address." })),
    Cc: Optional(AddressList('Copy recipients.')),
    Bcc: Optional(AddressList('Blind copy recipients (not shown to the others).')),
    ReplyTo: Optional(AddressList('Addresses replies go to.')),
    Importance: Optional(
      Type.Union(
        IMPORTANCE.map((value) => Type.Literal(value)),
        { default: 'Normal', description: 'Low, Normal or High; sets the Importance and X-Priority headers.' },
      ),
    ),
    Attachments: Optional(Type.Array(AttachmentSchema, { description: 'Files attached to the email.' })),
  },
  { description: 'An email to send, in the shape of the Office 365 Outlook "Send an email (V2)" action.' },
);

export type SendEmailRead =
  | { readonly ok: true; readonly message: Omit<MailMessage, 'messageId'> }
  | { readonly ok: false; readonly field: string; readonly reason: string };

/** Reads a body against the connection's own From mailbox. */
export function readSendEmailInputs(body: Value, connectionFrom: Mailbox): SendEmailRead {
  try {
    if (!isObject(body)) throw new Refusal('body', 'must be an object with To, Subject and Body');
    const to = addresses(body, 'To', true);
    const replyTo = addresses(body, 'ReplyTo', false);
    return {
      ok: true,
      message: {
        from: readFrom(text(body, 'From', false), connectionFrom).text,
        to,
        cc: addresses(body, 'Cc', false),
        bcc: addresses(body, 'Bcc', false),
        ...(replyTo.length > 0 ? { replyTo: replyTo.join(', ') } : {}),
        subject: text(body, 'Subject', true) ?? '',
        html: text(body, 'Body', true) ?? '',
        importance: readImportance(text(body, 'Importance', false)),
        attachments: readAttachments(body['Attachments']),
      },
    };
  } catch (error) {
    if (error instanceof Refusal) return { ok: false, field: error.field, reason: error.reason };
    throw error;
  }
}

/** Thrown inside this module only, so each reader stays a straight line. */
class Refusal extends Error {
  constructor(
    readonly field: string,
    readonly reason: string,
  ) {
    super(`${field} ${reason}`);
  }
}

function text(body: JsonObject, field: string, required: boolean): string | undefined {
  const value = body[field];
  if (value === undefined || value === null) {
    if (required) throw new Refusal(field, 'is required');
    return undefined;
  }
  if (typeof value !== 'string') throw new Refusal(field, `must be a string, not ${describe(value)}`);
  return value;
}

function addresses(body: JsonObject, field: string, required: boolean): string[] {
  const parsed = parseMailboxList(text(body, field, required) ?? '');
  if (!parsed.ok) throw new Refusal(field, `has an invalid address: ${parsed.reason}`);
  if (required && parsed.mailboxes.length === 0) throw new Refusal(field, 'must name at least one address');
  return parsed.mailboxes.map((mailbox) => mailbox.text);
}

/** The connection decides who sends; an override may only restate that address (perhaps with a display name). */
function readFrom(raw: string | undefined, connectionFrom: Mailbox): Mailbox {
  if (raw === undefined || raw.trim() === '') return connectionFrom;
  const parsed = parseMailbox(raw);
  if (!parsed.ok) throw new Refusal('From', `is invalid: ${parsed.reason}`);
  if (!sameAddress(parsed.mailbox, connectionFrom)) {
    throw new Refusal(
      'From',
      `must be the connection's from address '${connectionFrom.address}', not '${parsed.mailbox.address}'; ` +
        'remove From, or use a connection whose from address is the one to send as',
    );
  }
  return parsed.mailbox;
}

function readImportance(raw: string | undefined): Importance {
  if (raw === undefined || raw === '') return 'Normal';
  const found = IMPORTANCE.find((value) => value === raw);
  if (found === undefined) throw new Refusal('Importance', `must be Low, Normal or High, not '${raw}'`);
  return found;
}

function readAttachments(raw: Value | undefined): MailAttachment[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) throw new Refusal('Attachments', `must be an array, not ${describe(raw)}`);
  return raw.map((item, index) => {
    const field = `Attachments[${index}]`;
    if (!isObject(item)) throw new Refusal(field, 'must be an object with Name and ContentBytes');
    const name = item['Name'];
    if (typeof name !== 'string' || name.trim() === '') throw new Refusal(`${field}.Name`, 'is required (a file name)');
    const content = readContent(item['ContentBytes']);
    if (content === undefined) throw new Refusal(`${field}.ContentBytes`, 'must be the file content as a base64 string');
    const contentType = text(item, 'ContentType', false) ?? content.contentType;
    return { filename: name, contentBase64: content.base64, ...(contentType ? { contentType } : {}) };
  });
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const UNTYPED = 'application/octet-stream';

/** A base64 string, `Binary` from base64ToBinary(), or that binary's JSON form `{$content, $content-type}`. */
function readContent(raw: Value | undefined): { base64: string; contentType?: string } | undefined {
  let base64: string;
  let contentType: unknown;
  if (raw instanceof Binary) {
    base64 = Buffer.from(raw.bytes).toString('base64');
    contentType = raw.contentType;
  } else if (isObject(raw) && typeof raw['$content'] === 'string') {
    base64 = raw['$content'];
    contentType = raw['$content-type'];
  } else if (typeof raw === 'string') {
    base64 = raw;
  } else {
    return undefined;
  }
  // Base64 from other systems is often wrapped at 76 columns.
  base64 = base64.replace(/\s+/g, '');
  if (!BASE64.test(base64)) return undefined;
  // octet-stream says nothing; the mailer guesses better from the file name.
  return typeof contentType === 'string' && contentType !== UNTYPED ? { base64, contentType } : { base64 };
}

function describe(value: Value): string {
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}
