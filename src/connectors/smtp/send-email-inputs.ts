/**
 * The body of "Send an email (V2)" (`POST /v2/Mail`, also the older `POST /Mail`): its TypeBox schema, shown in
 * the connector catalogue, and its reading into a `MailMessage`. Reading checks the body against that schema, then
 * what a schema cannot say (address syntax, the From rule, base64), and names the field in every refusal.
 */
import { type Static, type TSchema, Type } from '@sinclair/typebox';
import type { Value } from '../../expressions/index.js';
import type { MailAttachment, MailMessage } from '../connector.js';
import { ConnectorInputError, checkInputs } from '../validate-inputs.js';
import { type Mailbox, parseMailbox, parseMailboxList, sameAddress } from './mail-address.js';

// '' as well: an expression that picks no importance yields it, and it means Normal, like an absent field.
const IMPORTANCE = ['Low', 'Normal', 'High', ''] as const;

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
        { default: 'Normal', description: 'Low, Normal or High (empty means Normal); sets the Importance and X-Priority headers.' },
      ),
    ),
    Attachments: Optional(Type.Array(AttachmentSchema, { description: 'Files attached to the email.' })),
  },
  { description: 'An email to send, in the shape of the Office 365 Outlook "Send an email (V2)" action.' },
);

export type SendEmailInputs = Static<typeof SendEmailInputsSchema>;
type AttachmentInputs = Static<typeof AttachmentSchema>;

/**
 * Reads a body against the connection's own From mailbox: first the published schema (so what the catalogue shows
 * is what is checked), then what a schema cannot say (address syntax, the From rule, base64). Throws
 * `ConnectorInputError` naming the field as `body.To`, as every connector does.
 */
export function readSendEmailInputs(body: Value, connectionFrom: Mailbox): Omit<MailMessage, 'messageId'> {
  const inputs = checkInputs(SendEmailInputsSchema, body);
  const replyTo = addresses(inputs.ReplyTo, 'ReplyTo', false);
  return {
    from: readFrom(inputs.From ?? undefined, connectionFrom).text,
    to: addresses(inputs.To, 'To', true),
    cc: addresses(inputs.Cc, 'Cc', false),
    bcc: addresses(inputs.Bcc, 'Bcc', false),
    ...(replyTo.length > 0 ? { replyTo: replyTo.join(', ') } : {}),
    subject: inputs.Subject,
    html: inputs.Body,
    importance: inputs.Importance === undefined || inputs.Importance === null || inputs.Importance === '' ? 'Normal' : inputs.Importance,
    attachments: (inputs.Attachments ?? []).map(readAttachment),
  };
}

function refuse(field: string, reason: string): never {
  const path = `body.${field}`;
  throw new ConnectorInputError(`The input '${path}' ${reason}.`, path);
}

function addresses(raw: string | null | undefined, field: string, required: boolean): string[] {
  const parsed = parseMailboxList(raw ?? '');
  if (!parsed.ok) refuse(field, `has an invalid address: ${parsed.reason}`);
  if (required && parsed.mailboxes.length === 0) refuse(field, 'must name at least one address');
  return parsed.mailboxes.map((mailbox) => mailbox.text);
}

/** The connection decides who sends; an override may only restate that address (perhaps with a display name). */
function readFrom(raw: string | undefined, connectionFrom: Mailbox): Mailbox {
  if (raw === undefined || raw.trim() === '') return connectionFrom;
  const parsed = parseMailbox(raw);
  if (!parsed.ok) refuse('From', `is invalid: ${parsed.reason}`);
  if (!sameAddress(parsed.mailbox, connectionFrom)) {
    refuse(
      'From',
      `must be the connection's from address '${connectionFrom.address}', not '${parsed.mailbox.address}'; ` +
        'remove From, or use a connection whose from address is the one to send as',
    );
  }
  return parsed.mailbox;
}

function readAttachment(item: AttachmentInputs, index: number): MailAttachment {
  const field = `Attachments[${index}]`;
  if (item.Name.trim() === '') refuse(`${field}.Name`, 'must be a file name');
  const content = readContent(item.ContentBytes);
  if (content === undefined) refuse(`${field}.ContentBytes`, 'must be the file content as a base64 string');
  const contentType = item.ContentType ?? content.contentType;
  return { filename: item.Name, contentBase64: content.base64, ...(contentType ? { contentType } : {}) };
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const UNTYPED = 'application/octet-stream';

/** A base64 string, or binary content in its JSON form `{$content, $content-type}` (what base64ToBinary() yields). */
function readContent(raw: AttachmentInputs['ContentBytes']): { base64: string; contentType?: string } | undefined {
  const [text, contentType] = typeof raw === 'string' ? [raw, undefined] : [raw.$content, raw['$content-type']];
  // Base64 from other systems is often wrapped at 76 columns.
  const base64 = text.replace(/\s+/g, '');
  if (!BASE64.test(base64)) return undefined;
  // octet-stream says nothing; the mailer guesses better from the file name.
  return contentType !== undefined && contentType !== UNTYPED ? { base64, contentType } : { base64 };
}
