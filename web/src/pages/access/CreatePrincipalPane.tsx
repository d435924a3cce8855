/**
 * "Create principal": a user who signs in with a password, or a service principal that gets a token (shown once,
 * here, with a copy button). A new principal holds no role until one is assigned.
 */
import { type FormEvent, useState } from 'react';
import { Link } from 'react-router-dom';
import { ApiError, errorMessage } from '../../api/client';
import { useCan } from '../../api/permissions';
import { ActionButton } from '../../components/ActionButton';
import { TextField } from '../../components/Field';
import { FormPane } from '../../components/FormPane';
import { SidePane } from '../../components/SidePane';
import { PRINCIPALS_WRITE } from './access-checks';
import { type CreatedPrincipal, type PrincipalType, createPrincipal } from './access-api';
import { TokenReveal } from './TokenReveal';

const MIN_PASSWORD = 12;
const NAME = /^[A-Za-z0-9][A-Za-z0-9._@-]*$/;

type Errors = Partial<Record<'name' | 'password' | 'confirm' | 'expiresInDays' | 'form', string>>;

interface Props {
  readonly onClose: () => void;
  readonly onCreated: (principal: CreatedPrincipal) => void;
}

export function CreatePrincipalPane({ onClose, onCreated }: Props) {
  const [type, setType] = useState<PrincipalType>('User');
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [expires, setExpires] = useState('');
  const [errors, setErrors] = useState<Errors>({});
  const [saving, setSaving] = useState(false);
  const [created, setCreated] = useState<CreatedPrincipal | undefined>(undefined);
  const canCreate = useCan(PRINCIPALS_WRITE, '/');

  const save = async (event: FormEvent) => {
    event.preventDefault();
    const problems: Errors = {};
    if (name.trim() === '') problems.name = 'Enter a name.';
    else if (name.length > 128 || !NAME.test(name)) problems.name = 'Use up to 128 letters, digits, . _ @ or -, starting with a letter or digit.';
    if (type === 'User') {
      if (password.length < MIN_PASSWORD) problems.password = `Use at least ${MIN_PASSWORD} characters.`;
      else if (confirm !== password) problems.confirm = 'The passwords differ.';
    }
    const days = expires.trim() === '' ? undefined : Number(expires);
    if (type === 'ServicePrincipal' && days !== undefined && !(Number.isInteger(days) && days >= 1 && days <= 3650)) problems.expiresInDays = 'Enter a whole number of days from 1 to 3650, or leave it empty.';
    setErrors(problems);
    if (Object.keys(problems).length > 0) return;
    setSaving(true);
    try {
      const answer = await createPrincipal(type === 'User' ? { name, type, password } : { name, type, ...(days === undefined ? {} : { expiresInDays: days }) });
      onCreated(answer);
      if (answer.token !== undefined) setCreated(answer);
    } catch (error) {
      const target = error instanceof ApiError ? error.target : undefined;
      if (target === 'name') setErrors({ name: errorMessage(error) });
      else if (target === 'password') setErrors({ password: errorMessage(error) });
      else if (target === 'expiresInDays') setErrors({ expiresInDays: errorMessage(error) });
      else setErrors({ form: errorMessage(error) });
    } finally {
      setSaving(false);
    }
  };

  if (created?.token !== undefined) {
    return (
      <SidePane
        title="Service principal created"
        subtitle={created.name}
        onClose={onClose}
        footer={
          <ActionButton variant="primary" onClick={onClose}>
            Done
          </ActionButton>
        }
      >
        <div className="form">
          <TokenReveal token={created.token} expiresTime={created.expiresTime} subject={`the service principal '${created.name}'`} />
          <p className="muted">
            It holds no role yet: give it one under <Link to="/access">Role assignments</Link>. Use the token as <code>Authorization: Bearer …</code>.
          </p>
        </div>
      </SidePane>
    );
  }

  return (
    <FormPane
      title="Create principal"
      subtitle="A user signs in to this UI with a password; a service principal calls the API with a token."
      onClose={onClose}
      formId="create-principal-form"
      onSubmit={(event) => void save(event)}
      submitLabel="Create"
      busy={saving}
      check={canCreate}
      error={errors.form}
    >
      <fieldset className="field">
        <legend className="field-label">Type</legend>
        <div className="checkbox-row">
          <label className="checkbox">
            <input type="radio" name="principal-type" checked={type === 'User'} onChange={() => setType('User')} />
            User
          </label>
          <label className="checkbox">
            <input type="radio" name="principal-type" checked={type === 'ServicePrincipal'} onChange={() => setType('ServicePrincipal')} />
            Service principal
          </label>
        </div>
      </fieldset>
      <TextField label="Name" value={name} onChange={setName} error={errors.name} hint={type === 'User' ? 'The name the user signs in with.' : 'Letters, digits, . _ @ and -.'} autoComplete="off" required />
      {type === 'User' ? (
        <>
          <TextField label="Password" type="password" value={password} onChange={setPassword} error={errors.password} hint={`At least ${MIN_PASSWORD} characters.`} autoComplete="new-password" required />
          <TextField label="Confirm password" type="password" value={confirm} onChange={setConfirm} error={errors.confirm} autoComplete="new-password" required />
        </>
      ) : (
        <TextField
          label="Token expires in (days)"
          value={expires}
          onChange={setExpires}
          error={errors.expiresInDays}
          hint="Leave empty for a token that does not expire. The token is shown once, after Create."
        />
      )}
    </FormPane>
  );
}
