// Every read of a family's record and every write is recorded here, in the same transaction as
// the work itself: if the work rolls back, so does its audit, and no work commits unaudited.
import type { RequestContext } from '../../auth/permissions.ts';
import type { Db } from '../../db/database.ts';
import { withTenant, type Tx } from '../../db/tenant.ts';
import { auditRepository, type AuditFilter } from './audit.repository.ts';

export interface AuditEntry {
  action: string;
  subjectType: string;
  subjectId?: string | null;
  details?: Record<string, unknown>;
}

export function createAuditService(db: Db) {
  return {
    async record(tx: Tx, ctx: RequestContext, entry: AuditEntry): Promise<void> {
      await auditRepository.insert(tx, {
        local_authority_id: ctx.actor.localAuthorityId,
        actor_id: ctx.actor.id,
        actor_name: `${ctx.actor.displayName} <${ctx.actor.email}>`,
        action: entry.action,
        subject_type: entry.subjectType,
        subject_id: entry.subjectId ?? null,
        correlation_id: ctx.correlationId,
        details: entry.details ?? {},
      });
    },

    /** For events without a signed-in person yet (e.g. a failed sign-in for a known account). */
    async recordSystem(tx: Tx, localAuthorityId: string, correlationId: string, entry: AuditEntry & { actorName: string; actorId?: string | null }): Promise<void> {
      await auditRepository.insert(tx, {
        local_authority_id: localAuthorityId,
        actor_id: entry.actorId ?? null,
        actor_name: entry.actorName,
        action: entry.action,
        subject_type: entry.subjectType,
        subject_id: entry.subjectId ?? null,
        correlation_id: correlationId,
        details: entry.details ?? {},
      });
    },

    async list(ctx: RequestContext, filter: AuditFilter) {
      return withTenant(db, ctx.actor.localAuthorityId, async (tx) => {
        const [page, actions] = await Promise.all([auditRepository.list(tx, filter), auditRepository.actions(tx)]);
        return { ...page, actions };
      });
    },
  };
}

export type AuditService = ReturnType<typeof createAuditService>;
