// Outcomes and claims: progress against every need for a family, and claim batches that are built
// (as a job), reviewed, approved by someone other than the builder, locked with their evidence
// frozen, reversed only by new rows, and sampled for audit.
import { randomBytes } from 'node:crypto';
import { recordScope, type RequestContext } from '../../auth/permissions.ts';
import type { Db } from '../../db/database.ts';
import { withTenant, type Tx } from '../../db/tenant.ts';
import type { Queue } from '../../jobs/queue.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../platform/errors.ts';
import { isoDate, type Clock } from '../../platform/clock.ts';
import { isRealDate } from '../../platform/dates.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { frameworkRepository } from '../frameworks/framework.repository.ts';
import { ensureShippedFrameworks } from '../frameworks/framework.service.ts';
import { familyRepository } from '../people/family.repository.ts';
import { isUuid } from '../../platform/ids.ts';
import { attachmentProgress, EMPLOYMENT_EVENT_TYPE, evidenceSnapshot, membersAt, toClaimCase, toEventFacts, type AssessmentNeedRow, type FamilyRows } from './claim-inputs.ts';
import { decideAttachment, decideResult, rateFor, type ClaimDecision, type ClaimScheme, type PaymentRate } from './claim-rules.ts';
import { FrameworkAtDate } from './need-source.ts';
import { outcomeRepository, type CaseRow, type EventRow } from './outcome.repository.ts';
import { AUDIT_CHECKLIST, drawSample, sampleSize } from './sampling.ts';
import { formatPounds } from '../../platform/money.ts';

export const CLAIM_BUILD_JOB = 'claims.build';

export interface ProveSettings {
  claimsEnabled: boolean;
  frameworkCode: string;
  frameworkVersion: string;
  programmeCostPerFamilyPence: number | null;
  programmeCostSource: string | null;
  costDataFrom: string | null;
}

const DEFAULTS: ProveSettings = { claimsEnabled: true, frameworkCode: 'sf2022', frameworkVersion: '2022-10', programmeCostPerFamilyPence: null, programmeCostSource: null, costDataFrom: null };

// Reasons worth a reviewer's eye are kept as items even when not claimable; the rest are counted.
const KEEP_REASONS = new Set(['double_count', 'retrospective', 'no_rate', 'not_attached']);

export function toScheme(row: { framework_code: string; version: string; rules: Record<string, unknown> }): ClaimScheme {
  return { frameworkCode: row.framework_code, version: row.version, ...(row.rules as Omit<ClaimScheme, 'frameworkCode' | 'version'>) };
}

export function toRates(rows: Array<{ year_label: string; applies_from: string; applies_to: string; attachment_fee_pence: number; result_pence: number; employment_result_pence: number | null; provenance: string; provenance_status: string }>): PaymentRate[] {
  return rows.map((r) => ({
    yearLabel: r.year_label,
    from: r.applies_from,
    to: r.applies_to,
    attachmentFeePence: r.attachment_fee_pence,
    resultPence: r.result_pence,
    employmentResultPence: r.employment_result_pence,
    provenance: `${r.provenance} [${r.provenance_status}]`,
  }));
}

/**
 * A council's framework version as outcomes and claims apply it: the definition (data, with the
 * council's local descriptors and family rule) compiled per date, and which version it is.
 */
export interface AppliedFramework {
  versionId: string;
  version: number;
  code: string;
  name: string;
  fw: FrameworkAtDate;
}

/** What a batch and each claim in it record about the framework version applied. */
export interface FrameworkVersionRef {
  code: string;
  versionId: string;
  version: number;
  name: string;
}

export function frameworkRef(applied: AppliedFramework): FrameworkVersionRef {
  return { code: applied.code, versionId: applied.versionId, version: applied.version, name: applied.name };
}

/** "Supporting Families 2022 to 2025, version 3"; for a batch started before versions were recorded, says so. */
export function frameworkVersionLabel(batch: { framework_code: string; framework_version_number: number | null; rules_snapshot: unknown }): string {
  const recorded = (batch.rules_snapshot as { framework?: Partial<FrameworkVersionRef> } | null)?.framework;
  if (batch.framework_version_number === null) return `${batch.framework_code} (shipped definition; version not recorded)`;
  return `${recorded?.name ?? batch.framework_code}, version ${batch.framework_version_number}`;
}

function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; message?: string } | null;
  return e?.code === '23505' || /duplicate key|unique constraint/i.test(e?.message ?? '');
}

export function createOutcomeService(db: Db, audit: AuditService, clock: Clock, queue: Queue) {
  async function settingsIn(tx: Tx): Promise<ProveSettings> {
    const row = await outcomeRepository.settings(tx);
    if (!row) return { ...DEFAULTS };
    return {
      claimsEnabled: row.claims_enabled,
      frameworkCode: row.framework_code,
      frameworkVersion: row.framework_version,
      programmeCostPerFamilyPence: row.programme_cost_per_family_pence,
      programmeCostSource: row.programme_cost_source,
      costDataFrom: row.cost_data_from,
    };
  }

  async function schemeIn(tx: Tx, code: string, version: string) {
    const row = await outcomeRepository.scheme(tx, code, version);
    if (!row) throw new ConflictError(`No claim scheme for ${code} ${version}`);
    return { scheme: toScheme(row), rates: toRates(await outcomeRepository.rates(tx, code, version)), provenance: row.provenance, name: row.name, note: row.note };
  }

  // Published versions never change (the database refuses), so a compiled version is kept across
  // requests and batches; its per-date compilations are cached inside FrameworkAtDate.
  const compiled = new Map<string, AppliedFramework>();

  /** A published (or since superseded) framework version of the council, by id. */
  async function frameworkVersionIn(tx: Tx, localAuthorityId: string, versionId: string): Promise<AppliedFramework> {
    const key = `${localAuthorityId}|${versionId}`;
    const hit = compiled.get(key);
    if (hit) return hit;
    const v = await frameworkRepository.version(tx, versionId);
    if (!v || v.status === 'draft') throw new ConflictError(`Framework version ${versionId} is not a published version of this council's frameworks.`);
    const definition = await frameworkRepository.definition(tx, versionId);
    if (!definition) throw new ConflictError(`Framework version ${versionId} has no definition.`);
    const applied: AppliedFramework = { versionId: v.id, version: v.version, code: v.code, name: definition.name, fw: new FrameworkAtDate(definition) };
    if (compiled.size >= 32) compiled.delete(compiled.keys().next().value as string);
    compiled.set(key, applied);
    return applied;
  }

  /** The council's current published version of a framework: what outcomes and new claim batches apply. */
  async function publishedFrameworkIn(tx: Tx, localAuthorityId: string, code: string): Promise<AppliedFramework> {
    await ensureShippedFrameworks(tx, localAuthorityId);
    const latest = await frameworkRepository.latestPublishedByCode(tx, code);
    if (!latest) throw new ConflictError(`This council has no published version of the framework "${code}" that outcomes and claims are set to use. Publish a version of it under Frameworks first.`);
    return frameworkVersionIn(tx, localAuthorityId, latest.id);
  }

  /** Rows for a set of families: members, events of the types the framework reads, and recorded needs. */
  async function familyRows(tx: Tx, fw: FrameworkAtDate, familyIds: string[], cases: ReadonlyArray<{ id: string; family_unit_id: string }>, from: string): Promise<Map<string, FamilyRows>> {
    const caseIds = cases.map((c) => c.id);
    const members = await outcomeRepository.members(tx, familyIds);
    const personIds = [...new Set(members.map((m) => m.person_id))];
    const events = await outcomeRepository.events(tx, personIds, familyIds, [...fw.eventTypes(), EMPLOYMENT_EVENT_TYPE], from);
    const needs = (await outcomeRepository.assessmentNeeds(tx, caseIds)) as AssessmentNeedRow[];
    const byFamily = new Map<string, FamilyRows>(familyIds.map((id) => [id, { members: [], events: [], assessmentNeeds: [] }]));
    const familiesOfPerson = new Map<string, string[]>();
    for (const m of members) {
      byFamily.get(m.family_unit_id)?.members.push(m);
      const list = familiesOfPerson.get(m.person_id) ?? [];
      if (!list.includes(m.family_unit_id)) list.push(m.family_unit_id);
      familiesOfPerson.set(m.person_id, list);
    }
    for (const e of events) {
      const targets = e.person_id ? (familiesOfPerson.get(e.person_id) ?? []) : e.family_unit_id ? [e.family_unit_id] : [];
      for (const f of targets) byFamily.get(f)?.events.push(e);
    }
    const familyOfCase = new Map(cases.map((c) => [c.id, c.family_unit_id]));
    for (const n of needs) {
      const f = familyOfCase.get(n.case_id);
      if (f) byFamily.get(f)?.assessmentNeeds.push(n);
    }
    return byFamily;
  }

  /**
   * Decide every attachment of the scheme period up to asOf. Reads in chunks (each its own
   * transaction, so progress can be reported), decides in a stable order, and returns the items.
   */
  async function decideAll(localAuthorityId: string, scheme: ClaimScheme, rates: PaymentRate[], applied: AppliedFramework, asOf: string, onProgress: (done: number, total: number) => Promise<void>) {
    const fw = applied.fw;
    const framework = frameworkRef(applied);
    const { cases, claimed } = await withTenant(db, localAuthorityId, async (tx) => ({
      cases: await outcomeRepository.casesOpenedBetween(tx, scheme.period.from, asOf < scheme.period.to ? asOf : scheme.period.to),
      claimed: await outcomeRepository.claimedKeys(tx),
    }));
    cases.sort((a, b) => a.opened_on.localeCompare(b.opened_on) || a.family_unit_id.localeCompare(b.family_unit_id) || a.id.localeCompare(b.id));
    const lookback = `${Number(scheme.period.from.slice(0, 4)) - 2}${scheme.period.from.slice(4)}`;
    const decided: Array<{ c: CaseRow; decision: ClaimDecision; snapshot: ReturnType<typeof evidenceSnapshot> }> = [];
    const counts: Record<string, number> = {};
    const chunkSize = 5000;
    const load = (i: number) => {
      const chunk = cases.slice(i, i + chunkSize);
      const familyIds = [...new Set(chunk.map((c) => c.family_unit_id))];
      const loading = withTenant(db, localAuthorityId, async (tx) => {
        const rows = await familyRows(tx, fw, familyIds, chunk, lookback);
        const families = new Map((await outcomeRepository.families(tx, familyIds)).map((f) => [f.id, f]));
        return { chunk, rows, families };
      });
      loading.catch(() => undefined); // awaited below; this only stops an early failure counting as unhandled
      return loading;
    };
    // Read the next chunk while deciding this one (a server overlaps them; PGlite just queues).
    let next = cases.length > 0 ? load(0) : null;
    for (let i = 0; i < cases.length; i += chunkSize) {
      const { chunk, rows, families } = await (next as ReturnType<typeof load>);
      next = i + chunkSize < cases.length ? load(i + chunkSize) : null;
      for (const c of chunk) {
        const familyRowsOf = rows.get(c.family_unit_id) as FamilyRows;
        const own = { ...familyRowsOf, assessmentNeeds: familyRowsOf.assessmentNeeds.filter((n) => n.case_id === c.id) };
        const progress = attachmentProgress(fw, own, c, asOf, 'claim', scheme.sustainment);
        const claim = toClaimCase(progress);
        const decisions: ClaimDecision[] = [];
        const attachment = decideAttachment(scheme, rates, claim, claimed);
        if (attachment) decisions.push(attachment);
        if (attachment?.claimable) for (const k of attachment.keys) claimed.add(k);
        const result = decideResult(scheme, rates, claim, asOf, claimed);
        if (result.claimable) for (const k of result.keys) claimed.add(k);
        decisions.push(result);
        for (const d of decisions) {
          const key = d.claimable ? `${d.kind}:claimable` : `${d.kind}:${d.reasons[0]?.code ?? 'unknown'}`;
          counts[key] = (counts[key] ?? 0) + 1;
          if (!d.claimable && !d.reasons.some((r) => KEEP_REASONS.has(r.code))) continue;
          const snapshot = evidenceSnapshot({
            progress,
            family: families.get(c.family_unit_id),
            events: new Map(familyRowsOf.events.map((e) => [e.id, e])),
            scheme,
            framework,
            rate: d.rate,
            asOf,
            decision: { kind: d.kind, route: d.route, amountPence: d.amountPence, reasons: d.reasons, keys: d.keys },
            full: d.claimable,
          });
          decided.push({ c, decision: d, snapshot });
        }
      }
      await onProgress(Math.min(i + chunkSize, cases.length), cases.length);
    }
    return { decided, counts, considered: cases.length };
  }

  return {
    async settings(ctx: RequestContext): Promise<ProveSettings> {
      return withTenant(db, ctx.actor.localAuthorityId, (tx) => settingsIn(tx));
    },

    async saveSettings(ctx: RequestContext, input: { claimsEnabled: string; programmeCost: string; programmeCostSource: string; costDataFrom: string }) {
      const errors: Record<string, string> = {};
      let cost: number | null = null;
      if (input.programmeCost.trim()) {
        const pounds = Number(input.programmeCost.replace(/[£,\s]/g, ''));
        if (!Number.isFinite(pounds) || pounds < 0) errors.programmeCost = 'Enter the programme cost per family in pounds, like 3000';
        else cost = Math.round(pounds * 100);
      }
      if (cost !== null && !input.programmeCostSource.trim()) errors.programmeCostSource = 'Say where the programme cost per family comes from';
      if (input.costDataFrom && !isRealDate(input.costDataFrom)) errors.costDataFrom = 'Enter the date agency data are held from as yyyy-mm-dd';
      if (Object.keys(errors).length) throw new ValidationError(errors);
      await withTenant(db, ctx.actor.localAuthorityId, async (tx) => {
        await outcomeRepository.saveSettings(tx, ctx.actor.localAuthorityId, {
          claims_enabled: input.claimsEnabled === 'yes',
          programme_cost_per_family_pence: cost,
          programme_cost_source: input.programmeCostSource.trim() || null,
          cost_data_from: input.costDataFrom || null,
          updated_by: ctx.actor.id,
        });
        await audit.record(tx, ctx, { action: 'prove.settings.update', subjectType: 'prove_setting', details: { claimsEnabled: input.claimsEnabled === 'yes', programmeCostPerFamilyPence: cost } });
      });
    },

    async schemes(ctx: RequestContext) {
      return withTenant(db, ctx.actor.localAuthorityId, async (tx) => {
        const schemes = await outcomeRepository.schemes(tx);
        return Promise.all(schemes.map(async (s) => ({ ...s, rates: await outcomeRepository.rates(tx, s.framework_code, s.version) })));
      });
    },

    /** A family's outcome view: for each attachment, each need with baseline, latest, first met, sustained since, evidence. */
    async familyOutcomes(ctx: RequestContext, familyUnitId: string) {
      if (!isUuid(familyUnitId)) throw new NotFoundError('Family');
      return withTenant(db, ctx.actor.localAuthorityId, async (tx) => {
        const today = isoDate(clock.now());
        const family = await familyRepository.findVisible(tx, recordScope(ctx.actor), today, familyUnitId);
        if (!family) throw new NotFoundError('Family');
        const settings = await settingsIn(tx);
        const applied = await publishedFrameworkIn(tx, ctx.actor.localAuthorityId, settings.frameworkCode);
        const fw = applied.fw;
        const { scheme } = await schemeIn(tx, settings.frameworkCode, settings.frameworkVersion);
        const cases = await outcomeRepository.casesOfFamily(tx, family.id);
        const rows = (await familyRows(tx, fw, [family.id], cases, '2000-01-01')).get(family.id) as FamilyRows;
        const eventIndex = new Map(rows.events.map((e) => [e.id, e]));
        const scores = await outcomeRepository.measureScores(tx, cases.map((c) => c.id));
        const attachments = cases.map((c) => {
          const own = { ...rows, assessmentNeeds: rows.assessmentNeeds.filter((n) => n.case_id === c.id) };
          const p = attachmentProgress(fw, own, c, today, 'full', scheme.sustainment);
          const sustainTarget = scheme.sustainment.from === 'closure' && c.closed_on ? addMonths(c.closed_on, scheme.sustainment.months) : null;
          return {
            case: c,
            eligible: p.eligible,
            familyRuleSummary: p.familyRuleSummary,
            sustainTarget,
            needs: p.needs.map((n) => ({
              ...n,
              headlineName: fw.headlineName(n.headline),
              personName: n.personId ? personName(rows, n.personId) : 'Whole family',
              baselineEvidence: n.evidenceEventIds.map((id) => eventIndex.get(id)).filter((e): e is EventRow => Boolean(e)),
              latestEvidence: (n.outcome.latest?.evidenceEventIds ?? []).map((id) => eventIndex.get(id)).filter((e): e is EventRow => Boolean(e)),
            })),
            scores: summariseScores(scores.filter((s) => s.case_id === c.id)),
          };
        });
        const claims = await outcomeRepository.lockedClaimsOfFamily(tx, family.id);
        await audit.record(tx, ctx, { action: 'outcomes.read', subjectType: 'family_unit', subjectId: family.id, details: { attachments: attachments.length } });
        return { family, today, framework: { ...frameworkRef(applied), label: `${applied.name}, version ${applied.version}` }, scheme, attachments, claims };
      });
    },

    // --- claim batches -------------------------------------------------------------------------

    /** The batches, the settings, and the framework version a new batch would apply (or why there is none). */
    async batches(ctx: RequestContext) {
      return withTenant(db, ctx.actor.localAuthorityId, async (tx) => {
        const settings = await settingsIn(tx);
        let framework: (FrameworkVersionRef & { label: string }) | null = null;
        let frameworkProblem: string | null = null;
        try {
          const applied = await publishedFrameworkIn(tx, ctx.actor.localAuthorityId, settings.frameworkCode);
          framework = { ...frameworkRef(applied), label: `${applied.name}, version ${applied.version}` };
        } catch (error) {
          if (!(error instanceof ConflictError)) throw error;
          frameworkProblem = error.message;
        }
        const batches = (await outcomeRepository.batches(tx)).map((b) => ({ ...b, frameworkLabel: b.framework_version_number === null ? b.framework_code : `${b.framework_code} v${b.framework_version_number}` }));
        return { batches, settings, framework, frameworkProblem };
      });
    },

    /**
     * Start building a batch at a date: the rules and rates, and the council's framework version
     * published now, are frozen into the batch; the work runs as a job and applies exactly them.
     */
    async startBatch(ctx: RequestContext, input: { asOf: string }) {
      const asOf = input.asOf || isoDate(clock.now());
      if (!isRealDate(asOf)) throw new ValidationError({ asOf: 'Enter the claim date as a real date' });
      if (asOf > isoDate(clock.now())) throw new ValidationError({ asOf: 'The claim date must be today or in the past' });
      return withTenant(db, ctx.actor.localAuthorityId, async (tx) => {
        const settings = await settingsIn(tx);
        if (!settings.claimsEnabled) throw new ConflictError('Payment-by-results claims are turned off for this council. Outcomes are still tracked.');
        const applied = await publishedFrameworkIn(tx, ctx.actor.localAuthorityId, settings.frameworkCode);
        const s = await schemeIn(tx, settings.frameworkCode, settings.frameworkVersion);
        const reference = await outcomeRepository.nextBatchReference(tx);
        const batchId = await outcomeRepository.insertBatch(tx, {
          local_authority_id: ctx.actor.localAuthorityId,
          reference,
          framework_code: settings.frameworkCode,
          framework_version: settings.frameworkVersion,
          framework_version_id: applied.versionId,
          framework_version_number: applied.version,
          as_of: asOf,
          rules_snapshot: JSON.stringify({ scheme: s.scheme, rates: s.rates, provenance: s.provenance, name: s.name, note: s.note, framework: frameworkRef(applied) }),
          summary: '{}',
          built_by: ctx.actor.id,
        });
        const jobId = await queue.enqueue(tx, { localAuthorityId: ctx.actor.localAuthorityId, name: CLAIM_BUILD_JOB, payload: { batchId }, createdBy: ctx.actor.id });
        await outcomeRepository.updateBatch(tx, batchId, { job_id: jobId });
        await audit.record(tx, ctx, { action: 'claims.batch.start', subjectType: 'claim_batch', subjectId: batchId, details: { reference, asOf, framework: applied.code, frameworkVersion: applied.version, frameworkVersionId: applied.versionId } });
        return { batchId, jobId, reference, framework: frameworkRef(applied) };
      });
    },

    /** The job: decide, then write every item and the summary in one transaction (so a retry starts clean). */
    async buildBatch(localAuthorityId: string, batchId: string, progress: (done: number, total: number, message?: string) => Promise<void>) {
      const batch = await withTenant(db, localAuthorityId, (tx) => outcomeRepository.batch(tx, batchId));
      if (!batch) throw new NotFoundError('Claim batch');
      if (batch.status !== 'building') return { href: `/prove/claims/${batchId}`, summary: `Batch ${batch.reference} is ${batch.status}` };
      const snapshot = batch.rules_snapshot as { scheme: ClaimScheme; rates: PaymentRate[] };
      // Exactly the version recorded when the batch was started, whatever has been published since.
      // A batch started before versions were recorded takes the version published now, and records it.
      const applied = await withTenant(db, localAuthorityId, async (tx) => {
        if (batch.framework_version_id) return frameworkVersionIn(tx, localAuthorityId, batch.framework_version_id);
        const current = await publishedFrameworkIn(tx, localAuthorityId, batch.framework_code);
        await outcomeRepository.updateBatch(tx, batchId, { framework_version_id: current.versionId, framework_version_number: current.version });
        return current;
      });
      const started = Date.now();
      const { decided, counts, considered } = await decideAll(localAuthorityId, snapshot.scheme, snapshot.rates, applied, batch.as_of, (done, total) => progress(done, total, `Decided ${done} of ${total} attachments`));
      const claimable = decided.filter((d) => d.decision.claimable);
      const summary = {
        framework: frameworkRef(applied),
        considered,
        counts,
        claimable: claimable.length,
        families: new Set(claimable.map((d) => d.c.family_unit_id)).size,
        amountPence: claimable.reduce((s, d) => s + d.decision.amountPence, 0),
        byKind: Object.fromEntries(['attachment', 'result'].map((k) => [k, { count: claimable.filter((d) => d.decision.kind === k).length, amountPence: claimable.filter((d) => d.decision.kind === k).reduce((s, d) => s + d.decision.amountPence, 0) }])),
        seconds: (Date.now() - started) / 1000,
      };
      await withTenant(db, localAuthorityId, async (tx) => {
        await outcomeRepository.insertItems(
          tx,
          decided.map(({ c, decision, snapshot }) => ({
            local_authority_id: localAuthorityId,
            batch_id: batchId,
            family_unit_id: c.family_unit_id,
            case_id: c.id,
            kind: decision.kind,
            route: decision.route,
            claimable: decision.claimable,
            amount_pence: decision.amountPence,
            reasons: JSON.stringify(decision.reasons),
            outcome_keys: decision.keys,
            snapshot: JSON.stringify(snapshot),
          })),
        );
        await outcomeRepository.updateBatch(tx, batchId, { status: 'built', built_at: new Date(), summary: JSON.stringify(summary) });
      });
      return { href: `/prove/claims/${batchId}`, summary: `${summary.claimable} claims for ${summary.families} families, ${formatPounds(summary.amountPence)}` };
    },

    async batch(ctx: RequestContext, id: string, options: { claimable?: boolean; page: number }) {
      if (!isUuid(id)) throw new NotFoundError('Claim batch');
      return withTenant(db, ctx.actor.localAuthorityId, async (tx) => {
        const batch = await outcomeRepository.batch(tx, id);
        if (!batch) throw new NotFoundError('Claim batch');
        const pageSize = 50;
        const items = await outcomeRepository.items(tx, id, { ...(options.claimable === undefined ? {} : { claimable: options.claimable }), limit: pageSize + 1, offset: (options.page - 1) * pageSize });
        const [samples, reversals] = await Promise.all([outcomeRepository.samples(tx, id), outcomeRepository.reversals(tx, id)]);
        await audit.record(tx, ctx, { action: 'claims.batch.read', subjectType: 'claim_batch', subjectId: id });
        return { batch, frameworkLabel: frameworkVersionLabel(batch), items: items.slice(0, pageSize), more: items.length > pageSize, page: options.page, samples, reversals };
      });
    },

    async item(ctx: RequestContext, id: string) {
      if (!isUuid(id)) throw new NotFoundError('Claim');
      return withTenant(db, ctx.actor.localAuthorityId, async (tx) => {
        const item = await outcomeRepository.item(tx, id);
        if (!item) throw new NotFoundError('Claim');
        const batch = await outcomeRepository.batch(tx, item.batch_id);
        await audit.record(tx, ctx, { action: 'claims.item.read', subjectType: 'family_unit', subjectId: item.family_unit_id, details: { claimItem: id } });
        return { item, batch };
      });
    },

    async approve(ctx: RequestContext, id: string) {
      if (!isUuid(id)) throw new NotFoundError('Claim batch');
      return withTenant(db, ctx.actor.localAuthorityId, async (tx) => {
        const batch = await outcomeRepository.batch(tx, id);
        if (!batch) throw new NotFoundError('Claim batch');
        if (batch.status !== 'built') throw new ConflictError(`Batch ${batch.reference} is ${batch.status}: only a built batch can be approved.`);
        if (batch.built_by === ctx.actor.id) throw new ConflictError('You built this batch. Someone else must approve it.');
        await outcomeRepository.updateBatch(tx, id, { status: 'approved', approved_by: ctx.actor.id, approved_at: clock.now() });
        await audit.record(tx, ctx, { action: 'claims.batch.approve', subjectType: 'claim_batch', subjectId: id, details: { reference: batch.reference } });
        return batch.reference;
      });
    },

    /** Lock: write the outcome keys (the database refuses any already claimed) and freeze the batch. */
    async lock(ctx: RequestContext, id: string) {
      if (!isUuid(id)) throw new NotFoundError('Claim batch');
      try {
        return await withTenant(db, ctx.actor.localAuthorityId, async (tx) => {
          const batch = await outcomeRepository.batch(tx, id);
          if (!batch) throw new NotFoundError('Claim batch');
          if (batch.status !== 'approved') throw new ConflictError(`Batch ${batch.reference} is ${batch.status}: approve it before locking.`);
          const items = await outcomeRepository.claimableItems(tx, id);
          const keys = items.flatMap((i) => i.outcome_keys.map((key) => ({ local_authority_id: ctx.actor.localAuthorityId, key, claim_item_id: i.id, batch_id: id })));
          await outcomeRepository.insertKeys(tx, keys);
          await outcomeRepository.updateBatch(tx, id, { status: 'locked', locked_by: ctx.actor.id, locked_at: clock.now() });
          await audit.record(tx, ctx, { action: 'claims.batch.lock', subjectType: 'claim_batch', subjectId: id, details: { reference: batch.reference, claims: items.length, amountPence: items.reduce((s, i) => s + i.amount_pence, 0) } });
          return batch.reference;
        });
      } catch (error) {
        if (isUniqueViolation(error)) throw new ConflictError('Another locked batch has already claimed some of these outcomes since this batch was built. Discard it and build a new one.');
        throw error;
      }
    },

    async discard(ctx: RequestContext, id: string) {
      if (!isUuid(id)) throw new NotFoundError('Claim batch');
      return withTenant(db, ctx.actor.localAuthorityId, async (tx) => {
        const batch = await outcomeRepository.batch(tx, id);
        if (!batch) throw new NotFoundError('Claim batch');
        if (!['built', 'approved', 'failed'].includes(batch.status)) throw new ConflictError(`Batch ${batch.reference} is ${batch.status}: it cannot be discarded.`);
        await outcomeRepository.updateBatch(tx, id, { status: 'discarded' });
        await audit.record(tx, ctx, { action: 'claims.batch.discard', subjectType: 'claim_batch', subjectId: id });
        return batch.reference;
      });
    },

    /** A later finding: a reversal row against a locked claim. The claim itself never changes. */
    async reverse(ctx: RequestContext, itemId: string, input: { reason: string; sampleItemId?: string | null }) {
      if (!isUuid(itemId)) throw new NotFoundError('Claim');
      const reason = input.reason.trim();
      if (!reason) throw new ValidationError({ reason: 'Say why this claim is reversed' });
      if (reason.length > 2000) throw new ValidationError({ reason: 'The reason must be 2000 characters or fewer' });
      return withTenant(db, ctx.actor.localAuthorityId, async (tx) => {
        const item = await outcomeRepository.item(tx, itemId);
        if (!item) throw new NotFoundError('Claim');
        const batch = await outcomeRepository.batch(tx, item.batch_id);
        if (batch?.status !== 'locked' || !item.claimable) throw new ConflictError('Only a claim in a locked batch can be reversed.');
        if (item.reversal_id) throw new ConflictError('This claim has already been reversed.');
        await outcomeRepository.insertReversal(tx, { local_authority_id: ctx.actor.localAuthorityId, claim_item_id: itemId, batch_id: item.batch_id, amount_pence: -item.amount_pence, reason, audit_sample_item_id: input.sampleItemId ?? null, recorded_by: ctx.actor.id });
        await audit.record(tx, ctx, { action: 'claims.reverse', subjectType: 'claim_item', subjectId: itemId, details: { reason, amountPence: -item.amount_pence } });
        return { batchId: item.batch_id };
      });
    },

    // --- assurance ---------------------------------------------------------------------------

    async drawSample(ctx: RequestContext, batchId: string, input: { percent: string; minimum: string; seed?: string }) {
      if (!isUuid(batchId)) throw new NotFoundError('Claim batch');
      const percent = Number(input.percent || '10');
      const minimum = Number(input.minimum || '5');
      const errors: Record<string, string> = {};
      if (!Number.isInteger(percent) || percent < 1 || percent > 100) errors.percent = 'Enter a whole percentage from 1 to 100';
      if (!Number.isInteger(minimum) || minimum < 0 || minimum > 1000) errors.minimum = 'Enter a whole number from 0 to 1000';
      if (Object.keys(errors).length) throw new ValidationError(errors);
      return withTenant(db, ctx.actor.localAuthorityId, async (tx) => {
        const batch = await outcomeRepository.batch(tx, batchId);
        if (!batch) throw new NotFoundError('Claim batch');
        if (batch.status !== 'locked') throw new ConflictError('Draw an audit sample from a locked batch.');
        const reversed = new Set((await outcomeRepository.reversals(tx, batchId)).map((r) => r.claim_item_id));
        const population = (await outcomeRepository.claimableItems(tx, batchId)).filter((i) => !reversed.has(i.id));
        const seed = input.seed?.trim() || randomBytes(8).toString('hex');
        const size = sampleSize(population.length, percent, minimum);
        const chosen = drawSample(population, size, seed);
        const sampleId = await outcomeRepository.insertSample(tx, { local_authority_id: ctx.actor.localAuthorityId, batch_id: batchId, seed, percent, minimum, population: population.length, size: chosen.length, checklist: JSON.stringify(AUDIT_CHECKLIST), drawn_by: ctx.actor.id });
        await outcomeRepository.insertSampleItems(tx, chosen.map((c, i) => ({ local_authority_id: ctx.actor.localAuthorityId, sample_id: sampleId, claim_item_id: c.id, position: i + 1 })));
        await audit.record(tx, ctx, { action: 'claims.sample.draw', subjectType: 'audit_sample', subjectId: sampleId, details: { seed, size: chosen.length, population: population.length } });
        return sampleId;
      });
    },

    async sample(ctx: RequestContext, sampleId: string) {
      if (!isUuid(sampleId)) throw new NotFoundError('Audit sample');
      return withTenant(db, ctx.actor.localAuthorityId, async (tx) => {
        const sample = await outcomeRepository.sample(tx, sampleId);
        if (!sample) throw new NotFoundError('Audit sample');
        const [batch, items] = await Promise.all([outcomeRepository.batch(tx, sample.batch_id), outcomeRepository.sampleItems(tx, sampleId)]);
        return { sample, batch, items };
      });
    },

    async sampleItem(ctx: RequestContext, sampleItemId: string) {
      if (!isUuid(sampleItemId)) throw new NotFoundError('Sampled claim');
      return withTenant(db, ctx.actor.localAuthorityId, async (tx) => {
        const sampleItem = await outcomeRepository.sampleItem(tx, sampleItemId);
        if (!sampleItem) throw new NotFoundError('Sampled claim');
        const [sample, item] = await Promise.all([outcomeRepository.sample(tx, sampleItem.sample_id), outcomeRepository.item(tx, sampleItem.claim_item_id)]);
        await audit.record(tx, ctx, { action: 'claims.sample.item.read', subjectType: 'family_unit', subjectId: item?.family_unit_id ?? null });
        return { sampleItem, sample, item };
      });
    },

    /** Record the checklist answers and finding; a failed finding reverses the claim (a new row). */
    async recordFinding(ctx: RequestContext, sampleItemId: string, input: { answers: Record<string, string>; finding: string; result: string }) {
      if (!isUuid(sampleItemId)) throw new NotFoundError('Sampled claim');
      const errors: Record<string, string> = {};
      if (!['passed', 'failed', 'pending'].includes(input.result)) errors.result = 'Select whether the claim passed or failed';
      const finding = input.finding.trim();
      if (input.result === 'failed' && !finding) errors.finding = 'Describe the finding for a failed claim';
      if (finding.length > 4000) errors.finding = 'The finding must be 4000 characters or fewer';
      for (const q of AUDIT_CHECKLIST) if (input.answers[q.id] && !['yes', 'no', 'na'].includes(input.answers[q.id] as string)) errors[q.id] = 'Answer yes, no or not applicable';
      if (Object.keys(errors).length) throw new ValidationError(errors);
      const result = input.result as 'passed' | 'failed' | 'pending';
      const outcome = await withTenant(db, ctx.actor.localAuthorityId, async (tx) => {
        const sampleItem = await outcomeRepository.sampleItem(tx, sampleItemId);
        if (!sampleItem) throw new NotFoundError('Sampled claim');
        await outcomeRepository.updateSampleItem(tx, sampleItemId, { answers: JSON.stringify(input.answers), finding: finding || null, result, reviewed_by: ctx.actor.id, reviewed_at: clock.now() });
        await audit.record(tx, ctx, { action: 'claims.sample.finding', subjectType: 'audit_sample_item', subjectId: sampleItemId, details: { result } });
        return sampleItem;
      });
      if (result === 'failed') {
        const item = await withTenant(db, ctx.actor.localAuthorityId, (tx) => outcomeRepository.item(tx, outcome.claim_item_id));
        if (item && !item.reversal_id) await this.reverse(ctx, outcome.claim_item_id, { reason: `Audit finding: ${finding}`, sampleItemId });
      }
      return { sampleId: outcome.sample_id };
    },

    /** Whether a batch is locked and its totals: for returns. */
    async lockedTotalsBetween(ctx: RequestContext, from: string, to: string) {
      return withTenant(db, ctx.actor.localAuthorityId, async (tx) => {
        const batches = (await outcomeRepository.batches(tx)).filter((b) => b.status === 'locked');
        const inPeriod = [];
        for (const b of batches) {
          const full = await outcomeRepository.batch(tx, b.id);
          const lockedOn = full?.locked_at ? isoDate(full.locked_at) : null;
          if (lockedOn && lockedOn >= from && lockedOn <= to) inPeriod.push(full);
        }
        return inPeriod.map((b) => ({ reference: b?.reference, summary: b?.summary as { claimable?: number; families?: number; amountPence?: number } }));
      });
    },

    /** The council's pseudonymisation key: generated on first use, held as a setting, never shown or exported. */
    async pseudonymisationKey(localAuthorityId: string, generate: () => string): Promise<string> {
      return withTenant(db, localAuthorityId, async (tx) => {
        const row = await outcomeRepository.settings(tx);
        if (row?.pseudonymisation_key) return row.pseudonymisation_key;
        const key = generate();
        await outcomeRepository.saveSettings(tx, localAuthorityId, { pseudonymisation_key: key, updated_by: null });
        return key;
      });
    },

    /** The comparison cohort: families the framework finds eligible on a date who were never attached (no case). */
    async eligibleNotSupported(localAuthorityId: string, asOf: string) {
      return withTenant(db, localAuthorityId, async (tx) => {
        const settings = await settingsIn(tx);
        const { fw } = await publishedFrameworkIn(tx, localAuthorityId, settings.frameworkCode);
        const ids = await outcomeRepository.familiesWithoutCase(tx);
        const rows = await familyRows(tx, fw, ids, [], `${Number(asOf.slice(0, 4)) - 2}${asOf.slice(4)}`);
        const out = [];
        for (const id of ids) {
          const r = rows.get(id) as FamilyRows;
          const members = membersAt(r.members, asOf);
          if (members.length === 0) continue;
          const people = new Set(members.map((m) => m.person_id));
          const facts = toEventFacts(r.events.filter((e) => (e.person_id === null ? e.family_unit_id === id : people.has(e.person_id))));
          const result = fw.at(asOf).family(members.map((m) => ({ personId: m.person_id, role: m.role, dateOfBirth: m.date_of_birth })), facts);
          if (result.eligible) out.push({ familyUnitId: id, members, needs: result.matches });
        }
        return out;
      });
    },

    /** For returns and extracts: each attachment's needs and outcomes at a date, over families with a case open in a period. */
    async attachmentsBetween(localAuthorityId: string, from: string, to: string) {
      return withTenant(db, localAuthorityId, async (tx) => {
        const settings = await settingsIn(tx);
        const { fw } = await publishedFrameworkIn(tx, localAuthorityId, settings.frameworkCode);
        const { scheme } = await schemeIn(tx, settings.frameworkCode, settings.frameworkVersion);
        const cases = (await outcomeRepository.casesOpenedBetween(tx, '1900-01-01', to)).filter((c) => c.closed_on === null || c.closed_on >= from);
        const familyIds = [...new Set(cases.map((c) => c.family_unit_id))];
        const rows = await familyRows(tx, fw, familyIds, cases, '2000-01-01');
        return {
          framework: fw,
          attachments: cases.map((c) => {
            const r = rows.get(c.family_unit_id) as FamilyRows;
            return attachmentProgress(fw, { ...r, assessmentNeeds: r.assessmentNeeds.filter((n) => n.case_id === c.id) }, c, to, 'full', scheme.sustainment);
          }),
        };
      });
    },
  };
}

function addMonths(iso: string, months: number): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  const first = new Date(Date.UTC(y, m - 1 + months, 1));
  const last = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  first.setUTCDate(Math.min(d, last));
  return first.toISOString().slice(0, 10);
}

function personName(rows: FamilyRows, personId: string): string {
  const m = rows.members.find((x) => x.person_id === personId);
  return m ? `${m.given_name} ${m.family_name}`.trim() : `Person ${personId.slice(0, 8)}`;
}

function summariseScores(scores: Array<{ scale: string; dimension_key: string; rater: string; score: number; scored_on: string; min_score: number; max_score: number }>) {
  const groups = new Map<string, typeof scores>();
  for (const s of scores) {
    const key = `${s.scale}|${s.dimension_key}|${s.rater}`;
    groups.set(key, [...(groups.get(key) ?? []), s]);
  }
  return [...groups.values()].map((list) => {
    const first = list[0]!;
    const last = list.at(-1)!;
    return { scale: first.scale, dimension: first.dimension_key, rater: first.rater, first: first.score, firstOn: first.scored_on, latest: last.score, latestOn: last.scored_on, improved: last.score > first.score, min: first.min_score, max: first.max_score };
  });
}

export type OutcomeService = ReturnType<typeof createOutcomeService>;
export { rateFor };
