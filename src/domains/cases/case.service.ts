import { recordScope, type RequestContext } from '../../auth/permissions.ts';
import type { Db } from '../../db/database.ts';
import { randomUUID } from 'node:crypto';
import { withTenant, type Tx } from '../../db/tenant.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../platform/errors.ts';
import { isoDate, type Clock } from '../../platform/clock.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { familyRepository } from '../people/family.repository.ts';
import { isUuid } from '../../platform/ids.ts';
import { tenancyRepository } from '../tenancy/tenancy.repository.ts';
import { userRepository } from '../tenancy/user.repository.ts';
import { caseRepository } from './case.repository.ts';
import { assessLoad, type WeighedCase } from './allocation.ts';
import { settingsRepository, type CaseworkSettings } from './settings.repository.ts';
import { dueRepository } from './due.repository.ts';
import { DUE_KIND_LABELS, DUE_STATUS_LABELS, dueItems } from './due.ts';

export function createCaseService(db: Db, audit: AuditService, clock: Clock) {
  async function guidance(tx: Parameters<typeof tenancyRepository.team>[0], teamId: string | null) {
    const team = teamId ? await tenancyRepository.team(tx, teamId) : undefined;
    return team ?? { id: null, name: 'No team', caseload_guidance_min: 5, caseload_guidance_max: 10 };
  }

  /** Weighted loads of a team's keyworkers (open cases weighed by tier, family size and complexity). */
  async function teamLoads(tx: Tx, teamId: string, settings: CaseworkSettings) {
    const open = await caseRepository.teamOpenCases(tx, teamId);
    const byWorker = new Map<string, WeighedCase[]>();
    for (const c of open) {
      const list = byWorker.get(c.keyworker_id as string) ?? [];
      list.push({ tier: c.tier, complexity: c.complexity, memberCount: Number(c.member_count) });
      byWorker.set(c.keyworker_id as string, list);
    }
    return { byWorker, settings };
  }

  type DueRow = ReturnType<typeof dueItems>[number] & { caseId: string; familyUnitId: string; familyName: string; keyworkerName?: string | null; kindLabel: string; statusLabel: { text: string; colour: string }; href: string };

  async function dueFor(tx: Tx, cases: ReadonlyArray<{ id: string; status: 'open' | 'closed' | 'awaiting_allocation'; opened_on: string; allocated_on: string | null; family_unit_id: string; family_name: string; keyworker_name?: string | null }>, settings: CaseworkSettings, today: string, horizon: number): Promise<DueRow[]> {
    const facts = await dueRepository.forCases(tx, cases.map((c) => c.id));
    const rows: DueRow[] = [];
    for (const c of cases) {
      const f = facts.get(c.id);
      if (!f) continue;
      for (const item of dueItems({ status: c.status, startedOn: c.allocated_on ?? c.opened_on, ...f }, settings, today, horizon)) {
        rows.push({ ...item, caseId: c.id, familyUnitId: c.family_unit_id, familyName: c.family_name, keyworkerName: c.keyworker_name ?? null, kindLabel: DUE_KIND_LABELS[item.kind], statusLabel: DUE_STATUS_LABELS[item.status], href: `/cases/${c.id}${item.path}` });
      }
    }
    return rows.sort((a, b) => a.dueOn.localeCompare(b.dueOn));
  }

  return {
    async myCaseload(ctx: RequestContext) {
      return withTenant(db, ctx.actor.localAuthorityId, async (tx) => {
        const today = isoDate(clock.now());
        const [cases, team, settings, followUpCases] = await Promise.all([caseRepository.caseload(tx, ctx.actor.id), guidance(tx, ctx.actor.teamId), settingsRepository.get(tx), dueRepository.followUpCases(tx, ctx.actor.id)]);
        const load = assessLoad(cases.map((c) => ({ tier: c.tier, complexity: c.complexity, memberCount: Number(c.member_count) })), null, settings, team.caseload_guidance_min, team.caseload_guidance_max);
        const due = await dueFor(tx, [...cases.map((c) => ({ ...c, status: c.status as 'open' })), ...followUpCases], settings, today, 14);
        await audit.record(tx, ctx, { action: 'caseload.view', subjectType: 'app_user', subjectId: ctx.actor.id, details: { families: cases.length } });
        return { cases, team, weighted: load.weighted, status: load.status, due };
      });
    },

    /** Everything overdue or due within two weeks across the team's cases, for managers. */
    async teamDue(ctx: RequestContext) {
      const teamId = ctx.actor.teamId;
      if (!teamId) throw new NotFoundError('Team');
      return withTenant(db, ctx.actor.localAuthorityId, async (tx) => {
        const today = isoDate(clock.now());
        const [cases, settings] = await Promise.all([dueRepository.teamCases(tx, teamId), settingsRepository.get(tx)]);
        const due = await dueFor(tx, cases, settings, today, 14);
        await audit.record(tx, ctx, { action: 'team.due.view', subjectType: 'team', subjectId: teamId, details: { items: due.length } });
        return { due, overdue: due.filter((d) => d.status === 'overdue') };
      });
    },

    async teamCaseloads(ctx: RequestContext) {
      const teamId = ctx.actor.teamId;
      if (!teamId) throw new NotFoundError('Team');
      return withTenant(db, ctx.actor.localAuthorityId, async (tx) => {
        const [workers, awaiting, team, settings] = await Promise.all([caseRepository.teamCaseloads(tx, teamId), caseRepository.awaitingAllocation(tx, teamId), guidance(tx, teamId), settingsRepository.get(tx)]);
        const { byWorker } = await teamLoads(tx, teamId, settings);
        await audit.record(tx, ctx, { action: 'team.caseloads.view', subjectType: 'team', subjectId: teamId });
        return {
          team,
          workers: workers.map((w) => {
            const load = assessLoad(byWorker.get(w.id) ?? [], null, settings, team.caseload_guidance_min, team.caseload_guidance_max);
            return { ...w, open_cases: Number(w.open_cases), weighted: load.weighted, status: load.status };
          }),
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
        const [workers, team, settings, members] = await Promise.all([caseRepository.teamCaseloads(tx, found.team_id), guidance(tx, found.team_id), settingsRepository.get(tx), familyRepository.members(tx, found.family_unit_id)]);
        const { byWorker } = await teamLoads(tx, found.team_id, settings);
        const incoming: WeighedCase = { tier: found.tier, complexity: found.complexity, memberCount: members.filter((m) => m.to_date === null).length };
        const episodes = await caseRepository.episodes(tx, found.family_unit_id);
        const previousKeyworker = episodes.find((e) => e.id === found.previous_case_id)?.keyworker_id ?? null;
        await audit.record(tx, ctx, { action: 'case.allocation.read', subjectType: 'support_case', subjectId: found.id });
        return {
          case: found,
          family,
          team,
          previousKeyworker,
          keyworkers: workers.map((w) => {
            const current = (byWorker.get(w.id) ?? []).slice();
            const load = assessLoad(current, found.keyworker_id === w.id ? null : incoming, settings, team.caseload_guidance_min, team.caseload_guidance_max);
            return { id: w.id, display_name: w.display_name, open_cases: Number(w.open_cases), weighted: load.weighted, after: load.after, status: load.status, overloadedAfter: load.overloadedAfter, previous: w.id === previousKeyworker };
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
        await caseRepository.setAllocatedOn(tx, found.id, isoDate(clock.now()));
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
        const [team, settings] = await Promise.all([guidance(tx, found.team_id), settingsRepository.get(tx)]);
        const open = await caseRepository.openCaseCount(tx, keyworker.id);
        const { byWorker } = await teamLoads(tx, found.team_id, settings);
        const load = assessLoad(byWorker.get(keyworker.id) ?? [], null, settings, team.caseload_guidance_min, team.caseload_guidance_max);
        const over = load.weighted > team.caseload_guidance_max;
        return {
          familyUnitId: found.family_unit_id,
          caseId: found.id,
          keyworkerName: keyworker.display_name,
          warning: over ? `${keyworker.display_name} now holds ${open} ${open === 1 ? 'family' : 'families'}, weighing ${load.weighted}: above the team's guidance of ${team.caseload_guidance_min} to ${team.caseload_guidance_max}.` : null,
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
