/**
 * A side pane holding one form: the form's own error at its top, and in the footer the submit button (busy while
 * saving, disabled when the permission check denies it) and Cancel.
 */
import type { FormEvent, ReactNode } from 'react';
import type { Check } from '../api/permissions';
import { ActionButton } from './ActionButton';
import { FormError } from './FormError';
import { SidePane } from './SidePane';

export interface FormPaneProps {
  readonly title: string;
  readonly subtitle?: string;
  readonly onClose: () => void;
  /** The form's id, which the footer's submit button names. */
  readonly formId: string;
  readonly formClassName?: string;
  readonly onSubmit: (event: FormEvent<HTMLFormElement>) => void;
  /** The submit button's label ("Create", "Add", …). */
  readonly submitLabel: string;
  readonly busy: boolean;
  readonly check?: Check;
  /** An error about the form as a whole. */
  readonly error: string | undefined;
  readonly children: ReactNode;
}

export function FormPane({ title, subtitle, onClose, formId, formClassName = 'form', onSubmit, submitLabel, busy, check, error, children }: FormPaneProps) {
  return (
    <SidePane
      title={title}
      {...(subtitle === undefined ? {} : { subtitle })}
      onClose={onClose}
      footer={
        <>
          <ActionButton type="submit" form={formId} variant="primary" busy={busy} check={check}>
            {submitLabel}
          </ActionButton>
          <ActionButton onClick={onClose}>Cancel</ActionButton>
        </>
      }
    >
      <form id={formId} className={formClassName} onSubmit={onSubmit} noValidate>
        <FormError message={error} />
        {children}
      </form>
    </SidePane>
  );
}
