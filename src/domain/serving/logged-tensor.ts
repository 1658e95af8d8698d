import type { LoggedTensor } from '../predictions/prediction.js';
import type { Tensor } from './tensor.js';
import { tensorDataToJson } from './tensor-values.js';

/**
 * A tensor as the prediction log keeps it: plain JSON in the same form answers use (INT64/UINT64 as
 * numbers within ±(2^53-1), else decimal strings; BOOL as booleans; NaN and infinities as the
 * strings "NaN", "Infinity", "-Infinity"), so a logged prediction can be sent back as a request.
 */
export function toLoggedTensor(tensor: Tensor): LoggedTensor {
  return { name: tensor.name, datatype: tensor.datatype, shape: [...tensor.shape], data: tensorDataToJson(tensor.data, tensor.datatype) };
}

export function toLoggedTensors(tensors: readonly Tensor[]): LoggedTensor[] {
  return tensors.map(toLoggedTensor);
}
