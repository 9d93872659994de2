import { recordScope, type RequestContext } from '../../auth/permissions.ts';
import type { Db } from '../../db/database.ts';
import { randomUUID } from 'node:crypto';
import { withTenant, type Tx } from '../../db/tenant.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../platform/errors.ts';
import { isoDate, type Clock } from '../../platform/clock.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { familyRepository } from '../people/family.repository.ts';
import { isUuid } from '../people/family.service.ts';
import { tenancyRepository } from '../tenancy/tenancy.repository.ts';
import { userRepository } from '../tenancy/user.repository.ts';
import { caseRepository } from './case.repository.ts';
import { caseloadStatus } from './caseload.ts';

export function createCaseService(db: Db, audit: AuditService, clock: Clock) {
  async function guidance(tx: Parameters<typeof tenancyRepository.team>[0], teamId: string | null) {
    const team = teamId ? await tenancyRepository.team(tx, teamId) : undefined;
    return team ?? { id: null, name: 'No team', caseload_guidance_min: 5, caseload_guidance_max: 10 };
  }

  return {
    async myCaseload(ctx: RequestContext) {
      return withTenant(db, ctx.actor.localAuthorityId, async (tx) => {
        const [cases, team] = await Promise.all([caseRepository.caseload(tx, ctx.actor.id), guidance(tx, ctx.actor.teamId)]);
        await audit.record(tx, ctx, { action: 'caseload.view', subjectType: 'app_user', subjectId: ctx.actor.id, details: { families: cases.length } });
        return { cases, team, status: caseloadStatus(cases.length, team.caseload_guidance_min, team.caseload_guidance_max) };
      });
    },

    async teamCaseloads(ctx: RequestContext) {
      const teamId = ctx.actor.teamId;
      if (!teamId) throw new NotFoundError('Team');
      return withTenant(db, ctx.actor.localAuthorityId, async (tx) => {
        const [workers, awaiting, team] = await Promise.all([caseRepository.teamCaseloads(tx, teamId), caseRepository.awaitingAllocation(tx, teamId), guidance(tx, teamId)]);
        await audit.record(tx, ctx, { action: 'team.caseloads.view', subjectType: 'team', subjectId: teamId });
        return {
          team,
          workers: workers.map((w) => ({ ...w, open_cases: Number(w.open_cases), status: caseloadStatus(Number(w.open_cases), team.caseload_guidance_min, team.caseload_guidance_max) })),
          awaiting,
        };
      });
    },

    /** The allocation form: the case, its family and the team's keyworkers with their loads. */
    async allocationOptions(ctx: RequestContext, caseId: string) {
      if (!isUuid(caseId)) throw new NotFoundError('Case');
      return withTenant(db, ctx.actor.localAuthorityId, async (tx) => {
        const found = await caseRepository.find(tx, caseId);
        if (!found || found.team_id !== ctx.actor.teamId) throw new NotFoundError('Case');
        const family = await familyRepository.findVisible(tx, recordScope(ctx.actor), isoDate(clock.now()), found.family_unit_id);
        if (!family) throw new NotFoundError('Case');
        const [workers, team] = await Promise.all([caseRepository.teamCaseloads(tx, found.team_id), guidance(tx, found.team_id)]);
        return {
          case: found,
          family,
          team,
          keyworkers: workers.map((w) => {
            const open = Number(w.open_cases);
            return { id: w.id, display_name: w.display_name, open_cases: open, status: caseloadStatus(open, team.caseload_guidance_min, team.caseload_guidance_max), overloadedAfter: open + 1 > team.caseload_guidance_max };
          }),
        };
      });
    },

    /** Allocate or reallocate a case. Returns a warning when the keyworker goes over guidance. */
    async allocate(ctx: RequestContext, caseId: string, input: { keyworkerId: string; note: string }) {
      if (!isUuid(caseId)) throw new NotFoundError('Case');
      const note = input.note.trim();
      const errors: Record<string, string> = {};
      if (!input.keyworkerId) errors.keyworkerId = 'Select a keyworker';
      if (note.length > 1000) errors.note = 'Reason must be 1000 characters or fewer';
      if (Object.keys(errors).length > 0) throw new ValidationError(errors);
      return withTenant(db, ctx.actor.localAuthorityId, async (tx) => {
        const found = await caseRepository.find(tx, caseId);
        if (!found || found.team_id !== ctx.actor.teamId) throw new NotFoundError('Case');
        if (found.status === 'closed') throw new ConflictError('This case is closed. Reopen it before allocating it.');
        const keyworker = isUuid(input.keyworkerId) ? await userRepository.findById(tx, input.keyworkerId) : undefined;
        if (!keyworker || keyworker.team_id !== found.team_id || !keyworker.active || !['keyworker', 'team_manager'].includes(keyworker.role)) {
          throw new ValidationError({ keyworkerId: 'Select a keyworker from this team' });
        }
        if (keyworker.id === found.keyworker_id) throw new ValidationError({ keyworkerId: `${keyworker.display_name} already holds this case` });
        await caseRepository.setKeyworker(tx, found.id, keyworker.id, 'open');
        await caseRepository.insertHistory(tx, {
          local_authority_id: ctx.actor.localAuthorityId,
          case_id: found.id,
          kind: 'allocation',
          from_value: found.keyworker_name ?? null,
          to_value: keyworker.display_name,
          note: note || null,
          changed_by: ctx.actor.id,
        });
        if (found.status !== 'open') {
          await caseRepository.insertHistory(tx, { local_authority_id: ctx.actor.localAuthorityId, case_id: found.id, kind: 'status', from_value: found.status, to_value: 'open', note: null, changed_by: ctx.actor.id });
        }
        await audit.record(tx, ctx, {
          action: found.keyworker_id ? 'case.reallocate' : 'case.allocate',
          subjectType: 'support_case',
          subjectId: found.id,
          details: { from: found.keyworker_id, to: keyworker.id, note: note || null },
        });
        const team = await guidance(tx, found.team_id);
        const open = await caseRepository.openCaseCount(tx, keyworker.id);
        const over = open > team.caseload_guidance_max;
        return {
          familyUnitId: found.family_unit_id,
          keyworkerName: keyworker.display_name,
          warning: over ? `${keyworker.display_name} now holds ${open} families, above the team's guidance of ${team.caseload_guidance_min} to ${team.caseload_guidance_max}.` : null,
        };
      });
    },

    /**
     * Opens a case awaiting allocation for a team, inside the caller's transaction (a panel's
     * decision in identification: the panel's evidence snapshot stays on its panel_family row).
     */
    async openFromPanel(tx: Tx, ctx: RequestContext, input: { familyUnitId: string; teamId: string; tier: 'intensive' | 'targeted' | 'light_touch'; note: string; openedOn: string }): Promise<string> {
      const team = await tenancyRepository.team(tx, input.teamId);
      if (!team) throw new ValidationError({ teamId: 'Choose a team' });
      const caseId = await caseRepository.insert(tx, {
        local_authority_id: ctx.actor.localAuthorityId,
        reference: `CASE-${randomUUID().slice(0, 8).toUpperCase()}`,
        family_unit_id: input.familyUnitId,
        team_id: team.id,
        keyworker_id: null,
        status: 'awaiting_allocation',
        tier: input.tier,
        opened_on: input.openedOn,
      });
      await caseRepository.insertHistory(tx, { local_authority_id: ctx.actor.localAuthorityId, case_id: caseId, kind: 'status', from_value: null, to_value: 'awaiting_allocation', note: input.note, changed_by: ctx.actor.id });
      await audit.record(tx, ctx, { action: 'case.open', subjectType: 'support_case', subjectId: caseId, details: { familyUnitId: input.familyUnitId, teamId: team.id, tier: input.tier, route: 'panel' } });
      return caseId;
    },
  };
}

export type CaseService = ReturnType<typeof createCaseService>;
