import type { MonitorWindowView } from '../../api/monitoring-client.js';
import { cellColor, driftRatio } from './drift-colors.js';
import { formatNumber, formatTime } from '../../lib/format.js';
import './monitoring.css';

export interface CellChoice {
  feature: string;
  windowStart: number;
}

const cell = { w: 58, h: 24 };
const labelWidth = 150;
const headHeight = 34;

const two = (n: number) => String(n).padStart(2, '0');

/** Column labels: the windows' start times, to the second when minutes alone would repeat (count windows fill fast). */
function windowLabels(windows: MonitorWindowView[]): string[] {
  const minutes = windows.map((w) => {
    const d = new Date(w.start);
    return `${two(d.getHours())}:${two(d.getMinutes())}`;
  });
  if (new Set(minutes).size === minutes.length) return minutes;
  return windows.map((w, i) => `${minutes[i]}:${two(new Date(w.start).getSeconds())}`);
}

/** Feature x window grid of drift scores, oldest window on the left; a click picks a cell. */
export function DriftHeatmap({ windows, selected, onSelect }: { windows: MonitorWindowView[]; selected: CellChoice | null; onSelect: (c: CellChoice) => void }) {
  const judged = windows.filter((w) => w.drift !== null).sort((a, b) => a.start - b.start);
  if (judged.length === 0) return <div className="empty small">No window has been judged for drift yet: set a reference, send predictions, then run the monitor.</div>;
  const labels = windowLabels(judged);
  const windowLabel = (w: MonitorWindowView) => labels[judged.indexOf(w)] ?? '';
  const features: string[] = [];
  for (const w of judged) for (const f of w.drift?.features ?? []) if (!features.includes(f.name)) features.push(f.name);
  const width = labelWidth + judged.length * cell.w + 4;
  const height = headHeight + (features.length + 1) * cell.h + 4;

  return (
    <div className="card h-scroll">
      <svg className="heatmap" width={width} height={height} role="img" aria-label="Drift heatmap">
        {judged.map((w, j) => (
          <text key={w.start} className="tick" x={labelWidth + j * cell.w + cell.w / 2} y={headHeight - 8} textAnchor="middle">
            <title>{`${formatTime(w.start)} – ${formatTime(w.end)}${w.closed ? '' : ' (open)'}`}</title>
            {windowLabel(w)}
            {w.closed ? '' : '*'}
          </text>
        ))}
        <text className="row-label strong" x={labelWidth - 6} y={headHeight + cell.h / 2 + 4} textAnchor="end">
          dataset (share)
        </text>
        {judged.map((w, j) => {
          const d = w.drift?.dataset;
          if (!d) return null;
          const ratio = d.driftShare > 0 ? d.share / d.driftShare : null;
          return (
            <g key={w.start} transform={`translate(${labelWidth + j * cell.w},${headHeight})`} aria-label={`dataset ${windowLabel(w)}: ${d.driftedColumns} of ${d.columns} drifted${d.drift ? ', drift' : ''}`}>
              <rect width={cell.w - 2} height={cell.h - 2} fill={cellColor(ratio)} rx={3} />
              <text className="cell-text" x={(cell.w - 2) / 2} y={cell.h / 2 + 3} textAnchor="middle">
                {d.driftedColumns}/{d.columns}
              </text>
            </g>
          );
        })}
        {features.map((name, i) => (
          <g key={name}>
            <text className="row-label" x={labelWidth - 6} y={headHeight + (i + 1) * cell.h + cell.h / 2 + 4} textAnchor="end">
              {name.length > 22 ? `${name.slice(0, 21)}…` : name}
            </text>
            {judged.map((w, j) => {
              const f = w.drift?.features.find((x) => x.name === name);
              const ratio = f && !f.skipped ? driftRatio(f) : null;
              const isSelected = selected?.feature === name && selected.windowStart === w.start;
              const text = f ? (f.skipped ? `skipped: ${f.skipped}` : `${f.method} ${formatNumber(f.score ?? undefined)} vs ${formatNumber(f.threshold)}${f.drift ? ', drift' : ''}`) : 'not in this window';
              return (
                <g
                  key={w.start}
                  transform={`translate(${labelWidth + j * cell.w},${headHeight + (i + 1) * cell.h})`}
                  role="button"
                  tabIndex={0}
                  className="heat-cell"
                  aria-label={`${name} ${windowLabel(w)}: ${text}`}
                  data-drift={f?.drift ? 'true' : 'false'}
                  onClick={() => onSelect({ feature: name, windowStart: w.start })}
                  onKeyDown={(e) => (e.key === 'Enter' || e.key === ' ') && onSelect({ feature: name, windowStart: w.start })}
                >
                  <title>{text}</title>
                  <rect width={cell.w - 2} height={cell.h - 2} fill={cellColor(ratio)} rx={3} className={isSelected ? 'selected' : undefined} />
                  {/* Drifted cells carry a mark, so the verdict does not rest on colour alone. */}
                  {f?.drift ? (
                    <text className="cell-text strong" x={(cell.w - 2) / 2} y={cell.h / 2 + 3} textAnchor="middle">
                      ×
                    </text>
                  ) : null}
                </g>
              );
            })}
          </g>
        ))}
      </svg>
      <div className="muted small">
        Green: well within the threshold; amber: near it; red: past it (× marks a drifted feature). Grey: skipped or not judged. * marks the open window. Click a cell
        for the distributions.
      </div>
    </div>
  );
}
