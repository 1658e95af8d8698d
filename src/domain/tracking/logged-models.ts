import { invalidArgument } from '../errors.js';

/** Keys the MLflow server insists on in a `runs/log-model` dictionary. */
const requiredModelKeys = ['artifact_path', 'flavors', 'utc_time_created', 'run_id'] as const;

/**
 * Validates `modelJson` (an MLmodel dictionary as a JSON string) and returns the new value of the
 * `mlflow.log-model.history` tag: the existing JSON list with this model appended.
 */
export function appendLoggedModel(history: string | undefined, modelJson: string): string {
  let model: unknown;
  try {
    model = JSON.parse(modelJson);
  } catch {
    throw invalidArgument('model_json: not valid JSON');
  }
  if (typeof model !== 'object' || model === null || Array.isArray(model)) throw invalidArgument('model_json: must be a JSON object');
  const missing = requiredModelKeys.filter((key) => !(key in model));
  if (missing.length > 0) throw invalidArgument(`model_json: missing required keys ${missing.map((key) => `'${key}'`).join(', ')}`);
  let entries: unknown[] = [];
  if (history) {
    try {
      const parsed: unknown = JSON.parse(history);
      if (Array.isArray(parsed)) entries = parsed;
    } catch {
      // A hand-edited, unreadable history is replaced rather than blocking every later log-model.
    }
  }
  entries.push(model);
  return JSON.stringify(entries);
}
