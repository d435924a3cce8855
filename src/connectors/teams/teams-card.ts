/** The message a Teams incoming webhook or Workflows trigger takes: one Adaptive Card attachment. */
import { htmlToMarkdown } from './html-to-markdown.js';

export type CardJson = Record<string, unknown>;

const CARD_SCHEMA = 'http://adaptivecards.io/schemas/adaptive-card.json';
const ADAPTIVE_CARD = 'application/vnd.microsoft.card.adaptive';

/**
 * Card text from lines. Teams shows a lone `\n` in a TextBlock as a space, so lines are joined with `\n\n`, except
 * list items, which Teams wants joined with `\r` (a blank line between them indents the next one).
 */
export function cardText(markdown: string): string {
  const lines = markdown.split(/\r?\n/).filter((line) => line.trim() !== '');
  let text = '';
  lines.forEach((line, i) => {
    if (i > 0) text += isListItem(line) && isListItem(lines[i - 1] ?? '') ? '\r' : '\n\n';
    text += line;
  });
  return text;
}

function isListItem(line: string): boolean {
  return /^(- |\d+\. )/.test(line);
}

export interface MessageContent {
  readonly subject?: string;
  readonly content: string;
  readonly contentType: 'html' | 'text';
}

/** A card showing the subject in bold over the content (HTML turned into the Markdown cards render). */
export function messageCard(message: MessageContent): CardJson {
  const markdown = message.contentType === 'html' ? htmlToMarkdown(message.content) : message.content;
  const body: CardJson[] = [];
  if (message.subject !== undefined && message.subject.trim() !== '') {
    body.push({ type: 'TextBlock', text: message.subject.trim(), weight: 'Bolder', size: 'Medium', wrap: true });
  }
  body.push({ type: 'TextBlock', text: cardText(markdown), wrap: true });
  return { type: 'AdaptiveCard', $schema: CARD_SCHEMA, version: '1.4', body, msteams: { width: 'Full' } };
}

export function cardMessage(card: CardJson): CardJson {
  return { type: 'message', attachments: [{ contentType: ADAPTIVE_CARD, contentUrl: null, content: card }] };
}
