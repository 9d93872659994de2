// Identification: evaluation runs (a background job), the candidate list and its export, a
// candidate's evidence with "check before contact", panels and their decisions, and a family's
// needs over time. Reads of a family's evidence are audited like any read of family data.
import type { RequestContext } from '../../auth/permissions.ts';
import type { Db } from '../../db/database.ts';
import { withTenant } from '../../db/tenant.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../platform/errors.ts';
import { isoDate, type Clock } from '../../platform/clock.ts';
import type { Queue } from '../../jobs/queue.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { CaseService } from '../cases/case.service.ts';
import { isUuid } from '../../platform/ids.ts';
import { familyRepository, familyVisible } from '../people/family.repository.ts';
import { recordScope } from '../../auth/permissions.ts';
import { frameworkRepository } from '../frameworks/framework.repository.ts';
import { addDays, addMonths, defaultTermCalendar, prepareFramework, type EventFact } from '../frameworks/rules.ts';
import { ensureShippedFrameworks } from '../frameworks/framework.service.ts';
import type { FrameworkDefinition } from '../frameworks/rule.types.ts';
import { candidateRepository, type CandidateFilter } from './candidate.repository.ts';
import { evaluationRepository } from './evaluation.repository.ts';
import type { PanelDecision } from './identification.tables.ts';

export const EVALUATE_JOB = 'identification.evaluate';
export const DECISIONS: Record<PanelDecision, string> = {
  allocate: 'Allocate to a team',
  refer_elsewhere: 'Refer to another service',
  no_action: 'No action',
  more_information: 'More information needed',
};

/** Neutralises spreadsheet formulas (=, +, -, @, tab, CR at the start) and quotes a CSV field. */
export function csvField(value: unknown): string {
  let s = value === null || value === undefined ? '' : Array.isArray(value) ? value.join('; ') : String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function createIdentificationService(db: Db, audit: AuditService, clock: Clock, queue: Queue, cases: CaseService) {
  const today = () => isoDate(clock.now());

  async function runOrFail(tx: Parameters<typeof evaluationRepository.run>[0], runId: string) {
    if (!isUuid(runId)) throw new NotFoundError('Evaluation run');
    const run = await evaluationRepository.run(tx, runId);
    if (!run) throw new NotFoundError('Evaluation run');
    return run;
  }

  /** The evidence of one family in a run: needs by person with their events and sources. */
  async function evidenceOf(tx: Parameters<typeof evaluationRepository.run>[0], runId: string, familyUnitId: string, definition: FrameworkDefinition) {
    const needs = await evaluationRepository.needsOfFamily(tx, runId, familyUnitId);
    const events = new Map((await evaluationRepository.eventsById(tx, [...new Set(needs.flatMap((n) => n.evidence))])).map((e) => [e.id, e]));
    const dname = new Map(definition.descriptors.map((d) => [d.code, d.name]));
    const hname = new Map(definition.headlines.map((h) => [h.code, h.name]));
    return needs.map((n) => ({
      descriptor: n.descriptor,
      descriptorName: dname.get(n.descriptor) ?? n.descriptor,
      headline: n.headline,
      headlineName: hname.get(n.headline) ?? n.headline,
      personId: n.person_id,
      personName: n.person_id ? `${n.given_name ?? ''} ${n.family_name ?? ''}`.trim() : 'The family',
      dateOfBirth: n.date_of_birth,
      evidenceOn: n.evidence_on,
      events: n.evidence.map((id) => events.get(id)).filter((e) => e !== undefined).map((e) => ({ id: e.id, type: e.type, occurred_on: e.occurred_on, ended_on: e.ended_on, attributes: e.attributes, source: e.organisation ?? (e.origin === 'casework' ? 'Casework' : 'Unknown source') })),
    }));
  }

  async function definitionOfRun(tx: Parameters<typeof evaluationRepository.run>[0], versionId: string): Promise<FrameworkDefinition> {
    const d = await frameworkRepository.definition(tx, versionId);
    if (!d) throw new NotFoundError('Framework version');
    return d;
  }

  return {
    /** Creates a run and enqueues its job in the same transaction; returns the job id. */
    async startEvaluation(ctx: RequestContext, input: { versionId: string; date: string }): Promise<{ runId: string; jobId: string }> {
      if (!isUuid(input.versionId)) throw new ValidationError({ versionId: 'Choose a framework version' });
      return withTenant(db, ctx.actor.localAuthorityId, async (tx) => {
        const v = await frameworkRepository.version(tx, input.versionId);
        if (!v || v.status === 'draft') throw new ValidationError({ versionId: 'Choose a published framework version' });
        const runId = await evaluationRepository.insertRun(tx, { local_authority_id: ctx.actor.localAuthorityId, framework_version_id: v.id, evaluation_date: input.date, requested_by: ctx.actor.id });
        const jobId = await queue.enqueue(tx, { localAuthorityId: ctx.actor.localAuthorityId, name: EVALUATE_JOB, payload: { runId }, createdBy: ctx.actor.id, maxAttempts: 2 });
        await evaluationRepository.setRunJob(tx, runId, jobId);
        await audit.record(tx, ctx, { action: 'identification.evaluate', subjectType: 'evaluation_run', subjectId: runId, details: { framework: v.code, version: v.version, date: input.date } });
        return { runId, jobId };
      });
    },

    /** For the CLI and the bench: a run requested by nobody (system), not queued. */
    async createSystemRun(localAuthorityId: string, versionId: string, date: string): Promise<string> {
      return withTenant(db, localAuthorityId, (tx) => evaluationRepository.insertRun(tx, { local_authority_id: localAuthorityId, framework_version_id: versionId, evaluation_date: date, requested_by: null }));
    },

    async evaluationForm(ctx: RequestContext) {
      return withTenant(db, ctx.actor.localAuthorityId, async (tx) => {
        await ensureShippedFrameworks(tx, ctx.actor.localAuthorityId);
        const [frameworks, runs] = await Promise.all([frameworkRepository.list(tx), evaluationRepository.runs(tx)]);
        return { frameworks: frameworks.filter((f) => f.published_id), runs };
      });
    },

    async run(ctx: RequestContext, runId: string) {
      return withTenant(db, ctx.actor.localAuthorityId, async (tx) => {
        const run = await runOrFail(tx, runId);
        const definition = await definitionOfRun(tx, run.framework_version_id);
        return { run, definition };
      });
    },

    async candidates(ctx: RequestContext, runId: string, filter: CandidateFilter, page: { limit: number; offset: number } | null) {
      return withTenant(db, ctx.actor.localAuthorityId, async (tx) => {
        const run = await runOrFail(tx, runId);
        const definition = await definitionOfRun(tx, run.framework_version_id);
        const staleBefore = addDays(today(), -definition.settings.staleAfterDays);
        const [list, localities] = await Promise.all([candidateRepository.list(tx, run.id, filter, staleBefore, page), candidateRepository.localities(tx, run.id)]);
        await audit.record(tx, ctx, { action: page ? 'identification.candidates.view' : 'identification.candidates.export', subjectType: 'evaluation_run', subjectId: run.id, details: { filter, rows: list.rows.length } });
        return { run, definition, localities, staleBefore, ...list };
      });
    },

    /** The candidate list as CSV, every filtered row, formula injection neutralised. */
    async candidatesCsv(ctx: RequestContext, runId: string, filter: CandidateFilter): Promise<string> {
      const { rows, definition } = await this.candidates(ctx, runId, filter, null);
      const hname = new Map(definition.headlines.map((h) => [h.code, h.name]));
      const header = ['reference', 'family', 'locality', 'needs', 'headlines', 'severity', 'evidence_oldest_on', 'evidence_latest_on', 'stale', 'agencies', 'youngest_child_age', 'oldest_child_age', 'members'];
      const lines = [header.join(',')];
      for (const r of rows) {
        lines.push([r.reference, r.name, r.locality, r.need_count, r.headlines.map((h) => hname.get(h) ?? h), r.severity, r.evidence_oldest_on, r.evidence_latest_on, r.stale ? 'yes' : 'no', [...r.agencies, ...r.taf_agencies], r.youngest_child_age, r.oldest_child_age, r.member_count].map(csvField).join(','));
      }
      return `${lines.join('\r\n')}\r\n`;
    },

    async candidate(ctx: RequestContext, runId: string, familyUnitId: string) {
      if (!isUuid(familyUnitId)) throw new NotFoundError('Family');
      return withTenant(db, ctx.actor.localAuthorityId, async (tx) => {
        const run = await runOrFail(tx, runId);
        const result = await evaluationRepository.familyResult(tx, run.id, familyUnitId);
        const family = await candidateRepository.family(tx, familyUnitId);
        if (!result || !family) throw new NotFoundError('Family');
        const definition = await definitionOfRun(tx, run.framework_version_id);
        const [members, evidence, taf, openCase] = await Promise.all([
          familyRepository.members(tx, familyUnitId),
          evidenceOf(tx, run.id, familyUnitId, definition),
          candidateRepository.tafAgencies(tx, familyUnitId),
          candidateRepository.openCase(tx, familyUnitId),
        ]);
        const staleBefore = addDays(today(), -definition.settings.staleAfterDays);
        const personIds = members.map((m) => m.person_id);
        const newEvents = await evaluationRepository.eventsSince(tx, personIds, run.started_at ?? run.created_at);
        await audit.record(tx, ctx, { action: 'identification.candidate.read', subjectType: 'family_unit', subjectId: familyUnitId, details: { run: run.id, reference: family.reference } });
        return {
          run, definition, family, result, members, evidence, taf, openCase,
          stale: result.evidence_oldest_on !== null && result.evidence_oldest_on < staleBefore,
          staleNeeds: evidence.filter((e) => e.evidenceOn < staleBefore).map((e) => e.descriptorName),
          newEvents,
          staleAfterDays: definition.settings.staleAfterDays,
        };
      });
    },

    /**
     * Check before contact: evaluates the family again, today, on the data held now, with the same
     * framework version, and says what changed since the run.
     */
    async checkNow(ctx: RequestContext, runId: string, familyUnitId: string) {
      if (!isUuid(familyUnitId)) throw new NotFoundError('Family');
      return withTenant(db, ctx.actor.localAuthorityId, async (tx) => {
        const run = await runOrFail(tx, runId);
        const before = await evaluationRepository.familyResult(tx, run.id, familyUnitId);
        if (!before) throw new NotFoundError('Family');
        const definition = await definitionOfRun(tx, run.framework_version_id);
        const date = today();
        const terms = await evaluationRepository.termCalendar(tx, date);
        const prepared = prepareFramework(definition, { date, terms: terms.length ? terms : defaultTermCalendar(date) });
        const members = (await evaluationRepository.members(tx, [familyUnitId], date));
        const events = await evaluationRepository.events(tx, members.map((m) => m.personId), [familyUnitId], prepared.eventTypes, prepared.earliest, date);
        const now = prepared.family(members, events);
        const gone = before.needs.filter((n) => !now.needs.includes(n));
        const added = now.needs.filter((n) => !before.needs.includes(n));
        const dname = new Map(definition.descriptors.map((d) => [d.code, d.name]));
        await audit.record(tx, ctx, { action: 'identification.candidate.check', subjectType: 'family_unit', subjectId: familyUnitId, details: { run: run.id, gone, added, eligibleNow: now.eligible } });
        return { date, eligibleThen: before.eligible, eligibleNow: now.eligible, gone: gone.map((c) => dname.get(c) ?? c), added: added.map((c) => dname.get(c) ?? c), unchanged: gone.length === 0 && added.length === 0 && before.eligible === now.eligible };
      });
    },

    /** A family's needs month by month over the last `months` months, under one framework version. */
    async needsOverTime(ctx: RequestContext, familyUnitId: string, options: { code?: string; months?: number } = {}) {
      if (!isUuid(familyUnitId)) throw new NotFoundError('Family');
      return withTenant(db, ctx.actor.localAuthorityId, async (tx) => {
        const scope = ctx.actor.permissions.has('identification:view') ? { kind: 'all' as const } : recordScope(ctx.actor);
        const family = await tx.selectFrom('family_unit').select(['id', 'reference', 'name']).where('id', '=', familyUnitId).where(familyVisible(scope, today())).executeTakeFirst();
        if (!family) throw new NotFoundError('Family');
        await ensureShippedFrameworks(tx, ctx.actor.localAuthorityId);
        // Any published framework, the council's own included; one with only a draft is not offered.
        const frameworks = (await frameworkRepository.list(tx)).filter((f) => f.published_id);
        const chosen = frameworks.find((f) => f.code === (options.code ?? 'sf2022')) ?? frameworks[0];
        if (!chosen?.published_id) throw new NotFoundError('Framework');
        const definition = await definitionOfRun(tx, chosen.published_id);
        const months = Math.min(Math.max(options.months ?? 24, 3), 60);
        const end = today();
        const points = Array.from({ length: months + 1 }, (_, i) => addMonths(end, i - months));
        const allMembers = await familyRepository.members(tx, familyUnitId);
        const prepared0 = prepareFramework(definition, { date: end, terms: [] });
        const events: EventFact[] = await evaluationRepository.familyEvents(tx, allMembers.map((m) => m.person_id), familyUnitId, prepared0.eventTypes);
        const termData = await evaluationRepository.termCalendar(tx, end);
        const series = points.map((date) => {
          const members = allMembers.filter((m) => m.from_date <= date && (m.to_date === null || m.to_date >= date)).map((m) => ({ personId: m.person_id, role: m.role, dateOfBirth: m.date_of_birth }));
          const r = prepareFramework(definition, { date, terms: termData.length ? termData : defaultTermCalendar(date) }).family(members, events.filter((e) => e.occurredOn <= date));
          return { date, needs: r.needs, headlines: r.headlines, eligible: r.eligible };
        });
        await audit.record(tx, ctx, { action: 'identification.needs_over_time', subjectType: 'family_unit', subjectId: familyUnitId, details: { framework: chosen.code, months } });
        return { family, framework: { code: chosen.code, name: chosen.name }, frameworks: frameworks.map((f) => ({ code: f.code, name: f.name })), definition, series };
      });
    },

    // ---- panels ----

    async panels(ctx: RequestContext) {
      return withTenant(db, ctx.actor.localAuthorityId, (tx) => candidateRepository.panels(tx));
    },

    /** A panel with a batch of candidates from a run; each family's evidence is frozen as the panel sees it. */
    async createPanel(ctx: RequestContext, input: { title: string; meetsOn: string; runId: string; familyIds: string[] }): Promise<string> {
      const errors: Record<string, string> = {};
      if (!input.title.trim()) errors.title = 'Enter a name for the panel';
      if (input.familyIds.length === 0) errors.familyIds = 'Choose at least one family';
      if (input.familyIds.length > 50) errors.familyIds = 'Choose at most 50 families';
      if (input.familyIds.some((id) => !isUuid(id))) errors.familyIds = 'Choose families from the list';
      if (Object.keys(errors).length) throw new ValidationError(errors);
      return withTenant(db, ctx.actor.localAuthorityId, async (tx) => {
        const run = await runOrFail(tx, input.runId);
        const definition = await definitionOfRun(tx, run.framework_version_id);
        const panelId = await candidateRepository.insertPanel(tx, { local_authority_id: ctx.actor.localAuthorityId, title: input.title.trim(), meets_on: input.meetsOn, created_by: ctx.actor.id });
        let position = 0;
        for (const familyUnitId of input.familyIds) {
          const result = await evaluationRepository.familyResult(tx, run.id, familyUnitId);
          if (!result) throw new ValidationError({ familyIds: 'A chosen family is not in this evaluation' });
          const evidence = await evidenceOf(tx, run.id, familyUnitId, definition);
          await candidateRepository.insertPanelFamily(tx, {
            local_authority_id: ctx.actor.localAuthorityId, panel_id: panelId, family_unit_id: familyUnitId, run_id: run.id, position: ++position,
            evidence: JSON.stringify({ framework: run.code, version: run.version, evaluation_date: run.evaluation_date, run_id: run.id, needs: result.needs, headlines: result.headlines, severity: result.severity, agencies: result.agencies, evidence_oldest_on: result.evidence_oldest_on, evidence_latest_on: result.evidence_latest_on, trace: result.trace, people: evidence }),
          });
        }
        await audit.record(tx, ctx, { action: 'panel.create', subjectType: 'panel', subjectId: panelId, details: { run: run.id, families: input.familyIds.length } });
        return panelId;
      });
    },

    async panel(ctx: RequestContext, panelId: string) {
      if (!isUuid(panelId)) throw new NotFoundError('Panel');
      return withTenant(db, ctx.actor.localAuthorityId, async (tx) => {
        const panel = await candidateRepository.panel(tx, panelId);
        if (!panel) throw new NotFoundError('Panel');
        const [families, attendees, teams] = await Promise.all([candidateRepository.panelFamilies(tx, panelId), candidateRepository.attendees(tx, panelId), candidateRepository.teams(tx)]);
        await audit.record(tx, ctx, { action: 'panel.read', subjectType: 'panel', subjectId: panelId, details: { families: families.length } });
        return { panel, families, attendees, teams };
      });
    },

    async addAttendee(ctx: RequestContext, panelId: string, input: { name: string; agency: string; role: string }): Promise<void> {
      const errors: Record<string, string> = {};
      if (!input.name.trim()) errors.name = 'Enter the attendee\'s name';
      if (!input.agency.trim()) errors.agency = 'Enter the attendee\'s agency';
      if (Object.keys(errors).length) throw new ValidationError(errors);
      if (!isUuid(panelId)) throw new NotFoundError('Panel');
      await withTenant(db, ctx.actor.localAuthorityId, async (tx) => {
        if (!(await candidateRepository.panel(tx, panelId))) throw new NotFoundError('Panel');
        await candidateRepository.insertAttendee(tx, { local_authority_id: ctx.actor.localAuthorityId, panel_id: panelId, name: input.name.trim(), agency: input.agency.trim(), role: input.role.trim() || null });
        await audit.record(tx, ctx, { action: 'panel.attendee.add', subjectType: 'panel', subjectId: panelId, details: { name: input.name.trim(), agency: input.agency.trim() } });
      });
    },

    /** Records the panel's decision for one family; "allocate" opens a case awaiting allocation for the team. */
    async decide(ctx: RequestContext, panelId: string, panelFamilyId: string, input: { decision: string; tier: string; teamId: string; referTo: string; reasons: string }) {
      const errors: Record<string, string> = {};
      const decision = input.decision as PanelDecision;
      if (!(decision in DECISIONS)) errors.decision = 'Choose the panel\'s decision';
      if (!input.reasons.trim()) errors.reasons = 'Give the panel\'s reasons';
      if (decision === 'allocate') {
        if (!['intensive', 'targeted', 'light_touch'].includes(input.tier)) errors.tier = 'Choose a tier of support';
        if (!isUuid(input.teamId)) errors.teamId = 'Choose a team';
      }
      if (decision === 'refer_elsewhere' && !input.referTo.trim()) errors.referTo = 'Say which service the family is referred to';
      if (Object.keys(errors).length) throw new ValidationError(errors);
      if (!isUuid(panelId) || !isUuid(panelFamilyId)) throw new NotFoundError('Panel');
      return withTenant(db, ctx.actor.localAuthorityId, async (tx) => {
        const pf = await candidateRepository.panelFamily(tx, panelFamilyId);
        if (!pf || pf.panel_id !== panelId) throw new NotFoundError('Panel');
        if (pf.decision) throw new ConflictError('The panel has already decided about this family.');
        let caseId: string | null = null;
        if (decision === 'allocate') {
          if (await candidateRepository.openCase(tx, pf.family_unit_id)) throw new ConflictError('This family already has an open case.');
          caseId = await cases.openFromPanel(tx, ctx, {
            familyUnitId: pf.family_unit_id, teamId: input.teamId, tier: input.tier as 'intensive' | 'targeted' | 'light_touch',
            note: `Allocated by panel: ${input.reasons.trim()}`.slice(0, 1000), openedOn: today(),
          });
        }
        await candidateRepository.recordDecision(tx, pf.id, {
          decision, tier: decision === 'allocate' ? (input.tier as 'intensive') : null, team_id: decision === 'allocate' ? input.teamId : null,
          refer_to: decision === 'refer_elsewhere' ? input.referTo.trim() : null, reasons: input.reasons.trim(), decided_by: ctx.actor.id, case_id: caseId,
        });
        await candidateRepository.markPanelHeld(tx, panelId);
        await audit.record(tx, ctx, { action: 'panel.decide', subjectType: 'family_unit', subjectId: pf.family_unit_id, details: { panel: panelId, decision, case: caseId, reasons: input.reasons.trim() } });
        return { caseId, familyUnitId: pf.family_unit_id };
      });
    },
  };
}

export type IdentificationService = ReturnType<typeof createIdentificationService>;
