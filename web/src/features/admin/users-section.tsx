import { useState, type FormEvent } from 'react';
import { errorMessage } from '../../api/api-error.js';
import { createUser, listUsers, updateUser, type User } from '../../api/admin-client.js';
import { Empty, ErrorBox, Spinner } from '../../components/status.js';
import { useAsync } from '../../lib/use-async.js';

function NewUser({ onCreated }: { onCreated: () => void }) {
  const [name, setName] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [password, setPassword] = useState('');
  const [isAdmin, setIsAdmin] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    try {
      await createUser({ name: name.trim(), displayName: displayName.trim(), password, isAdmin });
      setName('');
      setDisplayName('');
      setPassword('');
      setIsAdmin(false);
      onCreated();
    } catch (e) {
      setError(errorMessage(e));
    }
  };
  return (
    <form className="toolbar" onSubmit={(e) => void submit(e)} aria-label="New user">
      <input value={name} onChange={(e) => setName(e.target.value)} placeholder="User name" aria-label="New user name" />
      <input value={displayName} onChange={(e) => setDisplayName(e.target.value)} placeholder="Display name" aria-label="New user display name" />
      <input type="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} placeholder="Password" aria-label="New user password" />
      <label className="check-label">
        <input type="checkbox" checked={isAdmin} onChange={(e) => setIsAdmin(e.target.checked)} /> admin
      </label>
      <button type="submit" disabled={!name.trim() || !password}>
        Create user
      </button>
      {error ? <span className="inline-error" role="alert">{error}</span> : null}
    </form>
  );
}

function UserRow({ user, onChanged }: { user: User; onChanged: () => void }) {
  const [error, setError] = useState<string | null>(null);
  const change = async (changes: { isAdmin?: boolean; disabled?: boolean }) => {
    setError(null);
    try {
      await updateUser(user.name, changes);
      onChanged();
    } catch (e) {
      setError(errorMessage(e));
    }
  };
  return (
    <tr>
      <td className="strong">{user.name}</td>
      <td>{user.displayName || <span className="muted">—</span>}</td>
      <td>{user.isAdmin ? <span className="pill">admin</span> : null}</td>
      <td>{user.disabled ? <span className="badge check-fail">disabled</span> : <span className="muted">active</span>}</td>
      <td className="right">
        <button className="link-button" onClick={() => void change({ isAdmin: !user.isAdmin })}>
          {user.isAdmin ? 'Remove admin' : 'Make admin'}
        </button>
        <button className="link-button" onClick={() => void change({ disabled: !user.disabled })}>
          {user.disabled ? 'Enable' : 'Disable'}
        </button>
        {error ? <div className="inline-error">{error}</div> : null}
      </td>
    </tr>
  );
}

/** Installation users; only admins see this section. */
export function UsersSection() {
  const [reload, setReload] = useState(0);
  const users = useAsync((signal) => listUsers(signal), [reload]);
  const again = () => setReload((n) => n + 1);
  return (
    <>
      <NewUser onCreated={again} />
      {users.status === 'loading' ? <Spinner label="Loading users…" /> : null}
      {users.status === 'error' ? <ErrorBox error={users.error} title="Could not load users" /> : null}
      {users.status === 'ok' && users.data.length === 0 ? <Empty>No users yet.</Empty> : null}
      {users.status === 'ok' && users.data.length > 0 ? (
        <table className="data-table experiments" aria-label="users">
          <thead>
            <tr>
              <th>Name</th>
              <th>Display name</th>
              <th>Admin</th>
              <th>Status</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {users.data.map((u) => (
              <UserRow key={u.name} user={u} onChanged={again} />
            ))}
          </tbody>
        </table>
      ) : null}
    </>
  );
}
