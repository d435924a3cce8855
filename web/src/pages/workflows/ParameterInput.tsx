/**
 * One workflow or template parameter as a form control chosen by its type: a list for allowed values and booleans,
 * a number box, a JSON box for arrays and objects, a password box for secure values (never shown back).
 */
import type { ReactNode } from 'react';
import { Field } from '../../components/Field';
import type { DeclaredParameter } from './workflow-draft';

interface ParameterInputProps {
  readonly parameter: DeclaredParameter;
  readonly value: string;
  readonly onChange: (value: string) => void;
  readonly error?: string;
  /** A secure value is stored but the server does not show it. */
  readonly hiddenSecure?: boolean;
  readonly readOnly?: boolean;
}

function show(value: unknown): string {
  return typeof value === 'string' ? (value === '' ? '(empty)' : value) : JSON.stringify(value);
}

export function ParameterInput({ parameter, value, onChange, error, hiddenSecure = false, readOnly = false }: ParameterInputProps) {
  const type = parameter.type.toLowerCase();
  const hasDefault = parameter.defaultValue !== undefined;
  const hintParts: ReactNode[] = [];
  if (parameter.description !== undefined) hintParts.push(parameter.description);
  if (hasDefault && !parameter.secure) hintParts.push(`Leave empty for the default: ${show(parameter.defaultValue)}.`);
  if (hiddenSecure) hintParts.push('A value is stored and never shown; leave this empty to keep it, or enter a new one.');
  const hint = hintParts.length === 0 ? undefined : hintParts.join(' ');
  const label = `${parameter.name} (${parameter.type})`;
  const required = !hasDefault && !hiddenSecure;

  return (
    <Field label={label} hint={hint} error={error} required={required}>
      {(control) => {
        if (parameter.allowedValues !== undefined || type === 'bool') {
          const options = parameter.allowedValues ?? [true, false];
          return (
            <select {...control} className="input" value={value} disabled={readOnly} onChange={(event) => onChange(event.target.value)}>
              <option value="">{hasDefault ? `Default (${show(parameter.defaultValue)})` : 'Choose a value'}</option>
              {options.map((option) => {
                const text = typeof option === 'string' ? option : JSON.stringify(option);
                return (
                  <option key={text} value={text}>
                    {text}
                  </option>
                );
              })}
            </select>
          );
        }
        if (type === 'array' || type === 'object' || type === 'secureobject') {
          return (
            <textarea
              {...control}
              className="input wf-mono"
              rows={4}
              value={value}
              readOnly={readOnly}
              spellCheck={false}
              placeholder={type === 'array' ? '["…"]' : '{ "key": "value" }'}
              onChange={(event) => onChange(event.target.value)}
            />
          );
        }
        return (
          <input
            {...control}
            className="input"
            type={parameter.secure ? 'password' : type === 'int' || type === 'float' ? 'number' : 'text'}
            step={type === 'int' ? 1 : undefined}
            value={value}
            readOnly={readOnly}
            autoComplete={parameter.secure ? 'new-password' : 'off'}
            placeholder={hiddenSecure ? '•••••• (stored, hidden)' : undefined}
            onChange={(event) => onChange(event.target.value)}
          />
        );
      }}
    </Field>
  );
}
