/** Alias chips: `champion → v3`. */
export function AliasChips({ aliases }: { aliases: { alias: string; version: number }[] }) {
  if (aliases.length === 0) return <span className="muted">—</span>;
  return (
    <span className="chips">
      {aliases.map((a) => (
        <span key={a.alias} className="chip" data-testid="alias-chip">
          <span className="chip-name">@{a.alias}</span>
          <span className="chip-version">v{a.version}</span>
        </span>
      ))}
    </span>
  );
}
