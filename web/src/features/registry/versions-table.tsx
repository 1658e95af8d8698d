import { Fragment, useState } from 'react';
import type { ModelVersion } from '../../api/registry-client.js';
import type { ModelOverview } from '../../api/registry-native-client.js';
import type { Run } from '../../api/tracking-model.js';
import { formatTime } from '../../lib/format.js';
import { Link } from '../../router.js';
import { AliasChips } from './alias-chips.js';
import { VersionActions } from './version-actions.js';
import { FormatBadge, VersionContentsPanel } from './version-contents.js';

function StageBadge({ stage }: { stage: string }) {
  return <span className={`badge stage-${stage.toLowerCase()}`}>{stage}</span>;
}

function RunCell({ version, runs }: { version: ModelVersion; runs: Map<string, Run> | null }) {
  if (!version.runId) return <span className="muted">—</span>;
  const run = runs?.get(version.runId);
  if (!run) return <span className="mono muted">{version.runId.slice(0, 12)}</span>;
  return (
    <Link to={`/experiments/${encodeURIComponent(run.experimentId)}/runs/${encodeURIComponent(run.id)}`} aria-label={`Run of version ${version.version}`}>
      {run.name}
    </Link>
  );
}

export interface VersionsTableProps {
  model: string;
  versions: ModelVersion[];
  runs: Map<string, Run> | null;
  /** Formats by version from the native API; absent while loading (or from an older server). */
  formats: ModelOverview['formats'] | null;
  canWrite: boolean;
  onChanged: () => void;
}

const columns = 8;

/** The versions, newest first; *Details* opens a version's format, signature, files and (for writers) its edits. */
export function VersionsTable({ model, versions, runs, formats, canWrite, onChanged }: VersionsTableProps) {
  const [open, setOpen] = useState<ReadonlySet<number>>(new Set());
  const toggle = (version: number) =>
    setOpen((previous) => {
      const next = new Set(previous);
      if (!next.delete(version)) next.add(version);
      return next;
    });
  if (versions.length === 0) return <div className="empty">No versions registered yet.</div>;
  return (
    <div className="h-scroll">
      <table className="data-table experiments" aria-label="model versions">
        <thead>
          <tr>
            <th>Version</th>
            <th>Stage</th>
            <th>Aliases</th>
            <th>Format</th>
            <th>Created</th>
            <th>Run</th>
            <th>Source</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {versions.map((v) => {
            const format = formats?.get(v.version);
            const expanded = open.has(v.version);
            return (
              <Fragment key={v.version}>
                <tr data-testid="version-row">
                  <td className="strong">Version {v.version}</td>
                  <td>
                    <StageBadge stage={v.stage} />
                  </td>
                  <td>
                    <AliasChips aliases={v.aliases.map((alias) => ({ alias, version: v.version }))} />
                  </td>
                  <td>{format ? <FormatBadge format={format.format} flavors={format.flavors} /> : <span className="muted">—</span>}</td>
                  <td>{formatTime(v.creationTime)}</td>
                  <td>
                    <RunCell version={v} runs={runs} />
                  </td>
                  <td className="mono small wrap">{v.source}</td>
                  <td className="right">
                    <button className="link-button" aria-expanded={expanded} onClick={() => toggle(v.version)} aria-label={`Details of version ${v.version}`}>
                      {expanded ? 'Hide' : 'Details'}
                    </button>
                  </td>
                </tr>
                {expanded ? (
                  <tr className="version-expanded" data-testid={`version-details-${v.version}`}>
                    <td colSpan={columns}>
                      <VersionContentsPanel model={model} version={v.version} />
                      {canWrite ? <VersionActions model={model} version={v} onChanged={onChanged} /> : null}
                    </td>
                  </tr>
                ) : null}
              </Fragment>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
