import { useState } from 'react';
import { verifyAudit } from '../../api/audit-client.js';
import { ErrorBox, Spinner } from '../../components/status.js';
import { useAsync } from '../../lib/use-async.js';

/** The hash chain's check: every event's hash recomputed and linked to the one before. */
export function ChainStatus() {
  const [run, setRun] = useState(0);
  const status = useAsync((signal) => verifyAudit(signal), [run]);
  return (
    <div className="card chain-status" data-testid="chain-status">
      <div className="card-head">
        <h2>Chain status</h2>
        <button className="link-button" onClick={() => setRun((n) => n + 1)} disabled={status.status === 'loading'}>
          Verify again
        </button>
      </div>
      {status.status === 'loading' ? <Spinner label="Verifying the hash chain…" /> : null}
      {status.status === 'error' ? <ErrorBox error={status.error} title="Could not verify the chain" /> : null}
      {status.status === 'ok' && status.data.ok ? (
        <div>
          <span className="badge check-pass">intact</span> <span className="small">{status.data.checked.toLocaleString()} events checked, head at #{status.data.headSeq}</span>
        </div>
      ) : null}
      {status.status === 'ok' && !status.data.ok ? (
        <div role="alert">
          <span className="badge check-fail">broken</span>{' '}
          <span className="small">
            first broken event #{status.data.firstBroken?.seq ?? '?'}: {status.data.firstBroken?.reason ?? 'unknown reason'} ({status.data.checked.toLocaleString()}{' '}
            checked)
          </span>
        </div>
      ) : null}
    </div>
  );
}
