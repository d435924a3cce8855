/**
 * Signing in with a user's name and password, or with an access token (the first admin has only the token `npm start`
 * printed); afterwards back to the page that asked (`?next=`).
 */
import { type FormEvent, useState } from 'react';
import { Navigate, useSearchParams } from 'react-router-dom';
import { ApiError, errorMessage } from '../api/client';
import { useSession } from '../api/session';
import { ActionButton } from '../components/ActionButton';
import { TextField } from '../components/Field';
import { FormError } from '../components/FormError';

/** Only a path inside the app, never another site. */
function safeNext(next: string | null): string {
  // `/\evil.example` and control characters are read by browsers as another site too.
  const plain = next !== null && [...next].every((char) => char !== '\\' && char.charCodeAt(0) >= 0x20);
  return plain && next.startsWith('/') && !next.startsWith('//') ? next : '/automations';
}

function signInError(error: unknown, withToken: boolean): string {
  if (error instanceof ApiError && error.status === 401) return withToken ? 'The access token is not valid, or has expired.' : 'The name or password is not correct.';
  return errorMessage(error);
}

export function SignInPage() {
  const { state, signIn, signInWithToken } = useSession();
  const [params] = useSearchParams();
  const [withToken, setWithToken] = useState(false);
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [token, setToken] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>(undefined);

  if (state.status === 'signedIn') return <Navigate to={safeNext(params.get('next'))} replace />;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      if (withToken) await signInWithToken(token.trim());
      else await signIn(name.trim(), password);
    } catch (caught) {
      setError(signInError(caught, withToken));
      setBusy(false);
    }
  };

  return (
    <div className="sign-in">
      <form className="sign-in-card" onSubmit={(event) => void submit(event)} aria-labelledby="sign-in-title">
        <div className="brand brand-large">
          <span className="brand-mark" aria-hidden="true">
            R
          </span>
          Riposte
        </div>
        <h1 id="sign-in-title">Sign in</h1>
        <p className="muted">Security workflow automation: alerts, recommendations and compliance changes start your workflows.</p>
        <FormError message={error} />
        {withToken ? (
          <TextField label="Access token" type="password" value={token} onChange={setToken} autoComplete="off" required />
        ) : (
          <>
            <TextField label="User name" value={name} onChange={setName} autoComplete="username" required />
            <TextField label="Password" type="password" value={password} onChange={setPassword} autoComplete="current-password" required />
          </>
        )}
        <ActionButton type="submit" variant="primary" busy={busy} disabled={withToken ? token.trim() === '' : name.trim() === '' || password === ''} className="button-block">
          Sign in
        </ActionButton>
        <button
          type="button"
          className="link-button"
          onClick={() => {
            setWithToken(!withToken);
            setError(undefined);
          }}
        >
          {withToken ? 'Use a user name and password instead' : 'Use an access token instead'}
        </button>
        <p className="muted small">
          {withToken ? (
            <>
              The first start (<code>npm start</code>) prints the admin token. Signed in with a token, the session ends when the token is revoked.
            </>
          ) : (
            <>
              No user yet? Sign in with the admin token, then create one under Access control, or run <code>riposte principals create --type User</code>.
            </>
          )}
        </p>
      </form>
    </div>
  );
}
