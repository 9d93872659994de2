import type { RequestContext } from '../../auth/permissions.ts';
import type { Db } from '../../db/database.ts';
import { withTenant } from '../../db/tenant.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { tenancyRepository } from './tenancy.repository.ts';
import { userRepository } from './user.repository.ts';

export function createTenancyService(db: Db, audit: AuditService) {
  return {
    async council(ctx: RequestContext) {
      return withTenant(db, ctx.actor.localAuthorityId, (tx) => tenancyRepository.council(tx, ctx.actor.localAuthorityId));
    },

    async users(ctx: RequestContext) {
      return withTenant(db, ctx.actor.localAuthorityId, async (tx) => {
        const users = await userRepository.list(tx);
        await audit.record(tx, ctx, { action: 'users.list', subjectType: 'app_user' });
        return users;
      });
    },
  };
}

export type TenancyService = ReturnType<typeof createTenancyService>;
