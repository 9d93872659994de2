// National returns generated from data Hearth already holds (never re-keyed): a quarterly progress
// return (families worked with, needs by headline, outcomes achieved), validated before download,
// stored with a hash of exactly what was produced and a record of when it was submitted; and a
// person-level extract for national evaluation, pseudonymised with the council's key, with a
// comparison cohort of families found eligible but not supported.
import { createHash } from 'node:crypto';
import type { RequestContext } from '../../auth/permissions.ts';
import type { Db } from '../../db/database.ts';
import { withTenant } from '../../db/tenant.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../platform/errors.ts';
import { isoDate, type Clock } from '../../platform/clock.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { OutcomeService } from '../outcomes/outcome.service.ts';
import { isUuid } from '../../platform/ids.ts';
import { generateKey, keyFingerprint, pseudonym } from './pseudonymise.ts';
import { returnsRepository } from './returns.repository.ts';
import { toCsv, toXlsx, type Cell } from './spreadsheet.ts';

export interface QuarterlyFigures {
  periodStart: string;
  periodEnd: string;
  framework: string;
  familiesWorkedWith: number;
  newAttachments: number;
  closures: number;
  familiesWithoutNeeds: number;
  familiesAllNeedsMet: number;
  headlines: Array<{ code: string; name: string; families: number; needs: number; outcomesMet: number }>;
  claims: { enabled: boolean; batchesLocked: number; claims: number; amountPence: number };
}

export type Finding = { level: 'error' | 'warning'; text: string };

export function quarterOf(date: string): { start: string; end: string } | null {
  const m = /^(\d{4})-(0[1-9]|1[0-2])-01$/.exec(date);
  if (!m || ![1, 4, 7, 10].includes(Number(m[2]))) return null;
  const y = Number(m[1]);
  const month = Number(m[2]);
  const end = new Date(Date.UTC(y, month + 2, 0)).toISOString().slice(0, 10);
  return { start: date, end };
}

/** Checks a return before anyone downloads or submits it. */
export function validateReturn(f: QuarterlyFigures): Finding[] {
  const findings: Finding[] = [];
  if (f.familiesWorkedWith < 0 || f.newAttachments < 0 || f.closures < 0) findings.push({ level: 'error', text: 'A count is negative' });
  if (f.newAttachments > f.familiesWorkedWith) findings.push({ level: 'error', text: 'More new attachments than families worked with' });
  if (f.familiesAllNeedsMet > f.familiesWorkedWith) findings.push({ level: 'error', text: 'More families with every need met than families worked with' });
  for (const h of f.headlines) {
    if (h.outcomesMet > h.needs) findings.push({ level: 'error', text: `${h.name}: more outcomes met (${h.outcomesMet}) than needs (${h.needs})` });
    if (h.families > f.familiesWorkedWith) findings.push({ level: 'error', text: `${h.name}: more families than families worked with` });
  }
  if (f.familiesWorkedWith === 0) findings.push({ level: 'warning', text: 'No families were worked with in this quarter' });
  if (f.familiesWithoutNeeds > 0) findings.push({ level: 'warning', text: `${f.familiesWithoutNeeds} families worked with have no need identified at attachment: check their assessments` });
  return findings;
}

export function returnRows(f: QuarterlyFigures): Cell[][] {
  const rows: Cell[][] = [
    ['period', '', 'start', f.periodStart],
    ['period', '', 'end', f.periodEnd],
    ['framework', '', 'code', f.framework],
    ['families', '', 'worked with', f.familiesWorkedWith],
    ['families', '', 'new attachments', f.newAttachments],
    ['families', '', 'closures', f.closures],
    ['families', '', 'every need met at quarter end', f.familiesAllNeedsMet],
  ];
  for (const h of f.headlines) {
    rows.push(['needs', h.name, 'families with a need', h.families]);
    rows.push(['needs', h.name, 'needs identified', h.needs]);
    rows.push(['outcomes', h.name, 'needs met at quarter end', h.outcomesMet]);
  }
  if (f.claims.enabled) {
    rows.push(['claims', '', 'batches locked', f.claims.batchesLocked], ['claims', '', 'claims', f.claims.claims], ['claims', '', 'amount (pounds)', f.claims.amountPence / 100]);
  }
  return rows;
}

const HEADER = ['section', 'headline', 'measure', 'value'];

export function createReturnsService(db: Db, audit: AuditService, clock: Clock, outcomes: OutcomeService) {
  async function figures(ctx: RequestContext, start: string, end: string): Promise<QuarterlyFigures> {
    const { framework, attachments } = await outcomes.attachmentsBetween(ctx.actor.localAuthorityId, start, end);
    const settings = await outcomes.settings(ctx);
    const families = new Set(attachments.map((a) => a.case.family_unit_id));
    const headlines = new Map<string, { families: Set<string>; needs: number; met: number }>();
    for (const h of framework.definition.headlines) headlines.set(h.code, { families: new Set(), needs: 0, met: 0 });
    let withoutNeeds = 0;
    let allMet = 0;
    for (const a of attachments) {
      if (a.needs.length === 0) withoutNeeds++;
      else if (a.needs.every((n) => n.outcome.metSince !== null)) allMet++;
      for (const n of a.needs) {
        const h = headlines.get(n.headline) ?? { families: new Set<string>(), needs: 0, met: 0 };
        h.families.add(a.case.family_unit_id);
        h.needs++;
        if (n.outcome.metSince !== null) h.met++;
        headlines.set(n.headline, h);
      }
    }
    const locked = settings.claimsEnabled ? await outcomes.lockedTotalsBetween(ctx, start, end) : [];
    return {
      periodStart: start,
      periodEnd: end,
      framework: framework.definition.code,
      familiesWorkedWith: families.size,
      newAttachments: new Set(attachments.filter((a) => a.case.opened_on >= start).map((a) => a.case.family_unit_id)).size,
      closures: attachments.filter((a) => a.case.closed_on !== null && a.case.closed_on >= start && a.case.closed_on <= end).length,
      familiesWithoutNeeds: withoutNeeds,
      familiesAllNeedsMet: allMet,
      headlines: [...headlines].map(([code, h]) => ({ code, name: framework.headlineName(code), families: h.families.size, needs: h.needs, outcomesMet: h.met })),
      claims: {
        enabled: settings.claimsEnabled,
        batchesLocked: locked.length,
        claims: locked.reduce((s, b) => s + (b.summary?.claimable ?? 0), 0),
        amountPence: locked.reduce((s, b) => s + (b.summary?.amountPence ?? 0), 0),
      },
    };
  }

  return {
    async runs(ctx: RequestContext) {
      return withTenant(db, ctx.actor.localAuthorityId, (tx) => returnsRepository.runs(tx));
    },

    /** Generate and validate a quarterly return from held data, and record it. */
    async generate(ctx: RequestContext, input: { quarterStart: string }) {
      const quarter = quarterOf(input.quarterStart);
      if (!quarter) throw new ValidationError({ quarterStart: 'Select a quarter' });
      if (quarter.start > isoDate(clock.now())) throw new ValidationError({ quarterStart: 'The quarter has not started yet' });
      const f = await figures(ctx, quarter.start, quarter.end);
      const validation = validateReturn(f);
      const csv = toCsv(HEADER, returnRows(f));
      return withTenant(db, ctx.actor.localAuthorityId, async (tx) => {
        const id = await returnsRepository.insertRun(tx, {
          local_authority_id: ctx.actor.localAuthorityId,
          kind: 'quarterly_progress',
          period_start: quarter.start,
          period_end: quarter.end,
          framework_code: f.framework,
          figures: JSON.stringify(f),
          validation: JSON.stringify(validation),
          file_sha256: createHash('sha256').update(csv).digest('hex'),
          generated_by: ctx.actor.id,
        });
        await audit.record(tx, ctx, { action: 'return.generate', subjectType: 'return_run', subjectId: id, details: { period: quarter, errors: validation.filter((v) => v.level === 'error').length } });
        return id;
      });
    },

    async run(ctx: RequestContext, id: string) {
      if (!isUuid(id)) throw new NotFoundError('Return');
      const run = await withTenant(db, ctx.actor.localAuthorityId, (tx) => returnsRepository.run(tx, id));
      if (!run) throw new NotFoundError('Return');
      return { ...run, figures: run.figures as unknown as QuarterlyFigures, rows: returnRows(run.figures as unknown as QuarterlyFigures) };
    },

    /** The file exactly as generated (the stored figures), in CSV or XLSX. Refused while the return has errors. */
    async download(ctx: RequestContext, id: string, format: 'csv' | 'xlsx') {
      const run = await this.run(ctx, id);
      if (run.validation.some((v) => v.level === 'error')) throw new ConflictError('This return has errors. Correct the data and generate it again.');
      const name = `quarterly-progress-${run.period_start}`;
      await withTenant(db, ctx.actor.localAuthorityId, (tx) => audit.record(tx, ctx, { action: 'return.download', subjectType: 'return_run', subjectId: id, details: { format } }));
      if (format === 'csv') return { name: `${name}.csv`, type: 'text/csv; charset=utf-8', body: toCsv(HEADER, run.rows) };
      return { name: `${name}.xlsx`, type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', body: await toXlsx([{ name: 'Quarterly progress', header: HEADER, rows: run.rows }]) };
    },

    async recordSubmission(ctx: RequestContext, id: string, note: string) {
      if (!isUuid(id)) throw new NotFoundError('Return');
      return withTenant(db, ctx.actor.localAuthorityId, async (tx) => {
        const run = await returnsRepository.run(tx, id);
        if (!run) throw new NotFoundError('Return');
        if (run.submitted_at) throw new ConflictError('This return was already recorded as submitted.');
        if (run.validation.some((v) => v.level === 'error')) throw new ConflictError('A return with errors cannot be submitted.');
        await returnsRepository.markSubmitted(tx, id, ctx.actor.id, clock.now(), note.trim() || null);
        await audit.record(tx, ctx, { action: 'return.submit', subjectType: 'return_run', subjectId: id, details: { period: run.period_start } });
      });
    },

    /**
     * The person-level extract for national evaluation: programme families (every attachment) and a
     * comparison cohort (eligible, never supported); identifiers are keyed pseudonyms, never names,
     * dates of birth or NHS numbers; the key stays in the council's settings.
     */
    async extract(ctx: RequestContext) {
      const asOf = isoDate(clock.now());
      const key = await outcomes.pseudonymisationKey(ctx.actor.localAuthorityId, generateKey);
      const { attachments } = await outcomes.attachmentsBetween(ctx.actor.localAuthorityId, '1900-01-01', asOf);
      const comparison = await outcomes.eligibleNotSupported(ctx.actor.localAuthorityId, asOf);
      const rows: Cell[][] = [];
      const people = new Set<string>();
      for (const a of attachments) {
        for (const m of a.members) {
          people.add(m.person_id);
          const own = a.needs.filter((n) => n.personId === m.person_id || n.personId === null);
          rows.push([
            pseudonym(key, 'person', m.person_id),
            pseudonym(key, 'family', a.case.family_unit_id),
            'programme',
            m.role,
            m.date_of_birth?.slice(0, 4) ?? '',
            a.case.opened_on,
            a.case.closed_on ?? '',
            [...new Set(own.map((n) => n.headline))].sort().join(';'),
            [...new Set(own.filter((n) => n.outcome.metSince !== null).map((n) => n.headline))].sort().join(';'),
            a.needs.length > 0 && a.needs.every((n) => n.outcome.metSince !== null) ? 'yes' : 'no',
          ]);
        }
      }
      let comparisonPeople = 0;
      for (const c of comparison) {
        for (const m of c.members) {
          comparisonPeople++;
          const own = c.needs.filter((n) => n.personId === m.person_id || n.personId === null);
          rows.push([pseudonym(key, 'person', m.person_id), pseudonym(key, 'family', c.familyUnitId), 'comparison', m.role, m.date_of_birth?.slice(0, 4) ?? '', '', '', [...new Set(own.map((n) => n.headline))].sort().join(';'), '', '']);
        }
      }
      const csv = toCsv(['person_pseudonym', 'family_pseudonym', 'cohort', 'role', 'birth_year', 'attached_on', 'closed_on', 'need_headlines', 'headlines_met', 'every_need_met'], rows);
      await withTenant(db, ctx.actor.localAuthorityId, async (tx) => {
        const id = await returnsRepository.insertExtract(tx, {
          local_authority_id: ctx.actor.localAuthorityId,
          kind: 'national_evaluation',
          as_of: asOf,
          programme_people: people.size,
          comparison_people: comparisonPeople,
          key_fingerprint: keyFingerprint(key),
          file_sha256: createHash('sha256').update(csv).digest('hex'),
          generated_by: ctx.actor.id,
        });
        await audit.record(tx, ctx, { action: 'extract.generate', subjectType: 'extract_run', subjectId: id, details: { programmePeople: people.size, comparisonPeople } });
      });
      return { name: `national-evaluation-${asOf}.csv`, body: csv, programmePeople: people.size, comparisonPeople };
    },

    async extracts(ctx: RequestContext) {
      return withTenant(db, ctx.actor.localAuthorityId, (tx) => returnsRepository.extracts(tx));
    },
  };
}

export type ReturnsService = ReturnType<typeof createReturnsService>;
