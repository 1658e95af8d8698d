import { getPrediction, type LoggedTensor } from '../../api/deployment-client.js';
import { ErrorBox, Spinner } from '../../components/status.js';
import { formatTime } from '../../lib/format.js';
import { useAsync } from '../../lib/use-async.js';
import { Link } from '../../router.js';
import { modelPath } from '../registry/models-page.js';
import { LineageDiagram } from '../registry/lineage-graph.js';
import { PredictionLookup } from './recent-predictions.js';
import { deploymentPath } from './spec-draft.js';

const shownValues = 200;

/** Tensors as name, type, shape and values (long ones cut, saying how many there are). */
function Tensors({ tensors, label }: { tensors: LoggedTensor[]; label: string }) {
  if (tensors.length === 0) return <div className="muted small">None logged.</div>;
  return (
    <table className="data-table" aria-label={label}>
      <thead>
        <tr>
          <th>Name</th>
          <th>Type</th>
          <th>Shape</th>
          <th>Values</th>
        </tr>
      </thead>
      <tbody>
        {tensors.map((t) => (
          <tr key={t.name}>
            <td className="mono">{t.name}</td>
            <td className="mono">{t.datatype}</td>
            <td className="mono">[{t.shape.join(', ')}]</td>
            <td>
              <pre className="tensor">
                {JSON.stringify(t.data.slice(0, shownValues))}
                {t.data.length > shownValues ? ` … (${t.data.length} values)` : ''}
              </pre>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** One logged prediction: what came in, what went out, what the shadows said, and where its model came from. */
export function PredictionPage({ id }: { id: string }) {
  const loaded = useAsync((signal) => getPrediction(id, signal), [id]);
  if (loaded.status === 'loading') return <Spinner label="Loading prediction…" />;
  if (loaded.status === 'error') {
    return (
      <section>
        <PredictionLookup />
        <ErrorBox error={loaded.error} title={`Prediction ${id} could not be loaded`} />
      </section>
    );
  }
  const { prediction: p, lineage } = loaded.data;
  return (
    <section>
      <div className="crumbs">
        <Link to="/deployments">Deployments</Link> <span>/</span> <Link to={deploymentPath(p.deployment)}>{p.deployment}</Link> <span>/</span>
      </div>
      <div className="page-head">
        <h1>Prediction</h1>
        <span className="mono">{p.id}</span>
      </div>
      <div className="card">
        <dl className="info-grid">
          <div>
            <dt>Time</dt>
            <dd>{formatTime(p.time)}</dd>
          </div>
          <div>
            <dt>Deployment</dt>
            <dd>
              <Link to={deploymentPath(p.deployment)}>{p.deployment}</Link> revision {p.revision} <span className="pill">{p.project}</span>
            </dd>
          </div>
          <div>
            <dt>Answered by</dt>
            <dd>
              <Link to={modelPath(p.model)}>
                {p.model} version {p.version}
              </Link>
            </dd>
          </div>
          <div>
            <dt>Latency</dt>
            <dd>{p.latencyMs.toFixed(1)} ms</dd>
          </div>
          <div>
            <dt>Run</dt>
            <dd className="mono" data-testid="prediction-run">
              {lineage?.run ? <Link to={`/experiments/${encodeURIComponent(lineage.run.experimentId)}/runs/${encodeURIComponent(lineage.run.runId)}`}>{lineage.run.runId}</Link> : '—'}
            </dd>
          </div>
        </dl>
      </div>
      <h2 className="section-title">Inputs</h2>
      <Tensors tensors={p.inputs} label="prediction inputs" />
      <h2 className="section-title">Outputs</h2>
      <Tensors tensors={p.outputs} label="prediction outputs" />
      {p.shadows.length > 0 ? (
        <>
          <h2 className="section-title">Shadows</h2>
          {p.shadows.map((s) => (
            <div className="card top-gap" key={`${s.model}:${s.version}`}>
              <strong>
                {s.model} version {s.version}
              </strong>{' '}
              <span className="muted">{s.latencyMs.toFixed(1)} ms</span>
              {s.error ? <div className="inline-error">{s.error}</div> : <Tensors tensors={s.outputs ?? []} label={`outputs of shadow ${s.model} version ${s.version}`} />}
            </div>
          ))}
        </>
      ) : null}
      <h2 className="section-title">Lineage</h2>
      <div className="card">{lineage ? <LineageDiagram lineage={lineage} /> : <div className="muted small">The version that answered has been deleted since, so its lineage is gone.</div>}</div>
    </section>
  );
}
