import { useEffect, useRef, useState } from 'react';
import type { ColumnChoice } from './run-columns.js';
import { isSystemTag } from './run-columns.js';

interface Props {
  choice: ColumnChoice;
  metricKeys: string[];
  paramKeys: string[];
  tagKeys: string[];
  onChange: (choice: ColumnChoice) => void;
  onReset: () => void;
}

function KeyGroup(props: { title: string; keys: string[]; chosen: string[]; onToggle: (key: string) => void }) {
  if (props.keys.length === 0) return null;
  return (
    <fieldset className="picker-group">
      <legend>
        {props.title} <span className="muted">({props.keys.length})</span>
      </legend>
      {props.keys.map((key) => (
        <label key={key} className="picker-item" title={key}>
          <input type="checkbox" checked={props.chosen.includes(key)} onChange={() => props.onToggle(key)} />
          <span>{key}</span>
        </label>
      ))}
    </fieldset>
  );
}

/** Lists every metric, param and tag key seen in the loaded runs; ticked keys become columns. */
export function ColumnPicker({ choice, metricKeys, paramKeys, tagKeys, onChange, onReset }: Props) {
  const [open, setOpen] = useState(false);
  const [query, setQuery] = useState('');
  const ref = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    const close = (event: MouseEvent) => {
      if (ref.current && !ref.current.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', close);
    return () => document.removeEventListener('mousedown', close);
  }, [open]);

  const match = (key: string) => key.toLowerCase().includes(query.trim().toLowerCase());
  const toggle = (group: keyof ColumnChoice) => (key: string) => {
    const current = choice[group];
    onChange({ ...choice, [group]: current.includes(key) ? current.filter((k) => k !== key) : [...current, key] });
  };
  const count = choice.metrics.length + choice.params.length + choice.tags.length;

  return (
    <div className="picker" ref={ref}>
      <button type="button" onClick={() => setOpen(!open)} aria-expanded={open}>
        Columns <span className="pill">{count}</span>
      </button>
      {open ? (
        <div className="picker-panel" role="dialog" aria-label="Choose columns">
          <div className="picker-head">
            <input type="search" value={query} onChange={(e) => setQuery(e.target.value)} placeholder="Find a key" autoFocus />
            <button type="button" className="link-button" onClick={onReset}>
              Reset
            </button>
          </div>
          <div className="picker-body">
            <KeyGroup title="Metrics" keys={metricKeys.filter(match)} chosen={choice.metrics} onToggle={toggle('metrics')} />
            <KeyGroup title="Params" keys={paramKeys.filter(match)} chosen={choice.params} onToggle={toggle('params')} />
            <KeyGroup title="Tags" keys={tagKeys.filter((k) => !isSystemTag(k) && match(k))} chosen={choice.tags} onToggle={toggle('tags')} />
            {metricKeys.length + paramKeys.length === 0 ? <div className="muted">No metrics or params logged yet.</div> : null}
          </div>
        </div>
      ) : null}
    </div>
  );
}
