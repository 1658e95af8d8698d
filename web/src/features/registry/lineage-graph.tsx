import { useState } from 'react';
import { getLineage, type Lineage } from '../../api/model-card-client.js';
import type { ModelVersion } from '../../api/registry-client.js';
import { ErrorBox, Spinner } from '../../components/status.js';
import { formatTime } from '../../lib/format.js';
import { useAsync } from '../../lib/use-async.js';
import { navigate } from '../../router.js';

const nodeWidth = 210;
const nodeHeight = 58;
const columnGap = 70;
const rowGap = 16;

interface GraphNode {
  id: string;
  kind: 'version' | 'run' | 'dataset' | 'code';
  title: string;
  lines: string[];
  href?: string;
  column: number;
  row: number;
}

function clip(text: string, max = 30): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function nodesOf(lineage: Lineage): GraphNode[] {
  const v = lineage.version;
  const nodes: GraphNode[] = [
    { id: 'version', kind: 'version', title: `${v.name} v${v.version}`, lines: [formatTime(v.creationTime), v.userId ? `by ${v.userId}` : ''], column: 0, row: 0 },
  ];
  const run = lineage.run;
  if (!run) return nodes;
  nodes.push({
    id: 'run',
    kind: 'run',
    title: `run ${run.runName || run.runId.slice(0, 8)}`,
    lines: [`${run.experimentName} · ${run.status}${run.lifecycleStage === 'deleted' ? ' · deleted' : ''}`, run.userId ? `by ${run.userId}` : ''],
    href: `/experiments/${encodeURIComponent(run.experimentId)}/runs/${encodeURIComponent(run.runId)}`,
    column: 1,
    row: 0,
  });
  run.datasets.forEach((d, i) => {
    nodes.push({
      id: `dataset-${i}`,
      kind: 'dataset',
      title: `dataset ${d.name}`,
      lines: [`${d.context ?? 'input'} · ${d.digest.slice(0, 10)}`, d.source ? clip(d.source, 34) : d.sourceType],
      column: 2,
      row: i,
    });
  });
  const code = run.codeVersion;
  if (code.gitCommit || code.sourceName) {
    nodes.push({
      id: 'code',
      kind: 'code',
      title: code.gitCommit ? `code ${code.gitCommit.slice(0, 10)}${code.gitDirty ? ' (dirty)' : ''}` : 'code',
      lines: [code.gitBranch ? `branch ${code.gitBranch}` : (code.sourceType ?? ''), clip(code.sourceName ?? '', 34)],
      column: 2,
      row: run.datasets.length,
    });
  }
  return nodes;
}

/** Version → run → its datasets and code version, drawn left to right; the run node opens the run. */
export function LineageDiagram({ lineage }: { lineage: Lineage }) {
  const nodes = nodesOf(lineage);
  const inputs = nodes.filter((n) => n.column === 2).length;
  const rows = Math.max(1, inputs);
  const height = rows * nodeHeight + (rows - 1) * rowGap + 20;
  const width = 3 * nodeWidth + 2 * columnGap + 20;
  const place = (n: GraphNode) => {
    const x = 10 + n.column * (nodeWidth + columnGap);
    // The version and run sit level with the middle of the inputs column.
    const y = n.column === 2 ? 10 + n.row * (nodeHeight + rowGap) : (height - nodeHeight) / 2;
    return { x, y };
  };
  const at = new Map(nodes.map((n) => [n.id, place(n)]));
  const edges = nodes.filter((n) => n.column > 0).map((n) => ({ from: n.column === 1 ? 'version' : 'run', to: n.id }));

  return (
    <div className="lineage-scroll">
      <svg className="lineage" viewBox={`0 0 ${width} ${height}`} width={width} height={height} role="img" aria-label={`lineage of version ${lineage.version.version}`}>
        <defs>
          <marker id="lineage-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
            <path d="M0 0 L10 5 L0 10 z" className="lineage-arrowhead" />
          </marker>
        </defs>
        {edges.map((e) => {
          const a = at.get(e.from);
          const b = at.get(e.to);
          if (!a || !b) return null;
          const x1 = a.x + nodeWidth;
          const y1 = a.y + nodeHeight / 2;
          const x2 = b.x;
          const y2 = b.y + nodeHeight / 2;
          const mid = (x1 + x2) / 2;
          return <path key={e.to} className="lineage-edge" d={`M${x1} ${y1} C${mid} ${y1} ${mid} ${y2} ${x2 - 2} ${y2}`} markerEnd="url(#lineage-arrow)" />;
        })}
        {nodes.map((n) => {
          const p = at.get(n.id) ?? { x: 0, y: 0 };
          const open = n.href ? () => navigate(n.href ?? '/') : undefined;
          return (
            <g
              key={n.id}
              className={`lineage-node node-${n.kind}${open ? ' clickable' : ''}`}
              transform={`translate(${p.x} ${p.y})`}
              onClick={open}
              data-testid={`lineage-${n.kind}`}
            >
              <title>{[n.title, ...n.lines].filter(Boolean).join('\n')}</title>
              <rect width={nodeWidth} height={nodeHeight} rx="6" />
              <text x="10" y="19" className="node-title">
                {clip(n.title)}
              </text>
              {n.lines.filter(Boolean).map((line, i) => (
                <text key={i} x="10" y={35 + i * 14} className="node-line">
                  {clip(line, 34)}
                </text>
              ))}
            </g>
          );
        })}
      </svg>
      {lineage.run ? null : <div className="muted small">This version names no run, so its data and code are unknown.</div>}
      {lineage.run && lineage.run.datasets.length === 0 ? <div className="muted small">The run logged no datasets.</div> : null}
    </div>
  );
}

export function LineageSection({ name, versions }: { name: string; versions: ModelVersion[] }) {
  const [version, setVersion] = useState(versions[0]?.version ?? 0);
  const lineage = useAsync((signal) => getLineage(name, version, signal), [name, version]);
  return (
    <div className="card">
      <div className="chart-title">
        <label className="check-label">
          Version
          <select value={version} onChange={(e) => setVersion(Number(e.target.value))} aria-label="Version for lineage">
            {versions.map((v) => (
              <option key={v.version} value={v.version}>
                Version {v.version}
              </option>
            ))}
          </select>
        </label>
      </div>
      {lineage.status === 'loading' ? <Spinner label="Loading lineage…" /> : null}
      {lineage.status === 'error' ? <ErrorBox error={lineage.error} title="Could not load the lineage" /> : null}
      {lineage.status === 'ok' ? <LineageDiagram lineage={lineage.data} /> : null}
    </div>
  );
}
