/**
 * The definition's JSON in a plain textarea with line numbers beside it (kept in step when it scrolls) and a marked
 * line for a syntax error or the selected action. Tab leaves the editor as everywhere else (no keyboard trap).
 */
import { forwardRef, useImperativeHandle, useMemo, useRef } from 'react';

export interface DefinitionEditorHandle {
  /** Scrolls to a line (1-based) and, with `focus`, puts the caret at its start. */
  revealLine(line: number, focus?: boolean): void;
}

interface DefinitionEditorProps {
  readonly id: string;
  readonly value: string;
  readonly onChange: (value: string) => void;
  readonly readOnly?: boolean;
  /** Lines to mark: an error (red) or the selected action (blue). */
  readonly errorLine?: number;
  readonly markedLine?: number;
  readonly describedBy?: string;
  readonly height: number;
}

const LINE_HEIGHT = 18;

export const DefinitionEditor = forwardRef<DefinitionEditorHandle, DefinitionEditorProps>(function DefinitionEditor(
  { id, value, onChange, readOnly = false, errorLine, markedLine, describedBy, height },
  ref,
) {
  const area = useRef<HTMLTextAreaElement>(null);
  const gutter = useRef<HTMLDivElement>(null);
  const lineCount = useMemo(() => value.split('\n').length, [value]);

  useImperativeHandle(ref, () => ({
    revealLine(line: number, focus = false) {
      const textarea = area.current;
      if (textarea === null) return;
      textarea.scrollTop = Math.max(0, (line - 4) * LINE_HEIGHT);
      if (gutter.current !== null) gutter.current.scrollTop = textarea.scrollTop;
      if (focus) {
        const start = value.split('\n').slice(0, line - 1).reduce((sum, text) => sum + text.length + 1, 0);
        textarea.focus({ preventScroll: true });
        textarea.setSelectionRange(start, start);
      }
    },
  }));

  return (
    <div className={`wf-editor${readOnly ? ' wf-editor-readonly' : ''}`} style={{ height }}>
      <div ref={gutter} className="wf-editor-gutter" aria-hidden="true">
        {Array.from({ length: lineCount }, (_, index) => {
          const line = index + 1;
          const className = line === errorLine ? 'wf-line wf-line-error' : line === markedLine ? 'wf-line wf-line-marked' : 'wf-line';
          return (
            <div key={line} className={className}>
              {line}
            </div>
          );
        })}
        <div className="wf-editor-gutter-end" />
      </div>
      <textarea
        ref={area}
        id={id}
        className="wf-editor-text"
        value={value}
        readOnly={readOnly}
        spellCheck={false}
        autoCapitalize="off"
        autoComplete="off"
        autoCorrect="off"
        wrap="off"
        aria-describedby={describedBy}
        aria-invalid={errorLine === undefined ? undefined : true}
        onChange={(event) => onChange(event.target.value)}
        onScroll={(event) => {
          if (gutter.current !== null) gutter.current.scrollTop = event.currentTarget.scrollTop;
        }}
      />
    </div>
  );
});
