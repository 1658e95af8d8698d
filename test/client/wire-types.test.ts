import { describe, expectTypeOf, it } from 'vitest';
import type { z } from 'zod';
import type * as sdk from '../../src/client/index.js';
import type { artifactListingSchema, fileInfoSchema } from '../../src/http/routes/v1/artifact-schemas.js';
import type { experimentPageSchema } from '../../src/http/routes/v1/experiment-schemas.js';
import type { experimentSchema, datasetInputSchema, keyValueSchema, metricSchema, runInfoSchema } from '../../src/http/routes/v1/schemas.js';

/** zod writes optional fields as `x?: T | undefined`; the SDK's types say `x?: T`. */
type Exact<T> = T extends readonly (infer E)[] ? Exact<E>[] : T extends object ? { [K in keyof T]: Exact<Exclude<T[K], undefined>> } : T;

describe('SDK types', () => {
  it('match the wire schemas of the server', () => {
    expectTypeOf<sdk.KeyValue>().toEqualTypeOf<Exact<z.output<typeof keyValueSchema>>>();
    expectTypeOf<sdk.Experiment>().toEqualTypeOf<Exact<z.output<typeof experimentSchema>>>();
    expectTypeOf<sdk.ExperimentPage>().toEqualTypeOf<Exact<z.output<typeof experimentPageSchema>>>();
    expectTypeOf<sdk.RunInfo>().toEqualTypeOf<Exact<z.output<typeof runInfoSchema>>>();
    expectTypeOf<sdk.DatasetInput>().toEqualTypeOf<Exact<z.output<typeof datasetInputSchema>>>();
    expectTypeOf<sdk.FileInfo>().toEqualTypeOf<Exact<z.output<typeof fileInfoSchema>>>();
    expectTypeOf<sdk.ArtifactListing>().toEqualTypeOf<Exact<z.output<typeof artifactListingSchema>>>();
    // The SDK decodes the "NaN"/"Infinity" strings, so only the value's type differs.
    expectTypeOf<Omit<sdk.Metric, 'value'>>().toEqualTypeOf<Exact<Omit<z.output<typeof metricSchema>, 'value'>>>();
  });
});
