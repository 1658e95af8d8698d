import { describe, expect, it } from 'vitest';
import { drainingModel } from '../../../src/domain/serving/draining-model.js';
import type { Tensor } from '../../../src/domain/serving/tensor.js';

function gatedModel() {
  const events: string[] = [];
  let open: () => void = () => {};
  const model = {
    estimatedMemoryBytes: 7,
    async run(inputs: readonly Tensor[]): Promise<Tensor[]> {
      events.push('run');
      await new Promise<void>((resolve) => (open = resolve));
      events.push('ran');
      return [...inputs];
    },
    async release(): Promise<void> {
      events.push('released');
    },
  };
  return { model, events, open: () => open() };
}

describe('drainingModel', () => {
  it('releases only after the runs in flight finish, and refuses runs that start later', async () => {
    const { model, events, open } = gatedModel();
    const wrapped = drainingModel(model);
    expect(wrapped.estimatedMemoryBytes).toBe(7);
    const running = wrapped.run([]);
    await new Promise((resolve) => setImmediate(resolve));
    const releasing = wrapped.release();
    await expect(wrapped.run([])).rejects.toMatchObject({ code: 'INVALID_STATE' });
    expect(events).toEqual(['run']);
    open();
    await running;
    await releasing;
    expect(events).toEqual(['run', 'ran', 'released']);
  });

  it('releases at once when idle, and only once', async () => {
    const { model, events } = gatedModel();
    const wrapped = drainingModel(model);
    await wrapped.release();
    await wrapped.release();
    expect(events).toEqual(['released']);
  });
});
