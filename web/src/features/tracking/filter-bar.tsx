import { useEffect, useState, type FormEvent } from 'react';

const examples = [
  "metrics.accuracy > 0.9",
  "params.optimizer = 'adam' AND metrics.loss < 0.5",
  "attributes.status = 'FINISHED'",
  "tags.team ILIKE '%vision%'",
  "attributes.run_name LIKE 'sweep-%'",
];

/** The search box; it takes MLflow's filter grammar and applies it on Enter. */
export function FilterBar({ applied, onApply }: { applied: string; onApply: (filter: string) => void }) {
  const [text, setText] = useState(applied);
  useEffect(() => setText(applied), [applied]);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onApply(text.trim());
  };
  return (
    <form className="filter-bar" onSubmit={submit}>
      <input
        type="search"
        className="grow mono"
        value={text}
        onChange={(e) => setText(e.target.value)}
        placeholder="Filter runs: metrics.rmse < 1 AND params.model = 'tree'"
        aria-label="Filter runs"
        spellCheck={false}
      />
      <button type="submit" className="primary">
        Search
      </button>
      {applied ? (
        <button type="button" onClick={() => onApply('')}>
          Clear
        </button>
      ) : null}
      <details className="filter-help">
        <summary>Syntax</summary>
        <div className="filter-help-panel">
          <p>
            Clauses joined by <code>AND</code>: <code>metrics.x</code> with <code>= != &lt; &lt;= &gt; &gt;=</code> and a number;{' '}
            <code>params.x</code> / <code>tags.x</code> with <code>= != LIKE ILIKE</code> and a quoted string; attributes{' '}
            <code>run_name status user_id start_time end_time run_id</code>. Quote odd keys: <code>metrics.`f1 score`</code>.
          </p>
          <ul>
            {examples.map((example) => (
              <li key={example}>
                <button type="button" className="link-button mono" onClick={() => setText(example)}>
                  {example}
                </button>
              </li>
            ))}
          </ul>
        </div>
      </details>
    </form>
  );
}
