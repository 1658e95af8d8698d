import { describe, expectTypeOf, it } from 'vitest';
import type { z } from 'zod';
import type * as sdk from '../../src/client/index.js';
import type { modelFileSchema, modelSignatureSchema } from '../../src/http/routes/v1/model-file-schemas.js';
import type { lineageSchema, modelVersionSchema, versionDetailSchema } from '../../src/http/routes/v1/registry-schemas.js';

/** zod writes optional fields as `x?: T | undefined`; the SDK's types say `x?: T`. */
type Exact<T> = T extends readonly (infer E)[] ? Exact<E>[] : T extends object ? { [K in keyof T]: Exact<Exclude<T[K], undefined>> } : T;

/** The SDK builds the lineage version as an intersection; compare its flattened form. */
type Flat<T> = { [K in keyof T]: T[K] };

describe('SDK types of version files', () => {
  it('match the wire schemas of the server', () => {
    expectTypeOf<sdk.ModelFile>().toEqualTypeOf<Exact<z.output<typeof modelFileSchema>>>();
    expectTypeOf<sdk.ModelSignature>().toEqualTypeOf<Exact<z.output<typeof modelSignatureSchema>>>();
    expectTypeOf<sdk.ModelVersion>().toEqualTypeOf<Exact<z.output<typeof modelVersionSchema>>>();
    expectTypeOf<sdk.ModelVersionDetail>().toEqualTypeOf<Exact<z.output<typeof versionDetailSchema>>>();
    expectTypeOf<Flat<sdk.ModelVersionLineage['version']>>().toEqualTypeOf<Exact<z.output<typeof lineageSchema>['version']>>();
  });
});
