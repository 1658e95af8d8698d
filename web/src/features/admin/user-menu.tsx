import { Link } from '../../router.js';
import { useSession } from './session.js';

/** The header's "who am I": name, admin mark, and sign-out when authentication is on. */
export function UserMenu() {
  const { state, signOut } = useSession();
  if (state.status !== 'signed-in' || !state.me) return null;
  const { user, authEnabled } = state.me;
  return (
    <div className="user-menu" data-testid="user-menu">
      <Link to="/admin" className="user-name" title={authEnabled ? `Signed in as ${user.name}` : 'Authentication is off: every caller is the local admin'}>
        {user.displayName || user.name}
      </Link>
      {user.isAdmin ? <span className="pill">admin</span> : null}
      {authEnabled ? (
        <button className="link-button signout" onClick={signOut}>
          Sign out
        </button>
      ) : (
        <span className="muted small">auth off</span>
      )}
    </div>
  );
}
