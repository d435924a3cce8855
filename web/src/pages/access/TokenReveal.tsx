/** A token shown the only time it exists in clear: a warning, the value, and a copy button. */
import { useRef, useState } from 'react';
import { InlineAlert } from '../../components/InlineAlert';

export function TokenReveal({ token, expiresTime, subject }: { readonly token: string; readonly expiresTime?: string | undefined; readonly subject: string }) {
  const [copied, setCopied] = useState<'yes' | 'no' | undefined>(undefined);
  const field = useRef<HTMLInputElement>(null);
  const copy = async () => {
    try {
      // The clipboard API exists only on secure origins (https or localhost); elsewhere the selected text is copied.
      if (navigator.clipboard !== undefined) await navigator.clipboard.writeText(token);
      else {
        field.current?.select();
        if (!document.execCommand('copy')) throw new Error('copy refused');
      }
      setCopied('yes');
    } catch {
      field.current?.select();
      setCopied('no');
    }
  };
  return (
    <div className="access-token">
      <InlineAlert kind="warning" title="Copy this token now: it is shown only once">
        Riposte keeps only a hash of it, so it cannot be shown again. Anyone holding it acts as {subject}; store it in a secret store. If it is lost,
        issue a new one and revoke this one.
      </InlineAlert>
      <div className="access-token-value">
        <input ref={field} className="input" readOnly value={token} aria-label={`Token of ${subject}`} onFocus={(event) => event.target.select()} spellCheck={false} />
        <button type="button" className="button button-primary" onClick={() => void copy()}>
          Copy
        </button>
      </div>
      <span className="field-hint" role="status">
        {copied === 'yes' ? 'Copied to the clipboard.' : copied === 'no' ? 'Could not copy automatically: the token is selected, press Ctrl+C.' : null}
        {expiresTime === undefined ? ' It does not expire.' : ` It expires ${new Date(expiresTime).toLocaleString()}.`}
      </span>
    </div>
  );
}
