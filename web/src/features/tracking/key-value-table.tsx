import { useState } from 'react';

/** A two-column table with a quick filter once it grows long. */
export function KeyValueTable({ entries, empty, label }: { entries: [string, string][]; empty: string; label: string }) {
  const [query, setQuery] = useState('');
  if (entries.length === 0) return <div className="empty small">{empty}</div>;
  const q = query.trim().toLowerCase();
  const shown = q ? entries.filter(([k, v]) => k.toLowerCase().includes(q) || v.toLowerCase().includes(q)) : entries;
  return (
    <div>
      {entries.length > 12 ? (
        <input type="search" className="kv-filter" value={query} onChange={(e) => setQuery(e.target.value)} placeholder={`Filter ${label}`} />
      ) : null}
      <table className="data-table kv" aria-label={label}>
        <tbody>
          {shown.map(([key, value]) => (
            <tr key={key}>
              <th scope="row" className="mono">
                {key}
              </th>
              <td className="mono wrap">{value}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
