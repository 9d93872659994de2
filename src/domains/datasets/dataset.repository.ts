// SQL for ingestion. Bulk writes use COPY (src/db/copy.ts): one COPY per table per batch, in the
// import's transaction, the same on PGlite and a server.
import { sql } from 'kysely';
import { BinaryCopyRows, copyLoads, copyRows, encodeCopyRow, type CopyColumnType, type JsonObjectRow } from '../../db/copy.ts';
import type { Tx } from '../../db/tenant.ts';
import type { CanonicalEvent, CanonicalRecord, MappingSpec } from './mapping.ts';
import { rowJsonEntries } from './row-json.ts';
import type { Problem } from './validation.ts';
import type { Frequency } from './dataset.tables.ts';

export interface RecordRow extends CanonicalRecord {
  id: string;
  row_number: number;
  raw: string;
  /** The event the mapping made of the row, if any (kept on the record; it joins `event` at linkage). */
  event: CanonicalEvent | null;
}
export interface QuarantineInsert {
  row_number: number;
  raw: string;
  problems: Problem[];
}

const IDENTITY_COLUMNS = ['given_name', 'family_name', 'date_of_birth', 'sex', 'address', 'postcode', 'uprn', 'nhs_number', 'upn', 'ni_number'] as const;
export type IdentityColumn = (typeof IDENTITY_COLUMNS)[number];
export const CORRECTABLE_COLUMNS: readonly IdentityColumn[] = IDENTITY_COLUMNS;

// The bulk table's COPY columns and their types, in COPY order (binary COPY needs the types).
const RECORD_COPY = {
  local_authority_id: 'uuid', id: 'uuid', data_source_id: 'uuid', import_run_id: 'uuid', record_key: 'text', row_number: 'int4',
  given_name: 'text', family_name: 'text', date_of_birth: 'text', sex: 'text', address: 'text', postcode: 'text', uprn: 'text', nhs_number: 'text', upn: 'text', ni_number: 'text', raw: 'text',
  event_type: 'text', event_on: 'date', event_end: 'date', event_values: 'text',
} as const satisfies Record<string, CopyColumnType>;
const RECORD_COLUMNS = Object.keys(RECORD_COPY);
const QUARANTINE_COLUMNS = ['local_authority_id', 'import_run_id', 'data_source_id', 'row_number', 'raw', 'problems'] as const;

/** Binary COPY data for source records (addRecordRow), in `space` (see BinaryCopyRows). */
export function recordCopyRows(space?: number | ArrayBuffer): BinaryCopyRows {
  return new BinaryCopyRows(Object.values(RECORD_COPY), space);
}

/** Adds a source record (its id, row number, delivered row, mapped identity and mapped event) to binary COPY data from recordCopyRows. */
export function addRecordRow(out: BinaryCopyRows, localAuthorityId: string, sourceId: string, runId: string, id: string | Uint8Array, rowNumber: number, raw: string | JsonObjectRow, r: CanonicalRecord, e: CanonicalEvent | null): void {
  out.row([
    localAuthorityId, id, sourceId, runId, r.record_key, rowNumber, r.given_name, r.family_name, r.date_of_birth, r.sex, r.address, r.postcode, r.uprn, r.nhs_number, r.upn, r.ni_number, raw,
    e && e.type, e && e.occurred_on, e && e.ended_on, e && JSON.stringify(e.attributes),
  ]);
}

export function encodeQuarantineRow(localAuthorityId: string, sourceId: string, runId: string, r: QuarantineInsert): string {
  return encodeCopyRow([localAuthorityId, runId, sourceId, r.row_number, r.raw, JSON.stringify(r.problems)]);
}

export const datasetRepository = {
  // ------------------------------------------------------------------ sources
  async listSources(tx: Tx) {
    return tx
      .selectFrom('data_source')
      .select(['id', 'name', 'organisation', 'kind', 'description', 'expected_frequency', 'created_at'])
      .select((eb) => [
        eb.selectFrom('import_run').whereRef('import_run.data_source_id', '=', 'data_source.id').where('import_run.status', '=', 'succeeded').select((e) => e.fn.max('import_run.created_at').as('x')).as('last_delivery_at'),
        eb.selectFrom('import_run').whereRef('import_run.data_source_id', '=', 'data_source.id').select((e) => e.fn.countAll<number>().as('x')).as('runs'),
      ])
      .orderBy('name')
      .execute();
  },

  async findSource(tx: Tx, id: string) {
    return tx.selectFrom('data_source').selectAll().where('id', '=', id).executeTakeFirst();
  },

  async findSourceByName(tx: Tx, name: string) {
    return tx.selectFrom('data_source').selectAll().where('name', '=', name).executeTakeFirst();
  },

  async insertSource(tx: Tx, row: { local_authority_id: string; name: string; organisation: string; kind: string; description: string | null; expected_frequency: Frequency }): Promise<string> {
    return (await tx.insertInto('data_source').values(row).returning('id').executeTakeFirstOrThrow()).id;
  },

  async updateSource(tx: Tx, id: string, row: { organisation: string; kind: string; description: string | null; expected_frequency: Frequency }): Promise<void> {
    await tx.updateTable('data_source').set({ ...row, updated_at: sql<Date>`now()` }).where('id', '=', id).execute();
  },

  async contacts(tx: Tx, sourceId: string) {
    return tx.selectFrom('data_source_contact').select(['id', 'role', 'name', 'email', 'phone']).where('data_source_id', '=', sourceId).orderBy('created_at').orderBy('role').execute();
  },

  async replaceContacts(tx: Tx, localAuthorityId: string, sourceId: string, contacts: Array<{ role: string; name: string | null; email: string | null; phone: string | null }>): Promise<void> {
    await tx.deleteFrom('data_source_contact').where('data_source_id', '=', sourceId).execute();
    if (contacts.length > 0) await tx.insertInto('data_source_contact').values(contacts.map((c) => ({ ...c, local_authority_id: localAuthorityId, data_source_id: sourceId }))).execute();
  },

  // ------------------------------------------------------------------ agreements
  async agreements(tx: Tx, sourceId: string) {
    return tx.selectFrom('sharing_agreement').selectAll().where('data_source_id', '=', sourceId).orderBy('start_date', 'desc').execute();
  },

  async insertAgreement(
    tx: Tx,
    row: { local_authority_id: string; data_source_id: string; reference: string; parties: string; purposes: string; lawful_basis: string; data_items: string; start_date: string; review_date: string; end_date: string | null; created_by: string | null },
  ): Promise<string> {
    return (await tx.insertInto('sharing_agreement').values(row).returning('id').executeTakeFirstOrThrow()).id;
  },

  // ------------------------------------------------------------------ mappings
  async latestMapping(tx: Tx, sourceId: string) {
    return tx.selectFrom('source_mapping').selectAll().where('data_source_id', '=', sourceId).orderBy('version', 'desc').limit(1).executeTakeFirst();
  },

  async mappings(tx: Tx, sourceId: string) {
    return tx
      .selectFrom('source_mapping')
      .leftJoin('app_user', (j) => j.onRef('app_user.id', '=', 'source_mapping.created_by').onRef('app_user.local_authority_id', '=', 'source_mapping.local_authority_id'))
      .select(['source_mapping.id', 'source_mapping.version', 'source_mapping.note', 'source_mapping.created_at', 'app_user.display_name as created_by_name'])
      .where('source_mapping.data_source_id', '=', sourceId)
      .orderBy('source_mapping.version', 'desc')
      .execute();
  },

  async findMapping(tx: Tx, id: string) {
    return tx.selectFrom('source_mapping').selectAll().where('id', '=', id).executeTakeFirst();
  },

  async insertMapping(tx: Tx, row: { local_authority_id: string; data_source_id: string; spec: MappingSpec; note: string | null; created_by: string | null }): Promise<{ id: string; version: number }> {
    const next = await tx.selectFrom('source_mapping').select((eb) => eb.fn.coalesce(eb.fn.max('version'), sql<number>`0`).as('v')).where('data_source_id', '=', row.data_source_id).executeTakeFirstOrThrow();
    const version = Number(next.v) + 1;
    const inserted = await tx.insertInto('source_mapping').values({ ...row, spec: JSON.stringify(row.spec), version }).returning('id').executeTakeFirstOrThrow();
    return { id: inserted.id, version };
  },

  // ------------------------------------------------------------------ runs
  async insertRun(
    tx: Tx,
    row: {
      local_authority_id: string; id: string; data_source_id: string; status: 'running' | 'failed' | 'duplicate'; file_name: string; file_sha256: string | null; file_size: number | null;
      mapping_id: string | null; agreement_id: string | null; origin: 'browser' | 'cli' | 'api' | 'demo'; created_by: string | null; job_id: string | null; error?: string | null; duplicate_of?: string | null;
      started_at: Date; finished_at?: Date | null;
    },
  ): Promise<void> {
    await tx.insertInto('import_run').values(row).execute();
  },

  async finishRun(tx: Tx, id: string, counts: { rows_total: number; rows_accepted: number; rows_rejected: number }): Promise<void> {
    await tx.updateTable('import_run').set({ ...counts, status: 'succeeded', finished_at: sql<Date>`now()` }).where('id', '=', id).execute();
  },

  /**
   * Memory for one import's transaction: each COPY's reference checks hold the statement's new rows
   * (a batch of source records with their delivered rows, a few MB); at the default 4 MB they spill
   * to a temporary file and are read back.
   */
  async prepareImport(tx: Tx): Promise<void> {
    await sql`set local work_mem = '64MB'`.execute(tx);
  },

  async deleteFailedRun(tx: Tx, id: string): Promise<void> {
    await tx.deleteFrom('import_run').where('id', '=', id).where('status', '=', 'failed').execute();
  },

  async findRun(tx: Tx, id: string) {
    return tx
      .selectFrom('import_run')
      .innerJoin('data_source', (j) => j.onRef('data_source.id', '=', 'import_run.data_source_id').onRef('data_source.local_authority_id', '=', 'import_run.local_authority_id'))
      .leftJoin('app_user', (j) => j.onRef('app_user.id', '=', 'import_run.created_by').onRef('app_user.local_authority_id', '=', 'import_run.local_authority_id'))
      .leftJoin('source_mapping', (j) => j.onRef('source_mapping.id', '=', 'import_run.mapping_id').onRef('source_mapping.local_authority_id', '=', 'import_run.local_authority_id'))
      .selectAll('import_run')
      .select(['data_source.name as source_name', 'app_user.display_name as created_by_name', 'source_mapping.version as mapping_version'])
      .where('import_run.id', '=', id)
      .executeTakeFirst();
  },

  async runs(tx: Tx, sourceId: string, limit = 50) {
    return tx
      .selectFrom('import_run')
      .leftJoin('app_user', (j) => j.onRef('app_user.id', '=', 'import_run.created_by').onRef('app_user.local_authority_id', '=', 'import_run.local_authority_id'))
      .select(['import_run.id', 'import_run.status', 'import_run.file_name', 'import_run.rows_total', 'import_run.rows_accepted', 'import_run.rows_rejected', 'import_run.created_at', 'import_run.finished_at', 'import_run.origin', 'import_run.error', 'app_user.display_name as created_by_name'])
      .where('import_run.data_source_id', '=', sourceId)
      .orderBy('import_run.created_at', 'desc')
      .limit(limit)
      .execute();
  },

  /** Succeeded runs of every source, oldest first (feed health). */
  async deliveries(tx: Tx, since: Date) {
    return tx
      .selectFrom('import_run')
      .select(['data_source_id', 'created_at', 'rows_total', 'rows_accepted', 'rows_rejected'])
      .where('status', '=', 'succeeded')
      .where('created_at', '>=', since)
      .orderBy('created_at')
      .execute();
  },

  async succeededWithSha(tx: Tx, sourceId: string, sha256: string) {
    return tx.selectFrom('import_run').select(['id', 'created_at', 'file_name']).where('data_source_id', '=', sourceId).where('file_sha256', '=', sha256).where('status', '=', 'succeeded').executeTakeFirst();
  },

  // ------------------------------------------------------------------ bulk writes
  async insertRecords(tx: Tx, localAuthorityId: string, sourceId: string, runId: string, rows: RecordRow[]): Promise<void> {
    const out = recordCopyRows();
    for (const r of rows) addRecordRow(out, localAuthorityId, sourceId, runId, r.id, r.row_number, r.raw, r, r.event);
    await copyRows(tx, 'source_record', RECORD_COLUMNS, out.finish(), 'binary');
  },

  /** One batch of an import, already encoded (addRecordRow in binary, encodeQuarantineRow in text). */
  async copyBatch(tx: Tx, batch: { records: Uint8Array; quarantine: Uint8Array }): Promise<void> {
    await copyLoads(tx, [
      { table: 'source_record', columns: RECORD_COLUMNS, lines: batch.records, format: 'binary' },
      { table: 'quarantine_row', columns: QUARANTINE_COLUMNS, lines: batch.quarantine },
    ]);
  },

  // ------------------------------------------------------------------ quarantine and records
  async quarantine(tx: Tx, runId: string, options: { status?: 'open' | 'corrected' | 'dismissed'; offset?: number; limit?: number } = {}) {
    let q = tx.selectFrom('quarantine_row').select(['id', 'row_number', 'raw', 'problems', 'status', 'source_record_id', 'resolved_at']).where('import_run_id', '=', runId);
    if (options.status) q = q.where('status', '=', options.status);
    return q.orderBy('row_number').offset(options.offset ?? 0).limit(options.limit ?? 1_000_000).execute();
  },

  async quarantineCounts(tx: Tx, runId: string) {
    return tx.selectFrom('quarantine_row').select(['status', (eb) => eb.fn.countAll<number>().as('n')]).where('import_run_id', '=', runId).groupBy('status').execute();
  },

  async problemSummary(tx: Tx, runId: string) {
    return sql<{ code: string; column: string | null; n: number }>`
      select p->>'code' as code, p->>'column' as column, count(*)::int as n
      from quarantine_row q, jsonb_array_elements(q.problems) p
      where q.import_run_id = ${runId}
      group by 1, 2 order by 3 desc, 1, 2`
      .execute(tx)
      .then((r) => r.rows);
  },

  async findQuarantine(tx: Tx, id: string) {
    return tx.selectFrom('quarantine_row').selectAll().where('id', '=', id).executeTakeFirst();
  },

  async resolveQuarantine(tx: Tx, id: string, update: { status: 'corrected' | 'dismissed'; raw?: string; source_record_id: string | null; resolved_by: string | null }): Promise<void> {
    await tx
      .updateTable('quarantine_row')
      .set({ status: update.status, source_record_id: update.source_record_id, resolved_by: update.resolved_by, resolved_at: sql<Date>`now()`, ...(update.raw ? { raw: update.raw } : {}) })
      .where('id', '=', id)
      .where('status', '=', 'open')
      .execute();
  },

  /** A source record, with its delivered row read back from its JSON text. */
  async findRecord(tx: Tx, id: string) {
    const record = await tx.selectFrom('source_record').selectAll().where('id', '=', id).executeTakeFirst();
    return record && { ...record, raw: JSON.parse(record.raw) as Record<string, string> };
  },

  async findRecordsByKey(tx: Tx, runId: string, key: string) {
    return tx.selectFrom('source_record').select(['id', 'record_key', 'row_number', 'given_name', 'family_name', 'date_of_birth']).where('import_run_id', '=', runId).where('record_key', '=', key).limit(20).execute();
  },

  async updateRecordField(tx: Tx, id: string, column: IdentityColumn, value: string | null): Promise<void> {
    await tx.updateTable('source_record').set({ [column]: value }).where('id', '=', id).execute();
  },

  /**
   * Sets a record's event (a correction), and the event's row in `event` if linkage has placed it
   * there, so the person's events have the corrected values at once. Returns whether it was placed.
   */
  async updateRecordEvent(tx: Tx, id: string, event: CanonicalEvent): Promise<boolean> {
    const attributes = JSON.stringify(event.attributes);
    await tx.updateTable('source_record').set({ event_on: event.occurred_on, event_end: event.ended_on, event_values: attributes }).where('id', '=', id).execute();
    const placed = await tx.updateTable('event').set({ occurred_on: event.occurred_on, ended_on: event.ended_on, attributes }).where('source_record_id', '=', id).where('origin', '=', 'import').executeTakeFirst();
    return Number(placed.numUpdatedRows) > 0;
  },

  /** The event the record's mapping made, if any, and the person it counts for once linkage has linked the record. */
  async eventOfRecord(tx: Tx, recordId: string) {
    const r = await sql<{ type: string; occurred_on: string; ended_on: string | null; attributes: Record<string, string | number>; person_id: string | null }>`
      select sr.event_type as type, sr.event_on as occurred_on, sr.event_end as ended_on, sr.event_values::json as attributes, e.person_id
      from source_record sr
      left join event e on e.local_authority_id = sr.local_authority_id and e.source_record_id = sr.id
      where sr.id = ${recordId}::uuid and sr.event_type is not null
      limit 1`.execute(tx);
    return r.rows[0] ?? null;
  },

  /** The first rows of the latest run, accepted and rejected, as delivered (for the mapping preview). */
  /**
   * The first rows of the source's latest delivery as delivered, accepted or waiting in quarantine
   * (a corrected quarantined row is its record now), with that run's id, each as its columns in
   * order. An accepted row keeps the delivery's column order (its JSON is text); a quarantined row's
   * (jsonb) does not.
   */
  async sampleRows(tx: Tx, sourceId: string, limit: number): Promise<{ runId: string | null; rows: Array<{ row_number: number; columns: Array<[string, string]>; accepted: boolean }> }> {
    const run = await tx.selectFrom('import_run').select('id').where('data_source_id', '=', sourceId).where('status', '=', 'succeeded').orderBy('created_at', 'desc').limit(1).executeTakeFirst();
    if (!run) return { runId: null, rows: [] };
    const rows = await sql<{ row_number: number; raw: string; accepted: boolean }>`
      (select row_number, raw, true as accepted from source_record where import_run_id = ${run.id} order by row_number limit ${limit})
      union all
      (select row_number, raw::text, false from quarantine_row where import_run_id = ${run.id} and status <> 'corrected' order by row_number limit ${limit})
      order by row_number limit ${limit}`.execute(tx);
    return { runId: run.id, rows: rows.rows.map((r) => ({ row_number: r.row_number, columns: rowJsonEntries(r.raw), accepted: r.accepted })) };
  },

  // ------------------------------------------------------------------ corrections
  async insertCorrections(
    tx: Tx,
    rows: Array<{ local_authority_id: string; data_source_id: string; import_run_id: string; quarantine_row_id: string | null; source_record_id: string | null; column_name: string; old_value: string | null; new_value: string | null; reason: string; corrected_by: string | null }>,
  ): Promise<void> {
    if (rows.length > 0) await tx.insertInto('data_correction').values(rows).execute();
  },

  async corrections(tx: Tx, filter: { runId?: string; recordId?: string }) {
    let q = tx
      .selectFrom('data_correction')
      .leftJoin('app_user', (j) => j.onRef('app_user.id', '=', 'data_correction.corrected_by').onRef('app_user.local_authority_id', '=', 'data_correction.local_authority_id'))
      .select(['data_correction.id', 'data_correction.quarantine_row_id', 'data_correction.source_record_id', 'data_correction.column_name', 'data_correction.old_value', 'data_correction.new_value', 'data_correction.reason', 'data_correction.corrected_at', 'app_user.display_name as corrected_by_name']);
    if (filter.runId) q = q.where('data_correction.import_run_id', '=', filter.runId);
    if (filter.recordId) q = q.where('data_correction.source_record_id', '=', filter.recordId);
    return q.orderBy('data_correction.corrected_at', 'desc').limit(500).execute();
  },

  // ------------------------------------------------------------------ API tokens
  async insertToken(tx: Tx, row: { local_authority_id: string; name: string; token_hash: string; token_prefix: string; created_by: string | null }): Promise<string> {
    return (await tx.insertInto('api_token').values(row).returning('id').executeTakeFirstOrThrow()).id;
  },

  async tokens(tx: Tx) {
    return tx
      .selectFrom('api_token')
      .leftJoin('app_user', (j) => j.onRef('app_user.id', '=', 'api_token.created_by').onRef('app_user.local_authority_id', '=', 'api_token.local_authority_id'))
      .select(['api_token.id', 'api_token.name', 'api_token.token_prefix', 'api_token.created_at', 'api_token.last_used_at', 'api_token.revoked_at', 'app_user.display_name as created_by_name'])
      .orderBy('api_token.created_at', 'desc')
      .execute();
  },

  async revokeToken(tx: Tx, id: string): Promise<boolean> {
    const r = await tx.updateTable('api_token').set({ revoked_at: sql<Date>`now()` }).where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  },

  /** Across councils (run with withSystem): the live token with this hash. */
  async tokenByHash(tx: Tx, hash: string) {
    return tx.selectFrom('api_token').select(['id', 'local_authority_id', 'name', 'created_by']).where('token_hash', '=', hash).where('revoked_at', 'is', null).executeTakeFirst();
  },

  async touchToken(tx: Tx, id: string): Promise<void> {
    await tx.updateTable('api_token').set({ last_used_at: sql<Date>`now()` }).where('id', '=', id).execute();
  },
};
