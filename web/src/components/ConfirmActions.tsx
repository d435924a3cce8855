/** The question that replaces a destructive button until the user confirms it: the question, the action and Cancel. */
import type { ReactNode } from 'react';
import { ActionButton } from './ActionButton';

export interface ConfirmActionsProps {
  /** The group's accessible name ("Confirm deleting …"). */
  readonly label: string;
  readonly question: ReactNode;
  /** The confirming button's label ("Delete", "Remove"). */
  readonly confirm: string;
  readonly busy: boolean;
  readonly onConfirm: () => void;
  readonly onCancel: () => void;
}

export function ConfirmActions({ label, question, confirm, busy, onConfirm, onCancel }: ConfirmActionsProps) {
  return (
    <div className="row-actions row-confirm" role="group" aria-label={label}>
      <span>{question}</span>
      <ActionButton variant="danger" busy={busy} onClick={onConfirm}>
        {confirm}
      </ActionButton>
      <ActionButton variant="subtle" onClick={onCancel}>
        Cancel
      </ActionButton>
    </div>
  );
}
