// SQL for outcomes and claims. Reads people, cases, events and casework needs of other domains
// inside the caller's transaction (never writes them).
import { sql, type Insertable } from 'kysely';
import type { Tx } from '../../db/tenant.ts';
import type { BatchStatus, ClaimBatchTable, ClaimItemTable } from './outcome.tables.ts';

export interface MemberRow {
  family_unit_id: string;
  person_id: string;
  role: string;
  from_date: string;
  to_date: string | null;
  date_of_birth: string | null;
  given_name: string;
  family_name: string;
}

export interface EventRow {
  id: string;
  type: string;
  occurred_on: string;
  ended_on: string | null;
  person_id: string | null;
  family_unit_id: string | null;
  attributes: Record<string, unknown>;
}

export interface CaseRow {
  id: string;
  reference: string;
  family_unit_id: string;
  status: string;
  opened_on: string;
  closed_on: string | null;
}

const CHUNK = 2000;

async function chunked<T, R>(items: readonly T[], size: number, work: (chunk: T[]) => Promise<R[]>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += size) out.push(...(await work(items.slice(i, i + size))));
  return out;
}

export const outcomeRepository = {
  async settings(tx: Tx) {
    return tx.selectFrom('prove_setting').selectAll().executeTakeFirst();
  },

  async saveSettings(tx: Tx, localAuthorityId: string, values: { claims_enabled?: boolean; programme_cost_per_family_pence?: number | null; programme_cost_source?: string | null; cost_data_from?: string | null; pseudonymisation_key?: string; framework_code?: string; framework_version?: string; updated_by: string | null }) {
    await tx
      .insertInto('prove_setting')
      .values({ local_authority_id: localAuthorityId, ...values })
      .onConflict((oc) => oc.column('local_authority_id').doUpdateSet({ ...values, updated_at: new Date() }))
      .execute();
  },

  async schemes(tx: Tx) {
    return tx.selectFrom('claim_scheme').selectAll().orderBy('framework_code').execute();
  },

  async scheme(tx: Tx, code: string, version: string) {
    return tx.selectFrom('claim_scheme').selectAll().where('framework_code', '=', code).where('version', '=', version).executeTakeFirst();
  },

  async rates(tx: Tx, code: string, version: string) {
    return tx.selectFrom('payment_rate').selectAll().where('framework_code', '=', code).where('version', '=', version).orderBy('applies_from').execute();
  },

  /** Cases (attachments) opened in a period, by family. */
  async casesOpenedBetween(tx: Tx, from: string, to: string): Promise<CaseRow[]> {
    return tx
      .selectFrom('support_case')
      .select(['id', 'reference', 'family_unit_id', 'status', 'opened_on', 'closed_on'])
      .where('opened_on', '>=', from)
      .where('opened_on', '<=', to)
      .orderBy('family_unit_id')
      .orderBy('opened_on')
      .execute();
  },

  async casesOfFamily(tx: Tx, familyUnitId: string): Promise<CaseRow[]> {
    return tx.selectFrom('support_case').select(['id', 'reference', 'family_unit_id', 'status', 'opened_on', 'closed_on']).where('family_unit_id', '=', familyUnitId).orderBy('opened_on').execute();
  },

  async members(tx: Tx, familyIds: readonly string[]): Promise<MemberRow[]> {
    return chunked(familyIds, CHUNK, (ids) =>
      tx
        .selectFrom('membership')
        .innerJoin('person', (j) => j.onRef('person.id', '=', 'membership.person_id').onRef('person.local_authority_id', '=', 'membership.local_authority_id'))
        .select(['membership.family_unit_id', 'membership.person_id', 'membership.role', 'membership.from_date', 'membership.to_date', 'person.date_of_birth', 'person.given_name', 'person.family_name'])
        .where('membership.family_unit_id', 'in', ids)
        .execute(),
    );
  },

  /**
   * Events of the given types about these people or these families, from a date. The ids are joined
   * as an unnested array so PostgreSQL probes the (council, person, type, date) index once per person
   * instead of scanning the event table once per chunk.
   */
  async events(tx: Tx, personIds: readonly string[], familyIds: readonly string[], types: readonly string[], from: string): Promise<EventRow[]> {
    if (types.length === 0) return [];
    const uuids = (ids: readonly string[]) => sql.raw(`'{${ids.filter((id) => /^[0-9a-f-]{36}$/i.test(id)).join(',')}}'::uuid[]`);
    const typeList = sql.raw(`'{${types.filter((t) => /^[a-z0-9_.]+$/.test(t)).join(',')}}'::text[]`);
    const out: EventRow[] = [];
    for (let i = 0; i < personIds.length; i += 10_000) {
      const result = await sql<EventRow>`
        select e.id, e.type, e.occurred_on::text as occurred_on, e.ended_on::text as ended_on, e.person_id, e.family_unit_id, e.attributes
        from unnest(${uuids(personIds.slice(i, i + 10_000))}) as p(id)
        join event e on e.local_authority_id = nullif(current_setting('app.local_authority_id', true), '')::uuid and e.person_id = p.id
        where e.type = any(${typeList}) and (e.ended_on is null or e.ended_on >= ${from}::date or e.occurred_on >= ${from}::date)`.execute(tx);
      out.push(...result.rows);
    }
    for (let i = 0; i < familyIds.length; i += 10_000) {
      const result = await sql<EventRow>`
        select e.id, e.type, e.occurred_on::text as occurred_on, e.ended_on::text as ended_on, e.person_id, e.family_unit_id, e.attributes
        from unnest(${uuids(familyIds.slice(i, i + 10_000))}) as f(id)
        join event e on e.local_authority_id = nullif(current_setting('app.local_authority_id', true), '')::uuid and e.family_unit_id = f.id
        where e.person_id is null and e.type = any(${typeList}) and (e.ended_on is null or e.ended_on >= ${from}::date or e.occurred_on >= ${from}::date)`.execute(tx);
      out.push(...result.rows);
    }
    return out;
  },

  async eventsByIds(tx: Tx, ids: readonly string[]): Promise<EventRow[]> {
    return chunked(ids, CHUNK, (chunk) => tx.selectFrom('event').select(['id', 'type', 'occurred_on', 'ended_on', 'person_id', 'family_unit_id', 'attributes']).where('id', 'in', chunk).execute()) as Promise<EventRow[]>;
  },

  /** Needs recorded at assessment for these cases, with the date each was met (closed as met, or a goal achieved). */
  async assessmentNeeds(tx: Tx, caseIds: readonly string[]) {
    return chunked(caseIds, CHUNK, (ids) =>
      tx
        .selectFrom('assessment_need as n')
        .select([
          'n.id',
          'n.case_id',
          'n.person_id',
          'n.headline',
          'n.description',
          'n.identified_on',
          'n.status',
          'n.closed_on',
          (eb) =>
            eb
              .selectFrom('plan_goal as g')
              .select(sql<string>`min(g.updated_at)::date::text`.as('d'))
              .whereRef('g.need_id', '=', 'n.id')
              .where('g.status', '=', 'achieved')
              .as('goal_achieved_on'),
        ])
        .where('n.case_id', 'in', ids)
        .execute(),
    );
  },

  /** Scaled measures (star-style) per case: first and latest score per scale and dimension. */
  async measureScores(tx: Tx, caseIds: readonly string[]) {
    if (caseIds.length === 0) return [];
    return tx
      .selectFrom('measure_score as s')
      .innerJoin('measure_scale as m', (j) => j.onRef('m.id', '=', 's.scale_id').onRef('m.local_authority_id', '=', 's.local_authority_id'))
      .select(['s.case_id', 'm.name as scale', 's.dimension_key', 's.rater', 's.score', 's.scored_on', 'm.min_score', 'm.max_score'])
      .where('s.case_id', 'in', [...caseIds])
      .orderBy('s.scored_on')
      .execute();
  },

  async familiesWithoutCase(tx: Tx): Promise<string[]> {
    const rows = await tx
      .selectFrom('family_unit as f')
      .select('f.id')
      .where((eb) => eb.not(eb.exists(eb.selectFrom('support_case as c').select(sql`1`.as('x')).whereRef('c.family_unit_id', '=', 'f.id'))))
      .orderBy('f.id')
      .execute();
    return rows.map((r) => r.id);
  },

  async family(tx: Tx, id: string) {
    return tx.selectFrom('family_unit').select(['id', 'reference', 'name']).where('id', '=', id).executeTakeFirst();
  },

  async families(tx: Tx, ids: readonly string[]) {
    return chunked(ids, CHUNK, (chunk) => tx.selectFrom('family_unit').select(['id', 'reference', 'name']).where('id', 'in', chunk).execute());
  },

  // --- batches -----------------------------------------------------------------------------

  async nextBatchReference(tx: Tx): Promise<string> {
    const row = await tx.selectFrom('claim_batch').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    return `CLAIM-${String(Number(row.n) + 1).padStart(4, '0')}`;
  },

  async insertBatch(tx: Tx, row: Insertable<ClaimBatchTable>): Promise<string> {
    return (await tx.insertInto('claim_batch').values(row).returning('id').executeTakeFirstOrThrow()).id;
  },

  async batch(tx: Tx, id: string) {
    return tx
      .selectFrom('claim_batch as b')
      .leftJoin('app_user as bu', (j) => j.onRef('bu.id', '=', 'b.built_by').onRef('bu.local_authority_id', '=', 'b.local_authority_id'))
      .leftJoin('app_user as au', (j) => j.onRef('au.id', '=', 'b.approved_by').onRef('au.local_authority_id', '=', 'b.local_authority_id'))
      .leftJoin('app_user as lu', (j) => j.onRef('lu.id', '=', 'b.locked_by').onRef('lu.local_authority_id', '=', 'b.local_authority_id'))
      .selectAll('b')
      .select(['bu.display_name as built_by_name', 'au.display_name as approved_by_name', 'lu.display_name as locked_by_name'])
      .where('b.id', '=', id)
      .executeTakeFirst();
  },

  async batches(tx: Tx) {
    return tx
      .selectFrom('claim_batch as b')
      .leftJoin('app_user as bu', (j) => j.onRef('bu.id', '=', 'b.built_by').onRef('bu.local_authority_id', '=', 'b.local_authority_id'))
      .select(['b.id', 'b.reference', 'b.framework_code', 'b.framework_version_number', 'b.as_of', 'b.status', 'b.summary', 'b.created_at', 'b.job_id', 'bu.display_name as built_by_name'])
      .orderBy('b.created_at', 'desc')
      .limit(100)
      .execute();
  },

  async updateBatch(tx: Tx, id: string, values: Partial<{ status: BatchStatus; summary: string; built_at: Date; approved_by: string; approved_at: Date; locked_by: string; locked_at: Date; job_id: string; framework_version_id: string; framework_version_number: number }>) {
    await tx.updateTable('claim_batch').set(values).where('id', '=', id).execute();
  },

  async insertItems(tx: Tx, rows: Array<Insertable<ClaimItemTable>>): Promise<void> {
    for (let i = 0; i < rows.length; i += 500) await tx.insertInto('claim_item').values(rows.slice(i, i + 500)).execute();
  },

  async items(tx: Tx, batchId: string, options: { claimable?: boolean; limit: number; offset: number }) {
    let q = tx
      .selectFrom('claim_item as i')
      .innerJoin('family_unit as f', (j) => j.onRef('f.id', '=', 'i.family_unit_id').onRef('f.local_authority_id', '=', 'i.local_authority_id'))
      .leftJoin('claim_reversal as r', (j) => j.onRef('r.claim_item_id', '=', 'i.id').onRef('r.local_authority_id', '=', 'i.local_authority_id'))
      .select(['i.id', 'i.family_unit_id', 'i.case_id', 'i.kind', 'i.route', 'i.claimable', 'i.amount_pence', 'i.reasons', 'f.reference as family_reference', 'f.name as family_name', 'r.id as reversal_id', 'r.reason as reversal_reason'])
      .where('i.batch_id', '=', batchId);
    if (options.claimable !== undefined) q = q.where('i.claimable', '=', options.claimable);
    return q.orderBy('i.claimable', 'desc').orderBy('f.reference').orderBy('i.kind').limit(options.limit).offset(options.offset).execute();
  },

  async item(tx: Tx, id: string) {
    return tx
      .selectFrom('claim_item as i')
      .innerJoin('family_unit as f', (j) => j.onRef('f.id', '=', 'i.family_unit_id').onRef('f.local_authority_id', '=', 'i.local_authority_id'))
      .leftJoin('claim_reversal as r', (j) => j.onRef('r.claim_item_id', '=', 'i.id').onRef('r.local_authority_id', '=', 'i.local_authority_id'))
      .selectAll('i')
      .select(['f.reference as family_reference', 'f.name as family_name', 'r.id as reversal_id', 'r.reason as reversal_reason', 'r.recorded_at as reversed_at', 'r.amount_pence as reversal_amount_pence'])
      .where('i.id', '=', id)
      .executeTakeFirst();
  },

  async claimableItems(tx: Tx, batchId: string) {
    return tx.selectFrom('claim_item').select(['id', 'outcome_keys', 'family_unit_id', 'amount_pence']).where('batch_id', '=', batchId).where('claimable', '=', true).execute();
  },

  async claimedKeys(tx: Tx): Promise<Set<string>> {
    const rows = await tx.selectFrom('claim_key').select('key').execute();
    return new Set(rows.map((r) => r.key));
  },

  async insertKeys(tx: Tx, rows: Array<{ local_authority_id: string; key: string; claim_item_id: string; batch_id: string }>): Promise<void> {
    for (let i = 0; i < rows.length; i += 1000) await tx.insertInto('claim_key').values(rows.slice(i, i + 1000)).execute();
  },

  async insertReversal(tx: Tx, row: { local_authority_id: string; claim_item_id: string; batch_id: string; amount_pence: number; reason: string; audit_sample_item_id: string | null; recorded_by: string }) {
    await tx.insertInto('claim_reversal').values(row).execute();
  },

  async reversals(tx: Tx, batchId: string) {
    return tx.selectFrom('claim_reversal').select(['claim_item_id', 'amount_pence', 'reason', 'recorded_at']).where('batch_id', '=', batchId).execute();
  },

  /** Locked claims of a family, for the outcome view. */
  async lockedClaimsOfFamily(tx: Tx, familyUnitId: string) {
    return tx
      .selectFrom('claim_item as i')
      .innerJoin('claim_batch as b', (j) => j.onRef('b.id', '=', 'i.batch_id').onRef('b.local_authority_id', '=', 'i.local_authority_id'))
      .leftJoin('claim_reversal as r', (j) => j.onRef('r.claim_item_id', '=', 'i.id').onRef('r.local_authority_id', '=', 'i.local_authority_id'))
      .select(['i.id', 'i.kind', 'i.route', 'i.amount_pence', 'b.id as batch_id', 'b.reference as batch_reference', 'b.locked_at', 'r.id as reversal_id'])
      .where('i.family_unit_id', '=', familyUnitId)
      .where('i.claimable', '=', true)
      .where('b.status', '=', 'locked')
      .execute();
  },

  // --- audit samples -----------------------------------------------------------------------

  async insertSample(tx: Tx, row: { local_authority_id: string; batch_id: string; seed: string; percent: number; minimum: number; population: number; size: number; checklist: string; drawn_by: string }): Promise<string> {
    return (await tx.insertInto('audit_sample').values(row).returning('id').executeTakeFirstOrThrow()).id;
  },

  async insertSampleItems(tx: Tx, rows: Array<{ local_authority_id: string; sample_id: string; claim_item_id: string; position: number }>): Promise<void> {
    if (rows.length) await tx.insertInto('audit_sample_item').values(rows.map((r) => ({ ...r, answers: '{}' }))).execute();
  },

  async samples(tx: Tx, batchId: string) {
    return tx.selectFrom('audit_sample').selectAll().where('batch_id', '=', batchId).orderBy('drawn_at', 'desc').execute();
  },

  async sample(tx: Tx, id: string) {
    return tx.selectFrom('audit_sample').selectAll().where('id', '=', id).executeTakeFirst();
  },

  async sampleItems(tx: Tx, sampleId: string) {
    return tx
      .selectFrom('audit_sample_item as s')
      .innerJoin('claim_item as i', (j) => j.onRef('i.id', '=', 's.claim_item_id').onRef('i.local_authority_id', '=', 's.local_authority_id'))
      .innerJoin('family_unit as f', (j) => j.onRef('f.id', '=', 'i.family_unit_id').onRef('f.local_authority_id', '=', 'i.local_authority_id'))
      .leftJoin('app_user as u', (j) => j.onRef('u.id', '=', 's.reviewed_by').onRef('u.local_authority_id', '=', 's.local_authority_id'))
      .select(['s.id', 's.claim_item_id', 's.position', 's.answers', 's.finding', 's.result', 's.reviewed_at', 'u.display_name as reviewed_by_name', 'i.kind', 'i.amount_pence', 'f.reference as family_reference', 'f.name as family_name'])
      .where('s.sample_id', '=', sampleId)
      .orderBy('s.position')
      .execute();
  },

  async sampleItem(tx: Tx, id: string) {
    return tx.selectFrom('audit_sample_item').selectAll().where('id', '=', id).executeTakeFirst();
  },

  async updateSampleItem(tx: Tx, id: string, values: { answers: string; finding: string | null; result: 'pending' | 'passed' | 'failed'; reviewed_by: string; reviewed_at: Date }) {
    await tx.updateTable('audit_sample_item').set(values).where('id', '=', id).execute();
  },
};
