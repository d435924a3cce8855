/**
 * Labelled form controls with a hint and an error text tied to the control (`aria-describedby`, `aria-invalid`).
 * `Field` hands its ids to any control; the others are the common cases.
 */
import { type ReactNode, useId } from 'react';

export interface ControlProps {
  readonly id: string;
  readonly 'aria-describedby'?: string;
  readonly 'aria-invalid'?: boolean;
}

export interface FieldProps {
  readonly label: string;
  readonly hint?: ReactNode;
  readonly error?: string;
  readonly required?: boolean;
  readonly children: (control: ControlProps) => ReactNode;
}

export function Field({ label, hint, error, required = false, children }: FieldProps) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [hint === undefined ? undefined : hintId, error === undefined ? undefined : errorId].filter(Boolean).join(' ');
  return (
    <div className={`field${error === undefined ? '' : ' field-invalid'}`}>
      <label htmlFor={id} className="field-label">
        {label}
        {required ? <span className="field-required" aria-hidden="true"> *</span> : null}
      </label>
      {children({ id, ...(describedBy === '' ? {} : { 'aria-describedby': describedBy }), ...(error === undefined ? {} : { 'aria-invalid': true }) })}
      {hint === undefined ? null : (
        <div id={hintId} className="field-hint">
          {hint}
        </div>
      )}
      {error === undefined ? null : (
        <div id={errorId} className="field-error">
          {error}
        </div>
      )}
    </div>
  );
}

interface TextFieldProps {
  readonly label: string;
  readonly value: string;
  readonly onChange: (value: string) => void;
  readonly hint?: ReactNode;
  readonly error?: string;
  readonly required?: boolean;
  readonly placeholder?: string;
  readonly type?: 'text' | 'password' | 'search';
  readonly autoComplete?: string;
  readonly list?: string;
  readonly multiline?: boolean;
}

export function TextField({ label, value, onChange, hint, error, required, placeholder, type = 'text', autoComplete, list, multiline = false }: TextFieldProps) {
  return (
    <Field label={label} hint={hint} error={error} required={required}>
      {(control) =>
        multiline ? (
          <textarea {...control} className="input" value={value} placeholder={placeholder} rows={3} onChange={(event) => onChange(event.target.value)} />
        ) : (
          <input
            {...control}
            className="input"
            type={type}
            value={value}
            placeholder={placeholder}
            required={required}
            autoComplete={autoComplete}
            list={list}
            onChange={(event) => onChange(event.target.value)}
          />
        )
      }
    </Field>
  );
}

export interface Option {
  readonly value: string;
  readonly label: string;
}

interface SelectFieldProps {
  readonly label: string;
  readonly value: string;
  readonly options: readonly Option[];
  readonly onChange: (value: string) => void;
  readonly hint?: ReactNode;
  readonly error?: string;
  readonly required?: boolean;
  /** A first, empty choice ("Select a workflow"). */
  readonly placeholder?: string;
  readonly disabled?: boolean;
}

export function SelectField({ label, value, options, onChange, hint, error, required, placeholder, disabled }: SelectFieldProps) {
  return (
    <Field label={label} hint={hint} error={error} required={required}>
      {(control) => (
        <select {...control} className="input" value={value} disabled={disabled} onChange={(event) => onChange(event.target.value)}>
          {placeholder === undefined ? null : <option value="">{placeholder}</option>}
          {options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

interface CheckboxGroupProps {
  readonly legend: string;
  readonly options: readonly string[];
  readonly value: readonly string[];
  readonly onChange: (value: string[]) => void;
  readonly hint?: ReactNode;
  readonly error?: string;
}

/** Several choices of a fixed list; `value` keeps the order of `options`. */
export function CheckboxGroup({ legend, options, value, onChange, hint, error }: CheckboxGroupProps) {
  const id = useId();
  const toggle = (option: string, on: boolean) => onChange(options.filter((item) => (item === option ? on : value.includes(item))));
  return (
    <fieldset className={`field checkbox-group${error === undefined ? '' : ' field-invalid'}`} aria-describedby={error === undefined ? undefined : `${id}-error`}>
      <legend className="field-label">{legend}</legend>
      <div className="checkbox-row">
        {options.map((option) => (
          <label key={option} className="checkbox">
            <input type="checkbox" checked={value.includes(option)} onChange={(event) => toggle(option, event.target.checked)} />
            {option}
          </label>
        ))}
      </div>
      {hint === undefined ? null : <div className="field-hint">{hint}</div>}
      {error === undefined ? null : (
        <div id={`${id}-error`} className="field-error">
          {error}
        </div>
      )}
    </fieldset>
  );
}
