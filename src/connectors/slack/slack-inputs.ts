/** What workflows send to Slack's PostMessage: a chat.postMessage body, or (older Logic Apps shape) the same as queries. */
import { type Static, Type } from '@sinclair/typebox';
import { type Value, isObject } from '../../expressions/index.js';

const optionalText = (description: string) => Type.Optional(Type.String({ description }));

export const PostMessageInputs = Type.Object(
  {
    channel: Type.Optional(
      Type.String({
        minLength: 1,
        description: 'Channel ID (C0123ABCD) or name (#security). Not used with an incoming webhook, which posts to its own channel.',
      }),
    ),
    text: optionalText('The message, in Slack mrkdwn; with blocks it is the notification fallback.'),
    blocks: Type.Optional(
      Type.Array(Type.Object({ type: Type.String({ description: 'Block type: section, divider, …' }) }), {
        description: 'Block Kit layout blocks.',
      }),
    ),
    username: optionalText("Bot name to show instead of the app's (needs chat:write.customize)."),
    icon_emoji: optionalText('Emoji to show as the icon, e.g. :rotating_light:.'),
    icon_url: optionalText('Image URL to show as the icon.'),
    thread_ts: optionalText("Reply in the thread of this message's ts."),
    mrkdwn: Type.Optional(Type.Boolean({ description: 'Whether text is formatted as mrkdwn (default true).' })),
    unfurl_links: Type.Optional(Type.Boolean({ description: 'Whether link previews are shown.' })),
  },
  { description: 'A Slack chat.postMessage request. channel and text may also be given as queries, as older workflows do.' },
);
export type PostMessageInputs = Static<typeof PostMessageInputs>;

const QUERY_FIELDS = ['channel', 'text', 'username', 'icon_emoji', 'icon_url', 'thread_ts'] as const;

/** The body with the fields the older shape passes as queries filled in from them (the body wins). */
export function mergeQueries(body: Value, queries: Readonly<Record<string, string>>): Value {
  const merged: Record<string, Value> = {};
  for (const field of QUERY_FIELDS) {
    const value = queries[field];
    if (value !== undefined) merged[field] = value;
  }
  if (body === null && Object.keys(merged).length === 0) return null;
  if (!isObject(body) && body !== null) return body; // Left for the schema check to refuse.
  return { ...merged, ...(body ?? {}) };
}
