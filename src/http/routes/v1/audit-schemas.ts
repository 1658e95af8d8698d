import { z } from 'zod';
import { auditLimits } from '../../../domain/audit/audit-service.js';
import { epochMillisSchema, pageTokenSchema, responseComponents } from './schemas.js';

/** Epoch milliseconds, or an ISO 8601 date or time (`2026-11-27`, `2026-11-27T13:00:00Z`). */
const timeQuerySchema = z
  .string()
  .min(1)
  .transform((text, ctx) => {
    const millis = /^\d{1,15}$/.test(text) ? Number(text) : Date.parse(text);
    if (Number.isNaN(millis)) {
      ctx.addIssue({ code: 'custom', message: 'must be epoch milliseconds or an ISO 8601 date/time' });
      return z.NEVER;
    }
    return millis;
  })
  .describe('Epoch milliseconds or an ISO 8601 date/time; inclusive');

const filterText = (what: string) => z.string().min(1).max(auditLimits.filterLength).optional().describe(what);

export const listAuditQuerySchema = z.strictObject({
  resourceType: filterText('e.g. `experiment`, `run`, `artifact`, `model`, `model_version`, `model_card`, `project`, `promotion`'),
  resourceId: filterText('The resource\'s public id: experiment id, run id, model name, `name/version`, artifact path, ...'),
  actor: filterText('User name of whoever made the change (`local` without authentication, `system` for Cairn itself)'),
  action: filterText('An exact action (`model.alias.set`) or a prefix ending in `.` or `.*` (`model.`, `run.*`)'),
  project: filterText('Project name; without it the listing covers every project and needs an installation admin'),
  from: timeQuerySchema.optional(),
  to: timeQuerySchema.optional(),
  maxResults: z.coerce.number().int().min(1).max(auditLimits.maxResults).default(auditLimits.defaultMaxResults),
  pageToken: pageTokenSchema.optional(),
});

export const auditEventSchema = z
  .object({
    seq: z.number().int().describe('Position in the hash chain: 1, 2, 3, ... without gaps'),
    time: epochMillisSchema,
    actor: z.string(),
    action: z.string().describe('`<resource>.<verb>`, e.g. `run.log`, `model.alias.set`'),
    resourceType: z.string(),
    resourceId: z.string(),
    projectId: z.number().int().nullable(),
    project: z.string().nullable().describe('The project name; `null` for changes outside any project'),
    requestId: z.string().nullable().describe('The `x-request-id` of the HTTP request that made the change'),
    digest: z.string().describe('sha256 (hex) of the canonical JSON of the change (see docs/audit.md)'),
    details: z.record(z.string(), z.unknown()).describe('A small summary of the change'),
    prevHash: z.string().describe('`hash` of the event before; 64 zeros for the first'),
    hash: z.string().describe('sha256 (hex) chaining this event to the one before'),
  })
  .register(responseComponents, { id: 'AuditEvent' });

export const auditPageSchema = z
  .object({ events: z.array(auditEventSchema).describe('Newest first'), nextPageToken: z.string().optional() })
  .register(responseComponents, { id: 'AuditEventPage' });

export const chainReportSchema = z
  .object({
    ok: z.boolean(),
    checked: z.number().int().describe('Events found intact, from the first on'),
    headSeq: z.number().int().describe('The chain head when the check started'),
    firstBroken: z
      .object({ seq: z.number().int(), reason: z.string() })
      .optional()
      .describe('The first event found edited, removed or out of the chain'),
  })
  .register(responseComponents, { id: 'AuditChainReport' });
