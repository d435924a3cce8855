/**
 * A button for something the user may not be allowed to do: when the permission check denies it, the button is
 * disabled and says why (`title`, and a visible note unless `reason="tooltip"`), instead of hiding or failing later.
 */
import { type ButtonHTMLAttributes, Fragment, type ReactNode, useId } from 'react';
import type { Check } from '../api/permissions';

export type ButtonVariant = 'primary' | 'default' | 'danger' | 'subtle';

export interface ActionButtonProps extends Omit<ButtonHTMLAttributes<HTMLButtonElement>, 'type'> {
  /** The permission check; omitted means always allowed. */
  readonly check?: Check;
  readonly variant?: ButtonVariant;
  /** Shows a spinner and disables the button while an action runs. */
  readonly busy?: boolean;
  /** `inline` (default): the reason is shown beside the button; `tooltip`: only as its title (rows of a table). */
  readonly reason?: 'inline' | 'tooltip';
  readonly icon?: ReactNode;
  readonly type?: 'button' | 'submit';
}

export function ActionButton({ check, variant = 'default', busy = false, reason = 'inline', icon, children, disabled, title, className, type = 'button', ...rest }: ActionButtonProps) {
  const reasonId = useId();
  const denied = check !== undefined && check.state === 'denied' ? check.reason : undefined;
  const checking = check !== undefined && check.state === 'checking';
  const classes = ['button', `button-${variant}`, className].filter(Boolean).join(' ');
  return (
    <span className="action">
      <button
        {...rest}
        type={type}
        className={classes}
        disabled={disabled === true || busy || checking || denied !== undefined}
        title={denied ?? (checking ? 'Checking your permissions…' : title)}
        aria-describedby={denied === undefined ? undefined : reasonId}
        aria-busy={busy || undefined}
      >
        {busy ? <span className="spinner" aria-hidden="true" /> : icon}
        {children}
      </button>
      {denied === undefined ? null : (
        <span id={reasonId} className={reason === 'inline' ? 'action-reason' : 'visually-hidden'}>
          {breakable(denied)}
        </span>
      )}
    </span>
  );
}

/** Action strings are long words: let them wrap after each `/`. */
function breakable(text: string): ReactNode {
  return text.split('/').map((part, index) => (
    <Fragment key={index}>
      {index === 0 ? null : (
        <>
          /<wbr />
        </>
      )}
      {part}
    </Fragment>
  ));
}
