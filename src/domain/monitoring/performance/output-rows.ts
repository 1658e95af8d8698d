import type { LoggedTensor } from '../../predictions/prediction.js';

// Output names that conventionally hold a predicted class or class probabilities (scikit-learn
// converters, Keras, common hand-written exports), tried when the monitor's task names none.
const labelNames = ['label', 'output_label', 'predicted_label', 'prediction', 'predictions', 'class', 'classes'];
const probabilityNames = ['probabilities', 'output_probability', 'probability', 'proba', 'probs', 'scores'];

export function isFloatTensor(t: LoggedTensor): boolean {
  return t.datatype === 'FP32' || t.datatype === 'FP64' || t.datatype === 'FP16';
}

/** The named output; `undefined` when absent. */
export function findOutput(outputs: readonly LoggedTensor[], name: string | undefined): LoggedTensor | undefined {
  return name === undefined ? undefined : outputs.find((o) => o.name === name);
}

/** Which outputs hold the predicted class and the probabilities, by the task's names or by convention. */
export function classificationOutputs(
  outputs: readonly LoggedTensor[],
  predictionOutput: string | undefined,
  probabilityOutput: string | undefined,
): { prediction: LoggedTensor | undefined; probabilities: LoggedTensor | undefined } {
  if (predictionOutput !== undefined || probabilityOutput !== undefined) {
    return { prediction: findOutput(outputs, predictionOutput), probabilities: findOutput(outputs, probabilityOutput) };
  }
  const byName = (names: string[]) => outputs.find((o) => names.includes(o.name.toLowerCase()));
  let prediction = byName(labelNames);
  let probabilities = outputs.find((o) => probabilityNames.includes(o.name.toLowerCase()) && isFloatTensor(o));
  // A model with one unnamed-by-convention output: floats are scores, anything else is the class.
  const first = outputs[0];
  if (!prediction && !probabilities && first) {
    if (isFloatTensor(first)) probabilities = first;
    else prediction = first;
  }
  if (prediction === probabilities) prediction = undefined;
  return { prediction, probabilities };
}

/** Rows of a tensor: its first dimension (a scalar is one row). */
export function tensorRows(t: LoggedTensor): number {
  return t.shape.length === 0 ? 1 : (t.shape[0] as number);
}

/** The values of the tensor's only row; `null` when it holds more or fewer than one row. */
export function onlyRow(t: LoggedTensor): LoggedTensor['data'] | null {
  if (tensorRows(t) !== 1 || t.data.length === 0) return null;
  return t.data;
}

/** A logged value as a finite number, else null (decimal strings of INT64 included). */
export function finiteNumber(v: number | string | boolean | null | undefined): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'string' && v.trim() !== '') {
    const n = Number(v);
    return Number.isFinite(n) ? n : null;
  }
  return null;
}
