import { useState } from 'react';
import { deleteModelTag, setModelTag, updateModel } from '../../api/registry-native-client.js';
import { navigate } from '../../router.js';
import { Refusal, useEdit } from './refusal.js';
import { modelPath } from './models-page.js';

/** The model's description, with an editor in place for those who may write. */
export function DescriptionEditor({ model, description, canWrite, onChanged }: { model: string; description: string; canWrite: boolean; onChanged: () => void }) {
  const [draft, setDraft] = useState<string | null>(null);
  const edit = useEdit();
  const save = async () => {
    if (draft !== null && (await edit.run(() => updateModel(model, { description: draft })))) {
      setDraft(null);
      onChanged();
    }
  };
  if (draft === null) {
    return (
      <div className="description" data-testid="model-description">
        {description ? <p className="note">{description}</p> : <p className="muted small">No description.</p>}
        {canWrite ? (
          <button className="link-button small" onClick={() => setDraft(description)}>
            Edit description
          </button>
        ) : null}
      </div>
    );
  }
  return (
    <form className="description-form" aria-label="Edit description" onSubmit={(e) => { e.preventDefault(); void save(); }}>
      <textarea rows={3} value={draft} onChange={(e) => setDraft(e.target.value)} aria-label="Description" autoFocus />
      <div className="inline-form">
        <button className="primary" type="submit" disabled={edit.busy}>
          Save description
        </button>
        <button type="button" onClick={() => { setDraft(null); edit.clear(); }}>
          Cancel
        </button>
        <Refusal error={edit.error} />
      </div>
    </form>
  );
}

/** Renames in place; the page moves to the new name's URL, which is where the model now lives. */
export function RenameModel({ model }: { model: string }) {
  const [draft, setDraft] = useState<string | null>(null);
  const edit = useEdit();
  if (draft === null) {
    return (
      <button className="link-button small" onClick={() => setDraft(model)}>
        Rename
      </button>
    );
  }
  const save = async () => {
    const wanted = draft.trim();
    let renamed = model;
    if (await edit.run(async () => (renamed = await updateModel(model, { newName: wanted })))) navigate(modelPath(renamed), { replace: true });
  };
  return (
    <form className="inline-form" aria-label="Rename model" onSubmit={(e) => { e.preventDefault(); void save(); }}>
      <input value={draft} onChange={(e) => setDraft(e.target.value)} aria-label="New model name" autoFocus />
      <button className="primary" type="submit" disabled={edit.busy || !draft.trim() || draft.trim() === model}>
        Save name
      </button>
      <button type="button" onClick={() => { setDraft(null); edit.clear(); }}>
        Cancel
      </button>
      <Refusal error={edit.error} />
    </form>
  );
}

/** Model tags: each removable, and a key/value form to add one (an existing key takes the new value). */
export function ModelTags({ model, tags, canWrite, onChanged }: { model: string; tags: [string, string][]; canWrite: boolean; onChanged: () => void }) {
  const [key, setKey] = useState('');
  const [value, setValue] = useState('');
  const edit = useEdit();
  const add = async () => {
    if (await edit.run(() => setModelTag(model, key.trim(), value))) {
      setKey('');
      setValue('');
      onChanged();
    }
  };
  const remove = async (tagKey: string) => {
    if (await edit.run(() => deleteModelTag(model, tagKey))) onChanged();
  };
  return (
    <div>
      {tags.length === 0 ? <div className="empty">No tags.</div> : null}
      {tags.length > 0 ? (
        <table className="data-table kv" aria-label="model tags">
          <tbody>
            {tags.map(([k, v]) => (
              <tr key={k}>
                <th className="mono">{k}</th>
                <td className="mono wrap">{v}</td>
                {canWrite ? (
                  <td className="right">
                    <button className="link-button small" disabled={edit.busy} onClick={() => void remove(k)} aria-label={`Remove tag ${k}`}>
                      Remove
                    </button>
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {canWrite ? (
        <form className="inline-form top-gap wrap-form" aria-label="Add model tag" onSubmit={(e) => { e.preventDefault(); void add(); }}>
          <input value={key} onChange={(e) => setKey(e.target.value)} placeholder="key" aria-label="Tag key" />
          <input value={value} onChange={(e) => setValue(e.target.value)} placeholder="value" aria-label="Tag value" className="grow" />
          <button type="submit" disabled={edit.busy || !key.trim()}>
            Add tag
          </button>
        </form>
      ) : null}
      <Refusal error={edit.error} />
    </div>
  );
}
