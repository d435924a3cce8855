/** What workflows send to the Teams operations: the channel message (V3) and the Flow bot's message and card. */
import { type Static, Type } from '@sinclair/typebox';

export const ChannelMessageInputs = Type.Object(
  {
    body: Type.Object(
      {
        content: Type.String({ description: 'The message. HTML (<p>, <br>, <b>, <i>, <a href>, lists) is shown as card text.' }),
        contentType: Type.Optional(
          Type.Unsafe<'html' | 'text'>({ type: 'string', enum: ['html', 'text'], description: 'How to read content: html (default) or text.' }),
        ),
      },
      { description: 'The message body.' },
    ),
    subject: Type.Optional(Type.String({ description: 'A title, shown in bold above the message.' })),
  },
  { description: 'A channel message, as the Post a message (V3) action sends it.' },
);
export type ChannelMessageInputs = Static<typeof ChannelMessageInputs>;

const Recipient = Type.Optional(
  Type.Union(
    [
      Type.Object({
        groupId: Type.Optional(Type.String({ description: 'The team id.' })),
        channelId: Type.Optional(Type.String({ description: 'The channel id.' })),
      }),
      Type.String(),
    ],
    { description: "Where the Flow bot posts. Here the connection's webhook decides the channel; this is accepted and not used." },
  ),
);

export const ConversationMessageInputs = Type.Object(
  {
    recipient: Recipient,
    messageBody: Type.String({ description: 'The message, in HTML.' }),
  },
  { description: 'A message, as the Flow bot actions send it.' },
);
export type ConversationMessageInputs = Static<typeof ConversationMessageInputs>;

export const ConversationCardInputs = Type.Object(
  {
    recipient: Recipient,
    messageBody: Type.Union([Type.Object({}), Type.String()], {
      description: 'The Adaptive Card: its JSON object, or that JSON as text.',
    }),
  },
  { description: 'An Adaptive Card, as the Flow bot card actions send it.' },
);
export type ConversationCardInputs = Static<typeof ConversationCardInputs>;
