import { projectRoles, roleAllows } from '../../src/domain/access/roles.js';
import type { Action } from './access-actions.js';
import type { AlphaProject, Who } from './access-fixture.js';

/** Opens a promotion of the promo model to `alias` as `by` (the installation admin by default); answers its id. */
async function opened(p: AlphaProject, alias: string, by = p.admin): Promise<string> {
  const { promotion } = await by.ok<{ promotion: { id: string } }>('POST', '/api/v1/promotions', { model: p.promoModel, version: 1, alias });
  return promotion.id;
}

/** Those who can open a request, and so withdraw one of their own. */
const requesters: readonly Who[] = projectRoles.filter((role) => roleAllows(role, 'write'));

/** Promotions, policies, the project and its members, and the project's audit trail. */
export const governanceActions: Action[] = [
  // promotions (governance-routes.ts)
  { what: 'openPromotion', surface: 'native', needs: 'write', run: (as, who, p) => as.call('POST', '/api/v1/promotions', { model: p.promoModel, version: 1, alias: `req-${who}` }) },
  { what: 'getPromotion', surface: 'native', needs: 'read', run: (as, _w, p) => as.call('GET', `/api/v1/promotions/${p.promotionId}`) },
  { what: 'listPromotions of the project', surface: 'native', needs: 'read', run: (as) => as.call('GET', '/api/v1/promotions?project=alpha') },
  {
    what: 'approvePromotion',
    surface: 'native',
    needs: 'approve',
    prepare: (p, who) => opened(p, `ok-${who}`),
    run: (as, _w, _p, id) => as.call('POST', `/api/v1/promotions/${id}/approve`, { comment: 'fine' }),
  },
  {
    what: 'rejectPromotion',
    surface: 'native',
    needs: 'approve',
    prepare: (p, who) => opened(p, `no-${who}`),
    run: (as, _w, _p, id) => as.call('POST', `/api/v1/promotions/${id}/reject`, { comment: 'not yet' }),
  },
  {
    what: "withdrawPromotion of someone else's request",
    surface: 'native',
    needs: 'manage',
    prepare: (p, who) => opened(p, `theirs-${who}`),
    run: (as, _w, _p, id) => as.call('POST', `/api/v1/promotions/${id}/withdraw`, {}),
  },
  {
    what: 'withdrawPromotion of its own request',
    surface: 'native',
    needs: 'write',
    only: requesters,
    prepare: (p, who) => opened(p, `mine-${who}`, p.as[who]),
    run: (as, _w, _p, id) => as.call('POST', `/api/v1/promotions/${id}/withdraw`, {}),
  },
  // policies
  { what: 'listPolicies', surface: 'native', needs: 'read', run: (as) => as.call('GET', '/api/v1/projects/alpha/policies') },
  {
    what: 'putPolicy',
    surface: 'native',
    needs: 'manage',
    run: (as) => as.call('PUT', '/api/v1/projects/alpha/policies/critical', { approvals: 3, separationOfDuties: true, checks: ['card_complete'] }),
  },
  {
    what: 'resetPolicy',
    surface: 'native',
    needs: 'manage',
    prepare: async (p) => {
      await p.admin.ok('PUT', '/api/v1/projects/alpha/policies/high', { approvals: 3, separationOfDuties: true, checks: [] });
      return 'high';
    },
    run: (as, _w, _p, tier) => as.call('DELETE', `/api/v1/projects/alpha/policies/${tier}`),
  },
  // the project and its members (access-routes.ts)
  { what: 'getProject', surface: 'native', needs: 'read', run: (as) => as.call('GET', '/api/v1/projects/alpha') },
  { what: 'updateProject', surface: 'native', needs: 'manage', run: (as, who) => as.call('PATCH', '/api/v1/projects/alpha', { description: `by ${who}` }) },
  { what: 'listMembers', surface: 'native', needs: 'read', run: (as) => as.call('GET', '/api/v1/projects/alpha/members') },
  {
    what: 'removeMember',
    surface: 'native',
    needs: 'manage',
    prepare: async (p, who) => {
      const user = `leaving-${who}`;
      await p.admin.ok('POST', '/api/v1/users', { name: user });
      await p.admin.ok('PUT', `/api/v1/projects/alpha/members/${user}`, { role: 'viewer' });
      return user;
    },
    run: (as, _w, _p, user) => as.call('DELETE', `/api/v1/projects/alpha/members/${user}`),
  },
  // the audit trail of one project (audit-routes.ts)
  { what: 'listAuditEvents of the project', surface: 'native', needs: 'read', run: (as) => as.call('GET', '/api/v1/audit?project=alpha&maxResults=5') },
];
