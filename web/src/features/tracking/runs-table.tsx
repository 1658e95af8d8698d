import { useEffect, useRef, type ReactNode } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { Run } from '../../api/tracking-model.js';
import { formatAgo, formatDuration, formatNumber, formatTime } from '../../lib/format.js';
import { Link } from '../../router.js';
import type { Column, SortOrder } from './run-columns.js';
import { parentRunId } from './run-columns.js';

const rowHeight = 34;
const checkboxWidth = 40;

interface Props {
  runs: Run[];
  columns: Column[];
  sort: SortOrder;
  onSort: (column: Column) => void;
  selected: ReadonlySet<string>;
  onToggle: (runId: string) => void;
  onClearSelection: () => void;
  hasMore: boolean;
  generation: number;
  loading: boolean;
  onNeedMore: () => void;
}

function cell(run: Run, column: Column): { content: ReactNode; title?: string } {
  switch (column.kind) {
    case 'metric': {
      const value = run.metrics.get(column.key)?.value;
      return { content: formatNumber(value), title: value === undefined ? '' : String(value) };
    }
    case 'param':
      return { content: run.params.get(column.key) ?? '', title: run.params.get(column.key) ?? '' };
    case 'tag':
      return { content: run.tags.get(column.key) ?? '', title: run.tags.get(column.key) ?? '' };
    case 'attribute':
      break;
  }
  switch (column.key) {
    case 'run_name': {
      const parent = parentRunId(run);
      return {
        content: (
          <Link to={`/experiments/${encodeURIComponent(run.experimentId)}/runs/${encodeURIComponent(run.id)}`} className="run-link">
            {parent ? <span className="child-mark" title={`Child of run ${parent}`}>↳</span> : null}
            {run.name}
          </Link>
        ),
        title: run.name,
      };
    }
    case 'status':
      return { content: <span className={`dot status-${run.status.toLowerCase()}`}>{run.status.toLowerCase()}</span> };
    case 'start_time':
      return { content: formatAgo(run.startTime), title: formatTime(run.startTime) };
    case 'duration':
      return { content: run.endTime === null && run.status === 'RUNNING' ? 'running' : formatDuration(run.startTime, run.endTime) };
    case 'user_id':
      return { content: run.userId, title: run.userId };
    default:
      return { content: '' };
  }
}

/**
 * Only the rows in view (plus a small overscan) exist in the DOM, so ten thousand runs
 * scroll as smoothly as ten. Scrolling near the end asks for the next page.
 */
export function RunsTable(props: Props) {
  const { runs, columns, sort, selected } = props;
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: runs.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    overscan: 12,
  });
  const items = virtualizer.getVirtualItems();
  const lastIndex = items[items.length - 1]?.index ?? -1;

  const { hasMore, loading, onNeedMore, generation } = props;
  useEffect(() => {
    // A new filter or order starts a new list: show it from the top.
    if (scrollRef.current) scrollRef.current.scrollTop = 0;
  }, [generation]);
  useEffect(() => {
    const el = scrollRef.current;
    // The DOM check guards the render right after a scroll reset, when the virtual range is stale.
    const nearEnd = el !== null && el.scrollTop + el.clientHeight >= el.scrollHeight - 40 * rowHeight;
    if (hasMore && !loading && lastIndex >= runs.length - 40 && nearEnd) onNeedMore();
  }, [lastIndex, runs.length, hasMore, loading, onNeedMore]);

  const template = `${checkboxWidth}px ${columns.map((c) => `${c.width}px`).join(' ')}`;
  const totalWidth = checkboxWidth + columns.reduce((sum, c) => sum + c.width, 0);

  return (
    <div className="runs-scroll" ref={scrollRef} role="table" aria-label="Runs" aria-rowcount={runs.length + 1}>
      <div className="runs-head" role="row" style={{ gridTemplateColumns: template, width: totalWidth }}>
        <div className="cell check" role="columnheader">
          <input
            type="checkbox"
            aria-label="Clear selection"
            checked={selected.size > 0}
            disabled={selected.size === 0}
            onChange={props.onClearSelection}
          />
        </div>
        {columns.map((column) => {
          const active = column.sortKey !== null && column.sortKey === sort.key;
          const sortable = column.sortKey !== null;
          return (
            <div
              key={column.id}
              role="columnheader"
              aria-sort={active ? (sort.descending ? 'descending' : 'ascending') : 'none'}
              className={`cell head kind-${column.kind}${sortable ? ' sortable' : ''}${active ? ' sorted' : ''}${column.align === 'right' ? ' right' : ''}`}
              title={sortable ? `Sort by ${column.sortKey ?? ''}` : column.label}
              onClick={sortable ? () => props.onSort(column) : undefined}
            >
              {column.kind !== 'attribute' ? <span className="kind-mark">{column.kind[0]}</span> : null}
              <span className="head-label">{column.label}</span>
              {active ? <span className="arrow">{sort.descending ? '▼' : '▲'}</span> : null}
            </div>
          );
        })}
      </div>
      <div style={{ height: virtualizer.getTotalSize(), width: totalWidth, position: 'relative' }}>
        {items.map((item) => {
          const run = runs[item.index];
          if (!run) return null;
          const isSelected = selected.has(run.id);
          return (
            <div
              key={run.id}
              role="row"
              className={`runs-row${isSelected ? ' selected' : ''}${item.index % 2 ? ' odd' : ''}`}
              data-run-id={run.id}
              style={{ gridTemplateColumns: template, width: totalWidth, height: rowHeight, transform: `translateY(${item.start}px)` }}
            >
              <div className="cell check" role="cell">
                <input type="checkbox" aria-label={`Select ${run.name}`} checked={isSelected} onChange={() => props.onToggle(run.id)} />
              </div>
              {columns.map((column) => {
                const { content, title } = cell(run, column);
                return (
                  <div key={column.id} role="cell" className={`cell${column.align === 'right' ? ' right num' : ''}`} title={title}>
                    {content}
                  </div>
                );
              })}
            </div>
          );
        })}
      </div>
    </div>
  );
}
