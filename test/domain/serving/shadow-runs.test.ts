import { describe, expect, it } from 'vitest';
import { AfterAnswers, type AfterAnswer } from '../../../src/domain/serving/shadow-runs.js';
import type { Tensor } from '../../../src/domain/serving/tensor.js';
import { CollectingSink } from './inference-harness.js';

const output: Tensor = { name: 'y', datatype: 'FP32', shape: [1], data: Float32Array.from([0.5]) };

function work(id: string, sink: CollectingSink, runShadow: AfterAnswer['runShadow']): AfterAnswer {
  const head = { id, time: 0, deploymentId: 1, deployment: 'd', projectId: 1, revision: 1, model: 'm', version: 1, latencyMs: 1 };
  return { head, inputs: [], outputs: [output], shadows: [{ model: 'm', version: 2 }], runShadow, logged: true, sink };
}

describe('the work after an answer', () => {
  it('skips the shadows of requests past the limit of requests still shadowing, and logs why', async () => {
    const sink = new CollectingSink();
    const afterAnswers = new AfterAnswers(1);
    let release!: () => void;
    const slow = new Promise<void>((resolve) => (release = resolve));
    afterAnswers.add(work('first', sink, async () => (await slow, [output])));
    await new Promise((resolve) => setImmediate(resolve));
    afterAnswers.add(work('second', sink, async () => [output]));

    const [skipped] = await sink.until(1);
    expect(skipped).toMatchObject({ id: 'second', shadows: [{ model: 'm', version: 2, outputs: null, error: expect.stringMatching(/^skipped/) }] });
    release();
    const records = await sink.until(2);
    expect(records[1]).toMatchObject({ id: 'first', shadows: [{ model: 'm', version: 2, error: null, outputs: [{ name: 'y', data: [0.5] }] }] });
  });
});
