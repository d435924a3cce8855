/** Pretty-printed JSON with keys, strings, numbers and literals coloured (React escapes the text; no HTML is built). */
import { type ReactNode, useMemo } from 'react';
import '../styles/events.css';

const TOKEN = /("(?:\\u[0-9a-fA-F]{4}|\\[^u]|[^\\"])*")(\s*:)?|\b(true|false|null)\b|(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)/g;

function highlight(json: string): ReactNode[] {
  const parts: ReactNode[] = [];
  let last = 0;
  for (const match of json.matchAll(TOKEN)) {
    const index = match.index;
    if (index > last) parts.push(json.slice(last, index));
    const [whole, string, colon, literal, number] = match;
    const key = parts.length;
    if (string !== undefined) {
      parts.push(
        <span key={key} className={colon === undefined ? 'json-string' : 'json-key'}>
          {string}
        </span>,
      );
      if (colon !== undefined) parts.push(colon);
    } else if (literal !== undefined) {
      parts.push(
        <span key={key} className="json-literal">
          {literal}
        </span>,
      );
    } else if (number !== undefined) {
      parts.push(
        <span key={key} className="json-number">
          {number}
        </span>,
      );
    }
    last = index + whole.length;
  }
  if (last < json.length) parts.push(json.slice(last));
  return parts;
}

export function JsonView({ value, label, className }: { readonly value: unknown; readonly label: string; readonly className?: string }) {
  const parts = useMemo(() => highlight(JSON.stringify(value, null, 2) ?? 'undefined'), [value]);
  return (
    // Scrollable, so it takes focus to scroll with the keyboard.
    <pre className={['json-view', className].filter(Boolean).join(' ')} aria-label={label} tabIndex={0}>
      <code>{parts}</code>
    </pre>
  );
}
