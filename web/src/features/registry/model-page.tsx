import { getRun } from '../../api/mlflow-client.js';
import { getRegisteredModel, listModelVersions, type ModelVersion } from '../../api/registry-client.js';
import type { Run } from '../../api/tracking-model.js';
import { ErrorBox, Spinner } from '../../components/status.js';
import { formatTime } from '../../lib/format.js';
import { getModelOverview } from '../../api/registry-native-client.js';
import { DescriptionEditor, ModelTags, RenameModel } from './model-edits.js';
import { VersionsTable } from './versions-table.js';
import { useState } from 'react';
import { useAsync, useLatestData } from '../../lib/use-async.js';
import { Link } from '../../router.js';
import { AliasChips } from './alias-chips.js';
import { VersionMetrics } from './version-metrics.js';
import { ModelCardEditor } from './model-card-editor.js';
import { LineageSection } from './lineage-graph.js';
import { ModelPromotions } from '../governance/model-promotions.js';
import { getModelProject } from '../../api/model-card-client.js';
import { useMe } from '../admin/session.js';
import { canWriteIn } from './write-access.js';

/** The runs behind the versions, by id; a run that is gone (or unreadable) is simply absent. */
async function loadRuns(versions: ModelVersion[], signal: AbortSignal): Promise<Map<string, Run>> {
  const ids = [...new Set(versions.map((v) => v.runId).filter(Boolean))];
  const settled = await Promise.allSettled(ids.map((id) => getRun(id, signal)));
  const runs = new Map<string, Run>();
  for (const result of settled) if (result.status === 'fulfilled') runs.set(result.value.id, result.value);
  return runs;
}

export function ModelPage({ name }: { name: string }) {
  // A decided promotion may move an alias: reload the model and its versions, keeping the page up meanwhile.
  const [refresh, setRefresh] = useState(0);
  const model = useAsync((signal) => getRegisteredModel(name, signal), [name, refresh]);
  const versions = useAsync((signal) => listModelVersions(name, signal), [name, refresh]);
  const runs = useAsync((signal) => (versions.status === 'ok' ? loadRuns(versions.data, signal) : Promise.resolve(null)), [versions]);
  const project = useAsync((signal) => getModelProject(name, signal), [name]);
  // Formats come from the native API only; reloaded with the versions after an edit.
  const overview = useAsync((signal) => getModelOverview(name, signal), [name, refresh]);
  const reload = () => setRefresh((n) => n + 1);
  const me = useMe();
  // Unknown project (an older server): let the server decide and show its answer.
  const canRequest = canWriteIn(me, project.status === 'ok' ? project.data : null);
  // Editing needs the same role as requesting (contributor or higher); the server has the last word.
  const canWrite = canRequest;
  const data = useLatestData(model);
  const versionList = useLatestData(versions);

  if (model.status === 'error') return <ErrorBox error={model.error} title={`Model ${name} could not be loaded`} />;
  if (!data) return <Spinner label="Loading model…" />;
  const tags = [...data.tags].sort(([a], [b]) => a.localeCompare(b));

  return (
    <section className="model-page">
      <div className="crumbs">
        <Link to="/models">Models</Link> <span>/</span>
      </div>
      <div className="page-head">
        <h1>{data.name}</h1>
        {data.aliases.length > 0 ? <AliasChips aliases={data.aliases} /> : null}
        {canWrite ? <RenameModel key={data.name} model={data.name} /> : null}
      </div>
      <DescriptionEditor key={data.name} model={data.name} description={data.description} canWrite={canWrite} onChanged={reload} />
      <div className="two-col">
        <div className="card">
          <h2>Model</h2>
          <dl className="info-grid">
            <div>
              <dt>Latest version</dt>
              <dd>{data.latestVersion ?? '—'}</dd>
            </div>
            <div>
              <dt>Project</dt>
              <dd>{project.status === 'ok' ? <Link to={`/admin/projects/${encodeURIComponent(project.data)}`}>{project.data}</Link> : '—'}</dd>
            </div>
            <div>
              <dt>Created</dt>
              <dd>{formatTime(data.creationTime)}</dd>
            </div>
            <div>
              <dt>Last updated</dt>
              <dd>{formatTime(data.lastUpdateTime)}</dd>
            </div>
          </dl>
        </div>
        <div className="card">
          <h2>
            Tags <span className="muted">{tags.length}</span>
          </h2>
          <ModelTags model={data.name} tags={tags} canWrite={canWrite} onChanged={reload} />
        </div>
      </div>
      <h2 className="section-title">
        Versions <span className="muted">{versionList?.length ?? ''}</span>
      </h2>
      {versions.status === 'loading' && !versionList ? <Spinner label="Loading versions…" /> : null}
      {versions.status === 'error' ? <ErrorBox error={versions.error} title="Could not load versions" /> : null}
      {versionList ? (
        <VersionsTable model={data.name} versions={versionList} runs={runs.data ?? null} formats={overview.data?.formats ?? null} canWrite={canWrite} onChanged={reload} />
      ) : null}
      {versionList ? (
        <>
          <h2 className="section-title">Promotion</h2>
          <ModelPromotions model={data.name} versions={versionList} canRequest={canRequest} onDecided={() => setRefresh((n) => n + 1)} />
          <h2 className="section-title">Model card</h2>
          <ModelCardEditor name={data.name} versions={versionList} />
        </>
      ) : null}
      {versionList && versionList.length > 0 ? (
        <>
          <h2 className="section-title">Lineage</h2>
          <LineageSection name={data.name} versions={versionList} />
        </>
      ) : null}
      {versions.status === 'ok' && versions.data.length > 0 ? (
        <>
          <h2 className="section-title">Metrics of versions side by side</h2>
          {runs.status === 'loading' || (runs.status === 'ok' && runs.data === null) ? <Spinner label="Loading runs…" /> : null}
          {runs.status === 'error' ? <ErrorBox error={runs.error} title="Could not load the versions' runs" /> : null}
          {runs.status === 'ok' && runs.data ? <VersionMetrics versions={versions.data} runs={runs.data} /> : null}
        </>
      ) : null}
    </section>
  );
}
