import { useState } from 'react';
import { deleteVersion, setVersionStage } from '../../api/registry-native-client.js';
import type { ModelVersion } from '../../api/registry-client.js';
import { Refusal, useEdit } from './refusal.js';

const stages = ['None', 'Staging', 'Production', 'Archived'] as const;

/** Moves a version to a legacy stage; Staging and Production may archive the version(s) there now. */
function StageForm({ model, version, onChanged }: { model: string; version: ModelVersion; onChanged: () => void }) {
  const [stage, setStage] = useState(version.stage);
  const [archive, setArchive] = useState(false);
  const edit = useEdit();
  const canArchive = stage === 'Staging' || stage === 'Production';
  const save = async () => {
    if (await edit.run(() => setVersionStage(model, version.version, stage, canArchive && archive))) onChanged();
  };
  return (
    <form className="inline-form wrap-form" aria-label={`Stage of version ${version.version}`} onSubmit={(e) => { e.preventDefault(); void save(); }}>
      <label className="check-label">
        Stage{' '}
        <select value={stage} onChange={(e) => setStage(e.target.value)} aria-label={`New stage of version ${version.version}`}>
          {stages.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      </label>
      {canArchive ? (
        <label className="check-label">
          <input type="checkbox" checked={archive} onChange={(e) => setArchive(e.target.checked)} /> archive the versions now in {stage}
        </label>
      ) : null}
      <button type="submit" disabled={edit.busy || stage === version.stage}>
        Set stage
      </button>
      <Refusal error={edit.error} />
    </form>
  );
}

/** Deleting asks once more in place: the number is never reused and the version's aliases go with it. */
function DeleteVersion({ model, version, onChanged }: { model: string; version: ModelVersion; onChanged: () => void }) {
  const [confirming, setConfirming] = useState(false);
  const edit = useEdit();
  const remove = async () => {
    if (await edit.run(() => deleteVersion(model, version.version))) onChanged();
  };
  if (!confirming) {
    return (
      <div className="inline-form">
        <button className="danger" onClick={() => setConfirming(true)}>
          Delete version {version.version}…
        </button>
      </div>
    );
  }
  return (
    <div className="inline-form wrap-form confirm" role="group" aria-label={`Confirm deleting version ${version.version}`}>
      <span>
        Delete version {version.version} of <strong>{model}</strong>
        {version.aliases.length > 0 ? ` and its aliases ${version.aliases.map((a) => `@${a}`).join(', ')}` : ''}? This cannot be undone.
      </span>
      <button className="danger" disabled={edit.busy} onClick={() => void remove()}>
        Delete
      </button>
      <button disabled={edit.busy} onClick={() => { setConfirming(false); edit.clear(); }}>
        Cancel
      </button>
      <Refusal error={edit.error} />
    </div>
  );
}

export function VersionActions({ model, version, onChanged }: { model: string; version: ModelVersion; onChanged: () => void }) {
  return (
    <div className="version-actions">
      <StageForm model={model} version={version} onChanged={onChanged} />
      <DeleteVersion model={model} version={version} onChanged={onChanged} />
    </div>
  );
}
