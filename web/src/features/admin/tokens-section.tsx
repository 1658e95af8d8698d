import { useState, type FormEvent } from 'react';
import { errorMessage } from '../../api/api-error.js';
import { createToken, listTokens, revokeToken, type TokenInfo } from '../../api/admin-client.js';
import { Empty, ErrorBox, Spinner } from '../../components/status.js';
import { formatTime } from '../../lib/format.js';
import { useAsync } from '../../lib/use-async.js';

/** The new secret, shown once: the server keeps only its hash. */
function NewSecret({ secret, onDone }: { secret: string; onDone: () => void }) {
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(secret);
      setCopied(true);
    } catch {
      // Clipboard access can be refused (plain http, permissions); the text stays selectable.
    }
  };
  return (
    <div className="note secret" role="status" data-testid="new-token">
      <div className="strong">Copy this token now — it will not be shown again.</div>
      <div className="inline-form">
        <code className="secret-value" onClick={(e) => window.getSelection()?.selectAllChildren(e.currentTarget)}>
          {secret}
        </code>
        <button onClick={() => void copy()}>{copied ? 'Copied' : 'Copy'}</button>
        <button className="link-button" onClick={onDone}>
          Done
        </button>
      </div>
      <div className="muted small">
        Use it as <code>Authorization: Bearer …</code>, or as <code>MLFLOW_TRACKING_TOKEN</code> for the MLflow client.
      </div>
    </div>
  );
}

function TokenRow({ token, onRevoked }: { token: TokenInfo; onRevoked: () => void }) {
  const [error, setError] = useState<string | null>(null);
  const revoke = async () => {
    setError(null);
    try {
      await revokeToken(token.id);
      onRevoked();
    } catch (e) {
      setError(errorMessage(e));
    }
  };
  const expired = token.expiresTime !== null && token.expiresTime < Date.now();
  return (
    <tr>
      <td className="strong">{token.name}</td>
      <td className="mono">{token.prefix}…</td>
      <td>{token.deployment ? <span title="May only call this deployment">deployment {token.deployment}</span> : <span className="muted">all your access</span>}</td>
      <td>{formatTime(token.createdTime)}</td>
      <td>{token.expiresTime === null ? <span className="muted">never</span> : formatTime(token.expiresTime)}</td>
      <td>{formatTime(token.lastUsedTime)}</td>
      <td>
        {token.revokedTime !== null ? (
          <span className="badge check-fail">revoked</span>
        ) : token.deploymentDeleted ? (
          <span className="badge">deployment deleted</span>
        ) : expired ? (
          <span className="badge">expired</span>
        ) : (
          <button className="link-button" onClick={() => void revoke()} aria-label={`Revoke token ${token.name}`}>
            Revoke
          </button>
        )}
        {error ? <div className="inline-error">{error}</div> : null}
      </td>
    </tr>
  );
}

/** The caller's own API tokens, for scripts, CI and the MLflow client. */
export function TokensSection() {
  const [reload, setReload] = useState(0);
  const tokens = useAsync((signal) => listTokens(signal), [reload]);
  const [name, setName] = useState('');
  const [days, setDays] = useState('90');
  const [deployment, setDeployment] = useState('');
  const [secret, setSecret] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    try {
      const scope = deployment.trim();
      const created = await createToken({ name: name.trim(), ...(days ? { expiresInDays: Number(days) } : {}), ...(scope ? { deployment: scope } : {}) });
      setSecret(created.token);
      setName('');
      setDeployment('');
      setReload((n) => n + 1);
    } catch (e) {
      setError(errorMessage(e));
    }
  };

  return (
    <>
      <form className="toolbar" onSubmit={(e) => void submit(e)} aria-label="New API token">
        <input value={name} onChange={(e) => setName(e.target.value)} placeholder="Token name, e.g. ci-pipeline" aria-label="Token name" />
        <label className="check-label">
          expires in
          <select value={days} onChange={(e) => setDays(e.target.value)} aria-label="Token lifetime">
            <option value="30">30 days</option>
            <option value="90">90 days</option>
            <option value="365">1 year</option>
            <option value="">never</option>
          </select>
        </label>
        <input
          value={deployment}
          onChange={(e) => setDeployment(e.target.value)}
          placeholder="Only for deployment (optional)"
          aria-label="Scope to deployment"
          title="The token may then only call this deployment's inference routes; needs the deployer role in its project"
        />
        <button type="submit" disabled={!name.trim()}>
          Create token
        </button>
        {error ? <span className="inline-error" role="alert">{error}</span> : null}
      </form>
      {secret ? <NewSecret secret={secret} onDone={() => setSecret(null)} /> : null}
      {tokens.status === 'loading' ? <Spinner label="Loading tokens…" /> : null}
      {tokens.status === 'error' ? <ErrorBox error={tokens.error} title="Could not load tokens" /> : null}
      {tokens.status === 'ok' && tokens.data.length === 0 ? <Empty>No API tokens yet.</Empty> : null}
      {tokens.status === 'ok' && tokens.data.length > 0 ? (
        <table className="data-table experiments" aria-label="API tokens">
          <thead>
            <tr>
              <th>Name</th>
              <th>Prefix</th>
              <th>Scope</th>
              <th>Created</th>
              <th>Expires</th>
              <th>Last used</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {tokens.data.map((t) => (
              <TokenRow key={t.id} token={t} onRevoked={() => setReload((n) => n + 1)} />
            ))}
          </tbody>
        </table>
      ) : null}
    </>
  );
}
