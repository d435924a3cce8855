/**
 * Turns the HTML that Teams actions carry (`<p>Alert: …<br>Link: <a href="…">…</a></p>`) into the Markdown subset
 * an Adaptive Card TextBlock renders: bold, italic, links and lists. Everything else becomes plain text.
 * Not an HTML parser: it handles the markup workflows write, and never fails on anything else.
 */

const NAMED_ENTITIES: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  ndash: '–',
  mdash: '—',
  hellip: '…',
  lsquo: '‘',
  rsquo: '’',
  ldquo: '“',
  rdquo: '”',
  laquo: '«',
  raquo: '»',
  bull: '•',
  middot: '·',
  copy: '©',
  reg: '®',
  trade: '™',
  euro: '€',
};

export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (entity, name: string) => {
    if (name.startsWith('#')) {
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : entity;
    }
    return NAMED_ENTITIES[name.toLowerCase()] ?? entity;
  });
}

const BLOCK_TAGS = 'p|div|h[1-6]|ul|ol|table|tr|blockquote|pre|section|article|header|footer|hr';
const LINK = /<a\b[^>]*?\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))[^>]*>(.*?)<\/a\s*>/gi;

function stripTags(html: string): string {
  return html.replace(/<[^>]*>/g, '');
}

function link(_match: string, double?: string, single?: string, bare?: string, inner = ''): string {
  const href = decodeEntities(double ?? single ?? bare ?? '').trim();
  const text = stripTags(inner).trim();
  // Only web and mail links become links; a javascript: or relative href leaves just its text.
  if (!/^(https?:|mailto:)/i.test(href)) return text;
  return text === '' || decodeEntities(text) === href ? href : `[${text}](${href})`;
}

/** Markdown text: `\n` for each line break, a blank line between paragraphs. */
export function htmlToMarkdown(html: string): string {
  const text = html
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<(script|style|head|title)\b[\s\S]*?<\/\1\s*>/gi, '')
    .replace(/\s+/g, ' ') // HTML whitespace: any run is one space
    .replace(LINK, link)
    .replace(/<(b|strong)\b[^>]*>(.*?)<\/\1\s*>/gi, (_m, _tag, inner: string) => emphasis('**', inner))
    .replace(/<(i|em)\b[^>]*>(.*?)<\/\1\s*>/gi, (_m, _tag, inner: string) => emphasis('_', inner))
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<li\b[^>]*>/gi, '\n- ')
    .replace(new RegExp(`</?(?:${BLOCK_TAGS})\\b[^>]*>`, 'gi'), '\n\n')
    .replace(/<\/t[dh]\s*>/gi, ' ');
  const lines = decodeEntities(stripTags(text))
    .split('\n')
    .map((line) => line.replace(/[ \t]+/g, ' ').trim());
  return lines.join('\n').replace(/\n{3,}/g, '\n\n').trim();
}

/** `**bold**` needs the markers against the words: `<b> x </b>` becomes ` **x** `. */
function emphasis(marker: string, inner: string): string {
  const trimmed = inner.trim();
  if (trimmed === '') return inner;
  const lead = inner.startsWith(' ') ? ' ' : '';
  const trail = inner.endsWith(' ') ? ' ' : '';
  return `${lead}${marker}${trimmed}${marker}${trail}`;
}
