/**
 * Email address syntax as workflows write it: `name@domain` or `Display Name <name@domain>`, lists separated by
 * semicolons (the Logic Apps convention). A pragmatic subset of RFC 5322: it catches typos and header injection,
 * and leaves deliverability to the server.
 */

export interface Mailbox {
  /** `name@domain`, as written. */
  readonly address: string;
  readonly displayName?: string;
  /** The form handed to the mailer: the address, or `"Display Name" <address>`. */
  readonly text: string;
}

export type MailboxParse = { readonly ok: true; readonly mailbox: Mailbox } | { readonly ok: false; readonly reason: string };
export type MailboxListParse =
  | { readonly ok: true; readonly mailboxes: readonly Mailbox[] }
  | { readonly ok: false; readonly reason: string };

const ATOM = "[\\p{L}\\p{N}!#$%&'*+/=?^_`{|}~-]+";
const LABEL = '[\\p{L}\\p{N}](?:[\\p{L}\\p{N}-]{0,61}[\\p{L}\\p{N}])?';
const ADDRESS = new RegExp(`^(${ATOM}(?:\\.${ATOM})*)@(${LABEL}(?:\\.${LABEL})*)$`, 'u');
const NAMED = /^(.*?)\s*<([^<>]*)>$/su;
// eslint-disable-next-line no-control-regex -- control characters are exactly what must not reach a header.
const CONTROL = /[\u0000-\u001f\u007f]/u;

export function parseMailbox(raw: string): MailboxParse {
  const text = raw.trim();
  if (CONTROL.test(text)) return { ok: false, reason: `'${printable(text)}' contains a line break or control character` };
  const named = NAMED.exec(text);
  const address = (named ? named[2] : text)?.trim() ?? '';
  const match = ADDRESS.exec(address);
  if (!match || (match[1]?.length ?? 0) > 64 || address.length > 254) {
    return { ok: false, reason: `'${text}' is not a valid email address (expected name@domain)` };
  }
  const displayName = named ? unquote(named[1]?.trim() ?? '') : '';
  if (displayName === '') return { ok: true, mailbox: { address, text: address } };
  if (/[<>]/.test(displayName)) return { ok: false, reason: `'${text}' has '<' or '>' in its display name` };
  const quoted = displayName.replace(/[\\"]/g, (c) => `\\${c}`);
  return { ok: true, mailbox: { address, displayName, text: `"${quoted}" <${address}>` } };
}

/** Semicolon-separated; empty entries (a trailing `;`) are ignored. */
export function parseMailboxList(raw: string): MailboxListParse {
  const mailboxes: Mailbox[] = [];
  for (const entry of raw.split(';')) {
    if (entry.trim() === '') continue;
    const parsed = parseMailbox(entry);
    if (!parsed.ok) {
      const hint = entry.includes(',') ? "; separate addresses with ';', not ','" : '';
      return { ok: false, reason: parsed.reason + hint };
    }
    mailboxes.push(parsed.mailbox);
  }
  return { ok: true, mailboxes };
}

export function sameAddress(a: Mailbox, b: Mailbox): boolean {
  return a.address.toLowerCase() === b.address.toLowerCase();
}

function unquote(name: string): string {
  if (name.length >= 2 && name.startsWith('"') && name.endsWith('"')) return name.slice(1, -1).replace(/\\(.)/g, '$1');
  return name;
}

function printable(text: string): string {
  return JSON.stringify(text).slice(1, -1);
}
