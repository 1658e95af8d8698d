import { auditPageSchema, chainReportSchema, listAuditQuerySchema } from './audit-schemas.js';
import { jsonRoute, type AnyRoute } from './route.js';
import { defined } from './wire.js';

export const auditRoutes: AnyRoute[] = [
  jsonRoute({
    method: 'GET',
    path: '/audit',
    operationId: 'listAuditEvents',
    summary: 'Audit events matching the filters, newest first (one project needs read there; all of them need an admin)',
    tag: 'audit',
    query: listAuditQuerySchema,
    response: auditPageSchema,
    handler: async ({ query }, { audit }) => audit.list(defined(query)),
  }),
  jsonRoute({
    method: 'GET',
    path: '/audit/verify',
    operationId: 'verifyAuditChain',
    summary: 'Recompute the whole hash chain and name the first broken event (admin only)',
    tag: 'audit',
    response: chainReportSchema,
    handler: async (_input, { audit }) => audit.verify(),
  }),
];
