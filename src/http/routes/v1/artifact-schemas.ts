import { z } from 'zod';
import { responseComponents } from './schemas.js';

export const fileInfoSchema = z
  .object({
    path: z.string().describe("Relative to the run's artifact root, e.g. `model/MLmodel`"),
    isDir: z.boolean(),
    fileSize: z.number().int().min(0).optional().describe('Bytes; absent for folders'),
  })
  .register(responseComponents, { id: 'FileInfo' });

export const artifactListingSchema = z
  .object({
    rootUri: z.string().describe("The run's artifact URI"),
    files: z.array(fileInfoSchema).describe('Children of the listed folder, files and folders, in path order'),
  })
  .register(responseComponents, { id: 'ArtifactListing' });

export const listArtifactsQuerySchema = z.strictObject({
  path: z.string().default('').describe('Folder to list, relative to the run root; the root when absent'),
});

export const artifactFileQuerySchema = z.strictObject({
  path: z.string().min(1).describe('File path relative to the run root, e.g. `model/MLmodel`'),
});

export const uploadedArtifactSchema = z.object({ file: fileInfoSchema }).register(responseComponents, { id: 'UploadedArtifact' });
