// Data sources, their agreements, contacts and mappings; runs, quarantine and corrections; feed
// health; API tokens; and the demo's synth deliveries. Imports themselves are import.service.ts.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { RequestContext } from '../../auth/permissions.ts';
import type { Db } from '../../db/database.ts';
import { withSystem, withTenant, type Tx } from '../../db/tenant.ts';
import { isoDate, type Clock } from '../../platform/clock.ts';
import { NotFoundError, ValidationError } from '../../platform/errors.ts';
import type { JobRegistry, Queue } from '../../jobs/queue.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { isUuid } from '../../platform/ids.ts';
import { CORRECTABLE_COLUMNS, datasetRepository, type IdentityColumn } from './dataset.repository.ts';
import { FREQUENCIES, type Frequency } from './dataset.tables.ts';
import { feedHealth } from './health.ts';
import { createImportService, currentAgreement, type ImportActor, type ImportOrigin } from './import.service.ts';
import { checkMappingSpec, compileMapping, type MappingSpec } from './mapping.ts';
import { checkNhsNumber, checkNiNumber, checkPostcode, checkUpn, checkUprn, looksLikeFormula, type Checked } from './validation.ts';
import { dobReader } from './dates.ts';
import { correctEvent, eventFields, isEventField, type EventField } from './event-correction.ts';

export const IMPORT_JOB = 'datasets.import';
export const RELINK_JOB = 'identification.link';

export const LAWFUL_BASES = [
  { value: '6(1)(e)', text: 'Article 6(1)(e) public task' },
  { value: '6(1)(c)', text: 'Article 6(1)(c) legal obligation' },
  { value: '6(1)(a)', text: 'Article 6(1)(a) consent' },
  { value: '6(1)(d)', text: 'Article 6(1)(d) vital interests' },
  { value: '6(1)(b)', text: 'Article 6(1)(b) contract' },
] as const;

export const FREQUENCY_LABELS: Record<Frequency, string> = {
  daily: 'Daily', weekly: 'Weekly', fortnightly: 'Fortnightly', monthly: 'Monthly', termly: 'Termly', quarterly: 'Quarterly', annually: 'Annually', ad_hoc: 'When needed (no schedule)',
};

export interface SourceInput {
  name: string;
  organisation: string;
  kind: string;
  description: string;
  expectedFrequency: string;
  contacts: Array<{ role: string; name: string; email: string; phone: string }>;
}

export interface AgreementInput {
  reference: string;
  parties: string;
  purposes: string;
  lawfulBasis: string;
  dataItems: string;
  startDate: string;
  reviewDate: string;
  endDate: string;
}

const isDate = (s: string): boolean => /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s);

function checkSource(input: SourceInput, creating: boolean): Record<string, string> {
  const errors: Record<string, string> = {};
  if (creating && !/^[a-z][a-z0-9_]{1,62}$/.test(input.name)) errors.name = 'Enter a short name of lower case letters, digits and underscores, such as police_asb';
  if (!input.organisation.trim()) errors.organisation = 'Enter the organisation that sends this data';
  else if (input.organisation.length > 200) errors.organisation = 'Organisation must be 200 characters or fewer';
  if (!input.kind.trim()) errors.kind = 'Enter the kind of data, such as education or police';
  if (!(FREQUENCIES as readonly string[]).includes(input.expectedFrequency)) errors.expectedFrequency = 'Select how often this data should arrive';
  input.contacts.forEach((c, i) => {
    const any = c.role || c.name || c.email || c.phone;
    if (!any) return;
    if (!c.role.trim()) errors[`contact${i}Role`] = 'Enter the role of this contact, such as data lead';
    if (c.email && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(c.email)) errors[`contact${i}Email`] = 'Enter an email address in the correct format, like name@example.com';
  });
  return errors;
}

function checkAgreement(input: AgreementInput): Record<string, string> {
  const errors: Record<string, string> = {};
  if (!input.reference.trim()) errors.reference = 'Enter the agreement reference';
  if (!input.parties.trim()) errors.parties = 'Enter the parties to the agreement';
  if (!input.purposes.trim()) errors.purposes = 'Enter the purposes the data may be used for';
  if (!LAWFUL_BASES.some((b) => b.value === input.lawfulBasis)) errors.lawfulBasis = 'Select the lawful basis';
  if (!input.dataItems.trim()) errors.dataItems = 'Enter the data items shared';
  if (!isDate(input.startDate)) errors.startDate = 'Enter the start date as a real date';
  if (!isDate(input.reviewDate)) errors.reviewDate = 'Enter the review date as a real date';
  else if (isDate(input.startDate) && input.reviewDate < input.startDate) errors.reviewDate = 'The review date must be on or after the start date';
  if (input.endDate && !isDate(input.endDate)) errors.endDate = 'Enter the end date as a real date';
  else if (input.endDate && isDate(input.startDate) && input.endDate < input.startDate) errors.endDate = 'The end date must be on or after the start date';
  return errors;
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** A per-field check for correcting an accepted record's value: the stored value, or why not. */
function checkField(column: IdentityColumn, raw: string, today: string): Checked {
  const v = raw.trim();
  if (v === '') return { ok: true, value: '' };
  if (looksLikeFormula(v)) return { ok: false, code: 'formula', message: 'The value starts with a character that spreadsheets run as a formula' };
  switch (column) {
    case 'nhs_number': return checkNhsNumber(v);
    case 'upn': return checkUpn(v);
    case 'postcode': return checkPostcode(v);
    case 'ni_number': return checkNiNumber(v);
    case 'uprn': return checkUprn(v);
    case 'sex': return /^[MF]$/i.test(v) ? { ok: true, value: v.toUpperCase() } : { ok: false, code: 'unknown_code', message: 'Enter M or F, or leave it blank' };
    case 'date_of_birth': {
      const r = dobReader('YYYY-MM-DD')(v);
      if (!r.ok) return { ok: false, code: r.reason === 'impossible' ? 'impossible_date' : 'date_format', message: 'Enter the date of birth as yyyy-mm-dd (or yyyy-mm, or yyyy)' };
      if (r.iso > today) return { ok: false, code: 'future_date', message: 'The date of birth cannot be in the future' };
      return { ok: true, value: r.iso };
    }
    default: return { ok: true, value: v };
  }
}

export function createDatasetService(db: Db, audit: AuditService, clock: Clock, queue: Queue, jobs: JobRegistry, dataDir: string) {
  const imports = createImportService(db, audit, clock);
  const today = (): string => isoDate(clock.now());

  async function sourceOr404(tx: Tx, id: string) {
    if (!isUuid(id)) throw new NotFoundError('Data source');
    const source = await datasetRepository.findSource(tx, id);
    if (!source) throw new NotFoundError('Data source');
    return source;
  }

  async function runOr404(tx: Tx, id: string) {
    if (!isUuid(id)) throw new NotFoundError('Import run');
    const run = await datasetRepository.findRun(tx, id);
    if (!run) throw new NotFoundError('Import run');
    return run;
  }

  /**
   * Queues linkage, when that job exists (null otherwise): for corrected records, linked again; or
   * after a delivery lands, as one waiting incremental run that serves every delivery before it starts.
   */
  async function queueLinkage(tx: Tx, localAuthorityId: string, createdBy: string | null, what: { sourceRecordIds: string[] } | 'delivery'): Promise<string | null> {
    if (!jobs.get(RELINK_JOB)) return null;
    const job = { localAuthorityId, name: RELINK_JOB, createdBy };
    return what === 'delivery'
      ? queue.enqueueOnce(tx, { ...job, payload: { mode: 'incremental' }, maxAttempts: 2 })
      : queue.enqueue(tx, { ...job, payload: { sourceRecordIds: what.sourceRecordIds, reason: 'correction' } });
  }
  const enqueueRelink = (tx: Tx, ctx: RequestContext, sourceRecordIds: string[]) => queueLinkage(tx, ctx.actor.localAuthorityId, ctx.actor.id, { sourceRecordIds });

  async function correctRecordEvent(ctx: RequestContext, recordId: string, field: EventField, input: { value: string; reason: string }) {
    return withTenant(db, ctx.actor.localAuthorityId, async (tx) => {
      const record = await datasetRepository.findRecord(tx, recordId);
      if (!record) throw new NotFoundError('Record');
      const run = await datasetRepository.findRun(tx, record.import_run_id);
      const mapping = run?.mapping_id ? await datasetRepository.findMapping(tx, run.mapping_id) : undefined;
      if (!record.event_type || !record.event_on || !mapping) throw new ValidationError({ column: 'This record has no event to correct' });
      const event = { type: record.event_type, occurred_on: record.event_on, ended_on: record.event_end ?? null, attributes: JSON.parse(record.event_values ?? '{}') as Record<string, string | number> };
      const corrected = correctEvent(event, field, input.value, mapping.spec as MappingSpec, today());
      const errors: Record<string, string> = {};
      if (!corrected.ok) errors[corrected.message === 'Select the value to correct' ? 'column' : 'value'] = corrected.message;
      if (!input.reason.trim()) errors.reason = 'Enter why you are making this correction';
      if (!corrected.ok || errors.reason) throw new ValidationError(errors);
      const eventPlaced = await datasetRepository.updateRecordEvent(tx, recordId, corrected.event);
      const reason = input.reason.trim();
      await datasetRepository.insertCorrections(tx, [{ local_authority_id: ctx.actor.localAuthorityId, data_source_id: record.data_source_id, import_run_id: record.import_run_id, quarantine_row_id: null, source_record_id: recordId, column_name: field, old_value: corrected.old, new_value: corrected.new, reason, corrected_by: ctx.actor.id }]);
      await audit.record(tx, ctx, { action: 'source_record.correct', subjectType: 'source_record', subjectId: recordId, details: { column: field, old: corrected.old, new: corrected.new, reason, eventPlaced } });
      return { relinkJob: null, eventPlaced };
    });
  }

  const actorOf = (ctx: RequestContext): ImportActor => ({ localAuthorityId: ctx.actor.localAuthorityId, userId: ctx.actor.id, name: `${ctx.actor.displayName} <${ctx.actor.email}>`, correlationId: ctx.correlationId });

  return {
    imports,
    uploadDir: join(dataDir, 'uploads'),

    /** For an import's onLanded: the delivery's records are linked by the linkage this queues (null without that job). */
    queueLinkageAfterDelivery: (tx: Tx, localAuthorityId: string, createdBy: string | null) => queueLinkage(tx, localAuthorityId, createdBy, 'delivery'),

    // ---------------------------------------------------------------- sources
    async listSources(ctx: RequestContext) {
      return withTenant(db, ctx.actor.localAuthorityId, async (tx) => {
        const sources = await datasetRepository.listSources(tx);
        const since = new Date(clock.now().getTime() - 400 * 86_400_000);
        const deliveries = await datasetRepository.deliveries(tx, since);
        const agreements = await Promise.all(sources.map((s) => datasetRepository.agreements(tx, s.id)));
        return feedHealth(sources, deliveries, agreements, clock.now());
      });
    },

    async source(ctx: RequestContext, id: string) {
      return withTenant(db, ctx.actor.localAuthorityId, async (tx) => {
        const source = await sourceOr404(tx, id);
        const [contacts, agreements, mappings, runs] = await Promise.all([datasetRepository.contacts(tx, id), datasetRepository.agreements(tx, id), datasetRepository.mappings(tx, id), datasetRepository.runs(tx, id)]);
        const current = currentAgreement(agreements, today());
        return { source, contacts, agreements, mappings, runs, current: 'agreement' in current ? current.agreement : null, refusal: 'refusal' in current ? current.refusal : null };
      });
    },

    async createSource(ctx: RequestContext, input: SourceInput): Promise<string> {
      const errors = checkSource(input, true);
      if (Object.keys(errors).length > 0) throw new ValidationError(errors);
      return withTenant(db, ctx.actor.localAuthorityId, async (tx) => {
        if (await datasetRepository.findSourceByName(tx, input.name)) throw new ValidationError({ name: 'A data source with this name already exists' });
        const id = await datasetRepository.insertSource(tx, { local_authority_id: ctx.actor.localAuthorityId, name: input.name, organisation: input.organisation.trim(), kind: input.kind.trim(), description: input.description.trim() || null, expected_frequency: input.expectedFrequency as Frequency });
        await datasetRepository.replaceContacts(tx, ctx.actor.localAuthorityId, id, cleanContacts(input.contacts));
        await audit.record(tx, ctx, { action: 'data_source.create', subjectType: 'data_source', subjectId: id, details: { name: input.name, organisation: input.organisation } });
        return id;
      });
    },

    async updateSource(ctx: RequestContext, id: string, input: SourceInput): Promise<void> {
      const errors = checkSource(input, false);
      if (Object.keys(errors).length > 0) throw new ValidationError(errors);
      await withTenant(db, ctx.actor.localAuthorityId, async (tx) => {
        const before = await sourceOr404(tx, id);
        await datasetRepository.updateSource(tx, id, { organisation: input.organisation.trim(), kind: input.kind.trim(), description: input.description.trim() || null, expected_frequency: input.expectedFrequency as Frequency });
        await datasetRepository.replaceContacts(tx, ctx.actor.localAuthorityId, id, cleanContacts(input.contacts));
        await audit.record(tx, ctx, { action: 'data_source.update', subjectType: 'data_source', subjectId: id, details: { before: { organisation: before.organisation, kind: before.kind, expected_frequency: before.expected_frequency }, after: { organisation: input.organisation, kind: input.kind, expected_frequency: input.expectedFrequency } } });
      });
    },

    async addAgreement(ctx: RequestContext, sourceId: string, input: AgreementInput): Promise<string> {
      const errors = checkAgreement(input);
      if (Object.keys(errors).length > 0) throw new ValidationError(errors);
      return withTenant(db, ctx.actor.localAuthorityId, async (tx) => {
        await sourceOr404(tx, sourceId);
        const id = await datasetRepository.insertAgreement(tx, {
          local_authority_id: ctx.actor.localAuthorityId, data_source_id: sourceId, reference: input.reference.trim(), parties: input.parties.trim(), purposes: input.purposes.trim(), lawful_basis: input.lawfulBasis,
          data_items: input.dataItems.trim(), start_date: input.startDate, review_date: input.reviewDate, end_date: input.endDate || null, created_by: ctx.actor.id,
        });
        await audit.record(tx, ctx, { action: 'sharing_agreement.create', subjectType: 'data_source', subjectId: sourceId, details: { agreement: id, reference: input.reference, start: input.startDate, end: input.endDate || null } });
        return id;
      });
    },

    // ---------------------------------------------------------------- mappings
    /** The editor's starting point: the latest mapping (or a blank one), known columns and sample rows. */
    async mappingEditor(ctx: RequestContext, sourceId: string) {
      return withTenant(db, ctx.actor.localAuthorityId, async (tx) => {
        const source = await sourceOr404(tx, sourceId);
        const latest = await datasetRepository.latestMapping(tx, sourceId);
        const { runId: sampleRun, rows: sample } = await datasetRepository.sampleRows(tx, sourceId, 10);
        // The sample is people's data as delivered: its reading is audited like a record's.
        if (sample.length > 0) await audit.record(tx, ctx, { action: 'import_run.sample', subjectType: 'import_run', subjectId: sampleRun as string, details: { source: source.name, rows: sample.map((r) => r.row_number) } });
        const spec: MappingSpec = (latest?.spec as MappingSpec | undefined) ?? { format: 'csv', delimiter: ',', encoding: 'utf-8', dateFormat: 'DD/MM/YYYY', columns: [], identity: { record_id: '' }, required: [], codes: {}, event: null };
        const first = sample.find((r) => r.accepted) ?? sample[0];
        const header = first ? first.columns.map(([name]) => name) : spec.columns;
        return { source, latest: latest ?? null, spec, sample: { header, rows: sample.map((r) => { const value = new Map(r.columns); return header.map((h) => value.get(h) ?? ''); }) } };
      });
    },

    /** The first rows as the mapping reads them (nothing saved). */
    preview(spec: MappingSpec, sample: { header: string[]; rows: string[][] }) {
      const errors = checkMappingSpec(spec, sample.header.length > 0 ? sample.header : undefined);
      if (Object.keys(errors).length > 0 || sample.header.length === 0) return { errors, rows: [] };
      const mapper = compileMapping(spec, sample.header, today());
      return { errors, rows: sample.rows.map((row, i) => ({ rowNumber: i + 2, mapped: mapper.map(row) })) };
    },

    async saveMapping(ctx: RequestContext, sourceId: string, spec: MappingSpec, note: string, header?: string[]): Promise<number> {
      const errors = checkMappingSpec(spec, header && header.length > 0 ? header : undefined);
      if (Object.keys(errors).length > 0) throw new ValidationError(errors);
      return withTenant(db, ctx.actor.localAuthorityId, async (tx) => {
        await sourceOr404(tx, sourceId);
        const saved = await datasetRepository.insertMapping(tx, { local_authority_id: ctx.actor.localAuthorityId, data_source_id: sourceId, spec, note: note.trim() || null, created_by: ctx.actor.id });
        await audit.record(tx, ctx, { action: 'source_mapping.create', subjectType: 'data_source', subjectId: sourceId, details: { version: saved.version } });
        return saved.version;
      });
    },

    // ---------------------------------------------------------------- imports from the browser and the API
    /** Queues an import of a file already on disk; returns the job (for /jobs/:id) and the run it will make. */
    async enqueueImport(actor: ImportActor, sourceId: string, file: { path: string; name: string }, origin: ImportOrigin) {
      await imports.checkImportable(actor.localAuthorityId, { id: sourceId });
      return withTenant(db, actor.localAuthorityId, async (tx) => {
        const runId = randomUUID();
        const jobId = await queue.enqueue(tx, { localAuthorityId: actor.localAuthorityId, name: IMPORT_JOB, payload: { sourceId, path: file.path, fileName: file.name, origin, runId }, createdBy: actor.userId, maxAttempts: 3 });
        await audit.recordSystem(tx, actor.localAuthorityId, actor.correlationId, { actorId: actor.userId, actorName: actor.name, action: 'import.requested', subjectType: 'data_source', subjectId: sourceId, details: { file: file.name, origin, job: jobId, run: runId } });
        return { jobId, runId };
      });
    },

    actorOf,

    // ---------------------------------------------------------------- runs, quarantine, corrections
    async run(ctx: RequestContext, runId: string, page = 1) {
      return withTenant(db, ctx.actor.localAuthorityId, async (tx) => {
        const run = await runOr404(tx, runId);
        const perPage = 50;
        const [quarantine, counts, problems, corrections] = await Promise.all([
          datasetRepository.quarantine(tx, runId, { status: 'open', offset: (page - 1) * perPage, limit: perPage }),
          datasetRepository.quarantineCounts(tx, runId),
          datasetRepository.problemSummary(tx, runId),
          datasetRepository.corrections(tx, { runId }),
        ]);
        const count = (s: string): number => Number(counts.find((c) => c.status === s)?.n ?? 0);
        await audit.record(tx, ctx, { action: 'import_run.view', subjectType: 'import_run', subjectId: runId });
        return { run, quarantine, problems, corrections, open: count('open'), corrected: count('corrected'), dismissed: count('dismissed'), page, pages: Math.max(1, Math.ceil(count('open') / perPage)) };
      });
    },

    /** Every open quarantined row of a run (the CSV export), audited. */
    async quarantineExport(ctx: RequestContext, runId: string) {
      return withTenant(db, ctx.actor.localAuthorityId, async (tx) => {
        const run = await runOr404(tx, runId);
        const rows = await datasetRepository.quarantine(tx, runId, { status: 'open' });
        await audit.record(tx, ctx, { action: 'quarantine.export', subjectType: 'import_run', subjectId: runId, details: { rows: rows.length } });
        return { run, rows };
      });
    },

    async quarantinedRow(ctx: RequestContext, runId: string, rowId: string) {
      if (!isUuid(rowId)) throw new NotFoundError('Row');
      return withTenant(db, ctx.actor.localAuthorityId, async (tx) => {
        const run = await runOr404(tx, runId);
        const row = await datasetRepository.findQuarantine(tx, rowId);
        if (!row || row.import_run_id !== runId) throw new NotFoundError('Row');
        await audit.record(tx, ctx, { action: 'quarantine.view', subjectType: 'quarantine_row', subjectId: rowId });
        return { run, row };
      });
    },

    /**
     * Corrects a quarantined row: the changed values are re-validated with the run's mapping and, if
     * the row is now valid, it becomes a source record (with its event) in the same transaction, and
     * linkage is asked to link it (its event then counts for the person it is linked to).
     * Every changed value is kept in data_correction and the audit log.
     */
    async correctQuarantined(ctx: RequestContext, runId: string, rowId: string, values: Record<string, string>, reason: string) {
      if (!isUuid(rowId)) throw new NotFoundError('Row');
      if (!reason.trim()) throw new ValidationError({ reason: 'Enter why you are making this correction' });
      return withTenant(db, ctx.actor.localAuthorityId, async (tx) => {
        const run = await runOr404(tx, runId);
        const row = await datasetRepository.findQuarantine(tx, rowId);
        if (!row || row.import_run_id !== runId) throw new NotFoundError('Row');
        if (row.status !== 'open') throw new ValidationError({ reason: 'This row has already been resolved' });
        if (!run.mapping_id) throw new ValidationError({ reason: 'This run has no mapping to check the row against' });
        const mapping = await datasetRepository.findMapping(tx, run.mapping_id);
        const raw = row.raw as Record<string, string>;
        const header = Object.keys(raw);
        const next: Record<string, string> = { ...raw };
        const changes: Array<{ column: string; old: string; new: string }> = [];
        for (const h of header) {
          if (h in values && values[h] !== raw[h]) {
            changes.push({ column: h, old: raw[h] ?? '', new: values[h] ?? '' });
            next[h] = values[h] ?? '';
          }
        }
        if (changes.length === 0) throw new ValidationError({ reason: 'Change at least one value, or go back' });
        const mapped = compileMapping(mapping!.spec as MappingSpec, header, today()).map(header.map((h) => next[h] ?? ''));
        if (!mapped.ok) {
          const errors: Record<string, string> = {};
          for (const p of mapped.problems) errors[p.column ? `col-${header.indexOf(p.column)}` : 'reason'] = `${p.column ?? 'Row'}: ${p.message}`;
          throw new ValidationError(errors);
        }
        const recordId = randomUUID();
        const rawJson = JSON.stringify(next);
        await datasetRepository.insertRecords(tx, ctx.actor.localAuthorityId, row.data_source_id, runId, [{ ...mapped.record, id: recordId, row_number: row.row_number, raw: rawJson, event: mapped.event }]);
        await datasetRepository.resolveQuarantine(tx, rowId, { status: 'corrected', raw: rawJson, source_record_id: recordId, resolved_by: ctx.actor.id });
        await datasetRepository.insertCorrections(tx, changes.map((c) => ({
          local_authority_id: ctx.actor.localAuthorityId, data_source_id: row.data_source_id, import_run_id: runId, quarantine_row_id: rowId, source_record_id: recordId, column_name: c.column, old_value: c.old, new_value: c.new, reason: reason.trim(), corrected_by: ctx.actor.id,
        })));
        await audit.record(tx, ctx, { action: 'quarantine.correct', subjectType: 'quarantine_row', subjectId: rowId, details: { run: runId, record: recordId, changes, reason: reason.trim() } });
        const relinkJob = await enqueueRelink(tx, ctx, [recordId]);
        return { recordId, rowNumber: row.row_number, relinkJob };
      });
    },

    async dismissQuarantined(ctx: RequestContext, runId: string, rowId: string, reason: string) {
      if (!isUuid(rowId)) throw new NotFoundError('Row');
      if (!reason.trim()) throw new ValidationError({ reason: 'Enter why this row will not be corrected' });
      return withTenant(db, ctx.actor.localAuthorityId, async (tx) => {
        await runOr404(tx, runId);
        const row = await datasetRepository.findQuarantine(tx, rowId);
        if (!row || row.import_run_id !== runId) throw new NotFoundError('Row');
        await datasetRepository.resolveQuarantine(tx, rowId, { status: 'dismissed', source_record_id: null, resolved_by: ctx.actor.id });
        await datasetRepository.insertCorrections(tx, [{ local_authority_id: ctx.actor.localAuthorityId, data_source_id: row.data_source_id, import_run_id: runId, quarantine_row_id: rowId, source_record_id: null, column_name: '(row)', old_value: 'open', new_value: 'dismissed', reason: reason.trim(), corrected_by: ctx.actor.id }]);
        await audit.record(tx, ctx, { action: 'quarantine.dismiss', subjectType: 'quarantine_row', subjectId: rowId, details: { run: runId, reason: reason.trim() } });
      });
    },

    async findRecords(ctx: RequestContext, runId: string, key: string) {
      return withTenant(db, ctx.actor.localAuthorityId, async (tx) => {
        await runOr404(tx, runId);
        const records = key.trim() ? await datasetRepository.findRecordsByKey(tx, runId, key.trim()) : [];
        await audit.record(tx, ctx, { action: 'source_record.search', subjectType: 'import_run', subjectId: runId, details: { key: key.trim() } });
        return records;
      });
    },

    async record(ctx: RequestContext, recordId: string) {
      if (!isUuid(recordId)) throw new NotFoundError('Record');
      return withTenant(db, ctx.actor.localAuthorityId, async (tx) => {
        const record = await datasetRepository.findRecord(tx, recordId);
        if (!record) throw new NotFoundError('Record');
        const [event, corrections, run] = await Promise.all([datasetRepository.eventOfRecord(tx, recordId), datasetRepository.corrections(tx, { recordId }), datasetRepository.findRun(tx, record.import_run_id)]);
        const mapping = event && run?.mapping_id ? await datasetRepository.findMapping(tx, run.mapping_id) : undefined;
        await audit.record(tx, ctx, { action: 'source_record.view', subjectType: 'source_record', subjectId: recordId });
        return { record, event, eventFields: mapping ? eventFields(mapping.spec as MappingSpec) : [], corrections, run: run! };
      });
    },

    /**
     * Corrects one value of an accepted record, audited: an identity value (linkage runs again for
     * the record) or a value of its event (the person's event, if linkage has placed it, changes too).
     */
    async correctRecord(ctx: RequestContext, recordId: string, input: { column: string; value: string; reason: string }): Promise<{ relinkJob: string | null; eventPlaced: boolean }> {
      if (!isUuid(recordId)) throw new NotFoundError('Record');
      if (isEventField(input.column)) return correctRecordEvent(ctx, recordId, input.column, input);
      const errors: Record<string, string> = {};
      const column = input.column as IdentityColumn;
      if (!CORRECTABLE_COLUMNS.includes(column)) errors.column = 'Select the value to correct';
      if (!input.reason.trim()) errors.reason = 'Enter why you are making this correction';
      const checked = CORRECTABLE_COLUMNS.includes(column) ? checkField(column, input.value, today()) : null;
      if (checked && !checked.ok) errors.value = checked.message;
      if (Object.keys(errors).length > 0) throw new ValidationError(errors);
      const value = checked && checked.ok && checked.value !== '' ? checked.value : null;
      return withTenant(db, ctx.actor.localAuthorityId, async (tx) => {
        const record = await datasetRepository.findRecord(tx, recordId);
        if (!record) throw new NotFoundError('Record');
        const old = record[column];
        if ((old ?? null) === value) throw new ValidationError({ value: 'The new value is the same as the old one' });
        await datasetRepository.updateRecordField(tx, recordId, column, value);
        await datasetRepository.insertCorrections(tx, [{ local_authority_id: ctx.actor.localAuthorityId, data_source_id: record.data_source_id, import_run_id: record.import_run_id, quarantine_row_id: null, source_record_id: recordId, column_name: column, old_value: old, new_value: value, reason: input.reason.trim(), corrected_by: ctx.actor.id }]);
        await audit.record(tx, ctx, { action: 'source_record.correct', subjectType: 'source_record', subjectId: recordId, details: { column, old, new: value, reason: input.reason.trim() } });
        const relinkJob = await enqueueRelink(tx, ctx, [recordId]);
        return { relinkJob, eventPlaced: false };
      });
    },

    // ---------------------------------------------------------------- API tokens
    async tokens(ctx: RequestContext) {
      return withTenant(db, ctx.actor.localAuthorityId, (tx) => datasetRepository.tokens(tx));
    },

    /** Makes a token and returns it once; only its hash is kept. */
    async createToken(ctx: RequestContext, name: string): Promise<string> {
      if (!name.trim()) throw new ValidationError({ name: 'Enter a name for the token, such as the system that will use it' });
      if (name.length > 100) throw new ValidationError({ name: 'Name must be 100 characters or fewer' });
      const token = `hth_${randomBytes(32).toString('base64url')}`;
      await withTenant(db, ctx.actor.localAuthorityId, async (tx) => {
        const id = await datasetRepository.insertToken(tx, { local_authority_id: ctx.actor.localAuthorityId, name: name.trim(), token_hash: hashToken(token), token_prefix: token.slice(0, 10), created_by: ctx.actor.id });
        await audit.record(tx, ctx, { action: 'api_token.create', subjectType: 'api_token', subjectId: id, details: { name: name.trim() } });
      });
      return token;
    },

    async revokeToken(ctx: RequestContext, id: string): Promise<void> {
      if (!isUuid(id)) throw new NotFoundError('Token');
      await withTenant(db, ctx.actor.localAuthorityId, async (tx) => {
        if (!(await datasetRepository.revokeToken(tx, id))) throw new NotFoundError('Token');
        await audit.record(tx, ctx, { action: 'api_token.revoke', subjectType: 'api_token', subjectId: id });
      });
    },

    /** The council and name of a live bearer token, or null. Looked up across councils by hash. */
    async authenticateToken(token: string, correlationId: string): Promise<ImportActor | null> {
      if (!/^hth_[\w-]{20,}$/.test(token)) return null;
      const found = await withSystem(db, (tx) => datasetRepository.tokenByHash(tx, hashToken(token)));
      if (!found) return null;
      await withTenant(db, found.local_authority_id, (tx) => datasetRepository.touchToken(tx, found.id));
      return { localAuthorityId: found.local_authority_id, userId: found.created_by, name: `API token "${found.name}"`, correlationId };
    },

    async sourceIdByName(localAuthorityId: string, name: string): Promise<string | null> {
      return withTenant(db, localAuthorityId, async (tx) => (await datasetRepository.findSourceByName(tx, name))?.id ?? null);
    },
  };
}

function cleanContacts(contacts: SourceInput['contacts']) {
  return contacts
    .filter((c) => c.role || c.name || c.email || c.phone)
    .map((c) => ({ role: c.role.trim(), name: c.name.trim() || null, email: c.email.trim() || null, phone: c.phone.trim() || null }));
}

export type DatasetService = ReturnType<typeof createDatasetService>;
