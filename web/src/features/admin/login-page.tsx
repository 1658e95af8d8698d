import { useState, type FormEvent } from 'react';
import { errorMessage } from '../../api/api-error.js';
import { useSession } from './session.js';

/** Shown in place of any page while nobody is signed in. */
export function LoginPage() {
  const { signIn } = useSession();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await signIn(username.trim(), password);
    } catch (e) {
      setError(errorMessage(e));
      setBusy(false);
    }
  };

  return (
    <section className="login">
      <form className="card login-card" onSubmit={(e) => void submit(e)} aria-label="Sign in">
        <h1>Sign in to Cairn</h1>
        <label className="field">
          Username
          <input autoFocus autoComplete="username" value={username} onChange={(e) => setUsername(e.target.value)} required />
        </label>
        <label className="field">
          Password
          <input type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
        </label>
        {error ? (
          <div className="inline-error" role="alert">
            {error}
          </div>
        ) : null}
        <button className="primary" type="submit" disabled={busy || !username.trim() || !password}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
        <p className="muted small">Scripts and the MLflow client use API tokens instead; create one under Admin once signed in.</p>
      </form>
    </section>
  );
}
