import { useState, type FormEvent } from 'react';
import { errorMessage } from '../../api/api-error.js';
import { listMembers, listUsers, projectRoles, removeMember, setMember, type Member } from '../../api/admin-client.js';
import { Empty, ErrorBox, Spinner } from '../../components/status.js';
import { useAsync } from '../../lib/use-async.js';
import { useMe } from './session.js';

function RoleSelect({ value, onChange, label }: { value: string; onChange: (role: string) => void; label: string }) {
  return (
    <select value={value} onChange={(e) => onChange(e.target.value)} aria-label={label}>
      {projectRoles.map((r) => (
        <option key={r} value={r}>
          {r}
        </option>
      ))}
    </select>
  );
}

function MemberRow({ project, member, canManage, onChanged }: { project: string; member: Member; canManage: boolean; onChanged: () => void }) {
  const [error, setError] = useState<string | null>(null);
  const act = async (action: () => Promise<void>) => {
    setError(null);
    try {
      await action();
      onChanged();
    } catch (e) {
      setError(errorMessage(e));
    }
  };
  return (
    <tr>
      <td className="strong">
        {member.user} {member.displayName ? <span className="muted">{member.displayName}</span> : null}
      </td>
      <td>
        {canManage ? (
          <RoleSelect value={member.role} label={`Role of ${member.user}`} onChange={(role) => void act(() => setMember(project, member.user, role))} />
        ) : (
          member.role
        )}
      </td>
      <td className="right">
        {canManage ? (
          <button className="link-button" onClick={() => void act(() => removeMember(project, member.user))} aria-label={`Remove ${member.user}`}>
            Remove
          </button>
        ) : null}
        {error ? <div className="inline-error">{error}</div> : null}
      </td>
    </tr>
  );
}

/** Who may do what in one project; installation admins may do everything anyway. */
export function MembersSection({ project, canManage }: { project: string; canManage: boolean }) {
  const me = useMe();
  const [reload, setReload] = useState(0);
  const members = useAsync((signal) => listMembers(project, signal), [project, reload]);
  // Only admins may list users; others type the name.
  const users = useAsync((signal) => (me.isAdmin ? listUsers(signal) : Promise.resolve([])), [me.isAdmin]);
  const [user, setUser] = useState('');
  const [role, setRole] = useState('viewer');
  const [error, setError] = useState<string | null>(null);
  const again = () => setReload((n) => n + 1);

  const add = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    try {
      await setMember(project, user.trim(), role);
      setUser('');
      again();
    } catch (e) {
      setError(errorMessage(e));
    }
  };

  return (
    <>
      {canManage ? (
        <form className="toolbar" onSubmit={(e) => void add(e)} aria-label="Add member">
          <input value={user} onChange={(e) => setUser(e.target.value)} placeholder="user name" aria-label="Member user name" list="known-users" />
          <datalist id="known-users">
            {(users.data ?? []).map((u) => (
              <option key={u.name} value={u.name} />
            ))}
          </datalist>
          <RoleSelect value={role} onChange={setRole} label="Member role" />
          <button type="submit" disabled={!user.trim()}>
            Add member
          </button>
          {error ? <span className="inline-error" role="alert">{error}</span> : null}
        </form>
      ) : null}
      {members.status === 'loading' ? <Spinner label="Loading members…" /> : null}
      {members.status === 'error' ? <ErrorBox error={members.error} title="Could not load members" /> : null}
      {members.status === 'ok' && members.data.length === 0 ? <Empty>No members yet; installation admins can still do everything.</Empty> : null}
      {members.status === 'ok' && members.data.length > 0 ? (
        <table className="data-table experiments" aria-label="members">
          <thead>
            <tr>
              <th>User</th>
              <th>Role</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {members.data.map((m) => (
              <MemberRow key={m.user} project={project} member={m} canManage={canManage} onChanged={again} />
            ))}
          </tbody>
        </table>
      ) : null}
      <p className="muted small">viewer reads · contributor also writes · deployer also deploys · approver also approves promotions · admin manages the project.</p>
    </>
  );
}
