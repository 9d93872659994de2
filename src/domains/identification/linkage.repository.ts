// SQL of the database-backed linkage: settings, runs, review pairs, link evidence, households and
// person changes; and the linkage's writes to the core tables it owns the meaning of (person_link,
// event.person_id) and to people (new people from new clusters, memberships moved on a merge).
import { sql } from 'kysely';
import type { Insertable } from 'kysely';
import type { Tx } from '../../db/tenant.ts';
import type { LinkageRunTable, ReviewStatus } from './linkage.tables.ts';

export interface IdentityRow {
  id: string;
  source: string;
  given_name: string | null;
  family_name: string | null;
  date_of_birth: string | null;
  sex: string | null;
  address: string | null;
  postcode: string | null;
  uprn: string | null;
  nhs_number: string | null;
  upn: string | null;
  ni_number: string | null;
}

export interface LinkedRow extends IdentityRow { person_id: string; decided_by: string | null }

export interface PersonRow {
  id: string;
  given_name: string;
  family_name: string;
  date_of_birth: string | null;
  sex: string | null;
  nhs_number: string | null;
  upn: string | null;
  ni_number: string | null;
}

export interface LinkWrite {
  source_record_id: string;
  person_id: string;
  route: string;
  match_weight: number | null;
  partner_record_id: string | null;
  partner_person_id: string | null;
  explanation: string | null;
}

/** Raw columns that say records of one source share a household (a tenancy case, an incident's household). */
export const HOUSEHOLD_COLUMNS = ['HouseholdRef', 'HouseholdID', 'TenancyRef', 'CaseRef', 'DAIncidentNo'] as const;
/** Roles of a domestic abuse notification that live in the household (not the perpetrator). */
const HOUSEHOLD_ROLES = ['V', 'C', 'victim', 'child in the household'];

const IDENTITY = sql`sr.id, ds.name as source, sr.given_name, sr.family_name, sr.date_of_birth, sr.sex, sr.address, sr.postcode, sr.uprn, sr.nhs_number, sr.upn, sr.ni_number`;

export const linkageRepository = {
  // ------------------------------------------------------------------ settings
  async settings(tx: Tx) {
    return tx.selectFrom('linkage_settings').select(['auto_link', 'review', 'create_family_units', 'updated_at', 'updated_by']).executeTakeFirst();
  },

  async saveSettings(tx: Tx, row: { local_authority_id: string; auto_link: number; review: number; create_family_units: boolean; updated_by: string | null }): Promise<void> {
    await tx
      .insertInto('linkage_settings')
      .values(row)
      .onConflict((oc) => oc.column('local_authority_id').doUpdateSet({ auto_link: row.auto_link, review: row.review, create_family_units: row.create_family_units, updated_by: row.updated_by, updated_at: sql<Date>`now()` }))
      .execute();
  },

  // ------------------------------------------------------------------ runs
  async lock(tx: Tx, localAuthorityId: string): Promise<void> {
    await sql`select pg_advisory_xact_lock(hashtext(${`hearth.linkage.${localAuthorityId}`}))`.execute(tx);
  },

  async insertRun(tx: Tx, row: Insertable<LinkageRunTable>): Promise<string> {
    return (await tx.insertInto('linkage_run').values(row).returning('id').executeTakeFirstOrThrow()).id;
  },

  async updateRun(tx: Tx, id: string, values: Partial<Record<keyof LinkageRunTable, unknown>>): Promise<void> {
    await tx.updateTable('linkage_run').set(values as never).where('id', '=', id).execute();
  },

  async run(tx: Tx, id: string) {
    return tx
      .selectFrom('linkage_run as r')
      .leftJoin('app_user as u', (j) => j.onRef('u.id', '=', 'r.requested_by').onRef('u.local_authority_id', '=', 'r.local_authority_id'))
      .selectAll('r')
      .select('u.display_name as requested_by_name')
      .where('r.id', '=', id)
      .executeTakeFirst();
  },

  async runs(tx: Tx, limit: number) {
    return tx
      .selectFrom('linkage_run as r')
      .leftJoin('app_user as u', (j) => j.onRef('u.id', '=', 'r.requested_by').onRef('u.local_authority_id', '=', 'r.local_authority_id'))
      .select(['r.id', 'r.mode', 'r.status', 'r.records_incoming', 'r.links_written', 'r.people_created', 'r.review_pairs', 'r.created_at', 'r.finished_at', 'r.job_id', 'u.display_name as requested_by_name'])
      .orderBy('r.created_at', 'desc')
      .limit(limit)
      .execute();
  },

  async latestModel(tx: Tx) {
    const r = await tx.selectFrom('linkage_run').select('model').where('status', '=', 'succeeded').where('model', 'is not', null).orderBy('created_at', 'desc').limit(1).executeTakeFirst();
    return r?.model ?? null;
  },

  // ------------------------------------------------------------------ inputs
  async people(tx: Tx): Promise<PersonRow[]> {
    return tx.selectFrom('person').select(['id', 'given_name', 'family_name', 'date_of_birth', 'sex', 'nhs_number', 'upn', 'ni_number']).orderBy('id').execute();
  },

  async linkedRecords(tx: Tx): Promise<LinkedRow[]> {
    const r = await sql<LinkedRow>`
      select ${IDENTITY}, pl.person_id, pl.decided_by
      from person_link pl
      join source_record sr on sr.local_authority_id = pl.local_authority_id and sr.id = pl.source_record_id
      join data_source ds on ds.local_authority_id = sr.local_authority_id and ds.id = sr.data_source_id
      order by sr.id`.execute(tx);
    return r.rows;
  },

  async unlinkedRecords(tx: Tx): Promise<IdentityRow[]> {
    const r = await sql<IdentityRow>`
      select ${IDENTITY}
      from source_record sr
      join data_source ds on ds.local_authority_id = sr.local_authority_id and ds.id = sr.data_source_id
      where not exists (select 1 from person_link pl where pl.local_authority_id = sr.local_authority_id and pl.source_record_id = sr.id)
      order by sr.id`.execute(tx);
    return r.rows;
  },

  async decisions(tx: Tx) {
    return tx.selectFrom('review_pair').select(['record_id', 'other_record_id', 'other_person_id', 'status']).where('status', 'in', ['match', 'non_match']).execute();
  },

  /** Pairs of records a source states share a household (same source, same household reference). */
  async statedHouseholds(tx: Tx): Promise<Array<{ a: string; b: string; kind: string }>> {
    const r = await sql<{ a: string; b: string; kind: string }>`
      with refs as (
        select sr.id, sr.data_source_id, k.col, sr.raw ->> k.col as ref
        from (select id, data_source_id, raw::json as raw from source_record) sr cross join unnest(${[...HOUSEHOLD_COLUMNS]}::text[]) as k(col)
        where coalesce(sr.raw ->> k.col, '') <> ''
          and (k.col <> 'DAIncidentNo' or coalesce(sr.raw ->> 'PersonRole', '') = any(${HOUSEHOLD_ROLES}::text[]))
      ), firsts as (select data_source_id, col, ref, min(id::text)::uuid as first from refs group by 1, 2, 3 having count(*) between 2 and 12)
      select f.first as a, r.id as b, r.col as kind from firsts f join refs r using (data_source_id, col, ref) where r.id <> f.first`.execute(tx);
    return r.rows;
  },

  // ------------------------------------------------------------------ outputs
  async insertPeople(tx: Tx, localAuthorityId: string, rows: PersonRow[]): Promise<void> {
    for (let x = 0; x < rows.length; x += 1000) {
      const c = rows.slice(x, x + 1000);
      await sql`
        insert into person (local_authority_id, id, given_name, family_name, date_of_birth, sex, nhs_number, upn, ni_number)
        select ${localAuthorityId}::uuid, u.id, u.g, u.f, u.d::date, u.s, u.nhs, u.upn, u.ni
        from unnest(${c.map((p) => p.id)}::uuid[], ${c.map((p) => p.given_name)}::text[], ${c.map((p) => p.family_name)}::text[], ${c.map((p) => p.date_of_birth)}::text[],
          ${c.map((p) => p.sex)}::text[], ${c.map((p) => p.nhs_number)}::text[], ${c.map((p) => p.upn)}::text[], ${c.map((p) => p.ni_number)}::text[]) as u(id, g, f, d, s, nhs, upn, ni)`.execute(tx);
    }
  },

  /** Writes links (replacing earlier automatic ones), their evidence, and the person of each record's events. Returns events updated. */
  async writeLinks(tx: Tx, localAuthorityId: string, runId: string | null, ruleVersion: string, decidedBy: string | null, rows: LinkWrite[]): Promise<number> {
    let events = 0;
    for (let x = 0; x < rows.length; x += 1000) {
      const c = rows.slice(x, x + 1000);
      const ids = c.map((r) => r.source_record_id);
      const people = c.map((r) => r.person_id);
      await sql`
        insert into person_link (local_authority_id, source_record_id, person_id, route, match_weight, rule_version, decided_by, decided_at)
        select ${localAuthorityId}::uuid, u.sr, u.p, u.route, u.w, ${ruleVersion}, ${decidedBy}::uuid, now()
        from unnest(${ids}::uuid[], ${people}::uuid[], ${c.map((r) => r.route)}::text[], ${c.map((r) => r.match_weight)}::float8[]) as u(sr, p, route, w)
        on conflict (local_authority_id, source_record_id) do update
          set person_id = excluded.person_id, route = excluded.route, match_weight = excluded.match_weight, rule_version = excluded.rule_version,
              decided_by = excluded.decided_by, decided_at = excluded.decided_at`.execute(tx);
      await sql`
        insert into link_evidence (local_authority_id, source_record_id, run_id, partner_record_id, partner_person_id, explanation)
        select ${localAuthorityId}::uuid, u.sr, ${runId}::uuid, u.pr, u.pp, u.ex::jsonb
        from unnest(${ids}::uuid[], ${c.map((r) => r.partner_record_id)}::uuid[], ${c.map((r) => r.partner_person_id)}::uuid[], ${c.map((r) => r.explanation)}::text[]) as u(sr, pr, pp, ex)
        on conflict (local_authority_id, source_record_id) do update
          set run_id = excluded.run_id, partner_record_id = excluded.partner_record_id, partner_person_id = excluded.partner_person_id, explanation = excluded.explanation`.execute(tx);
      events += await linkageRepository.placeRecordEvents(tx, ids, people);
    }
    return events;
  },

  /**
   * Puts each record's event with its person: an event already in `event` moves to the person, and
   * a record's event not there yet joins it (an import keeps it on the record until the record is
   * linked; it takes the record's id, which is time-ordered, and the record's arrival as its own,
   * and is changed now: it has just become the person's data).
   * Returns the events moved or added.
   */
  async placeRecordEvents(tx: Tx, recordIds: string[], personIds: string[]): Promise<number> {
    const moved = await sql`
      update event e set person_id = u.p
      from unnest(${recordIds}::uuid[], ${personIds}::uuid[]) as u(sr, p)
      where e.source_record_id = u.sr and e.person_id is distinct from u.p`.execute(tx);
    const added = await sql`
      insert into event (local_authority_id, id, type, occurred_on, ended_on, person_id, source_record_id, origin, attributes, created_at, changed_at)
      select sr.local_authority_id, sr.id, sr.event_type, sr.event_on, sr.event_end, u.p, sr.id, 'import', coalesce(sr.event_values, '{}')::jsonb, sr.created_at, now()
      from unnest(${recordIds}::uuid[], ${personIds}::uuid[]) as u(sr, p)
      join source_record sr on sr.id = u.sr
      where sr.event_type is not null
        and not exists (select 1 from event e where e.local_authority_id = sr.local_authority_id and e.source_record_id = sr.id)`.execute(tx);
    return Number(moved.numAffectedRows ?? 0) + Number(added.numAffectedRows ?? 0);
  },

  /** Moves links (and the records' events) to another person, decided by a person. */
  async moveLinks(tx: Tx, recordIds: string[], personId: string, decidedBy: string, ruleVersion: string): Promise<number> {
    if (recordIds.length === 0) return 0;
    await sql`
      update person_link set person_id = ${personId}::uuid, route = 'manual', decided_by = ${decidedBy}::uuid, decided_at = now(), rule_version = ${ruleVersion}
      where source_record_id = any(${recordIds}::uuid[])`.execute(tx);
    await sql`delete from link_evidence where source_record_id = any(${recordIds}::uuid[])`.execute(tx);
    return linkageRepository.placeRecordEvents(tx, recordIds, recordIds.map(() => personId));
  },

  async upsertReviewPairs(
    tx: Tx, localAuthorityId: string, runId: string,
    rows: Array<{ record_id: string; other_record_id: string | null; other_person_id: string | null; match_weight: number; match_probability: number; explanation: string }>,
  ): Promise<void> {
    for (const withRecord of [true, false]) {
      const part = rows.filter((r) => (r.other_record_id !== null) === withRecord);
      for (let x = 0; x < part.length; x += 1000) {
        const c = part.slice(x, x + 1000);
        const conflict = withRecord ? sql`(local_authority_id, record_id, other_record_id) where other_record_id is not null` : sql`(local_authority_id, record_id, other_person_id) where other_person_id is not null`;
        await sql`
          insert into review_pair (local_authority_id, record_id, other_record_id, other_person_id, run_id, match_weight, match_probability, explanation)
          select ${localAuthorityId}::uuid, u.r, u.o, u.p, ${runId}::uuid, u.w, u.pr, u.ex::jsonb
          from unnest(${c.map((r) => r.record_id)}::uuid[], ${c.map((r) => r.other_record_id)}::uuid[], ${c.map((r) => r.other_person_id)}::uuid[],
            ${c.map((r) => r.match_weight)}::float8[], ${c.map((r) => r.match_probability)}::float8[], ${c.map((r) => r.explanation)}::text[]) as u(r, o, p, w, pr, ex)
          on conflict ${conflict} do update
            set run_id = excluded.run_id, match_weight = excluded.match_weight, match_probability = excluded.match_probability, explanation = excluded.explanation, updated_at = now()
            where review_pair.status in ('pending', 'unsure')`.execute(tx);
      }
    }
  },

  /** Pending pairs whose two sides are now one person (a later run or a merge settled them) leave the queue. */
  async settleReviewPairs(tx: Tx): Promise<number> {
    const r = await sql`
      delete from review_pair rp
      where rp.status = 'pending' and exists (
        select 1 from person_link a
        where a.source_record_id = rp.record_id
          and a.person_id = coalesce(rp.other_person_id, (select b.person_id from person_link b where b.source_record_id = rp.other_record_id)))`.execute(tx);
    return Number(r.numAffectedRows ?? 0);
  },

  async replaceHouseholds(tx: Tx, localAuthorityId: string, runId: string, rows: Array<{ person_id: string; household: number }>): Promise<void> {
    await sql`delete from linkage_household`.execute(tx);
    for (let x = 0; x < rows.length; x += 2000) {
      const c = rows.slice(x, x + 2000);
      await sql`
        insert into linkage_household (local_authority_id, run_id, person_id, household)
        select ${localAuthorityId}::uuid, ${runId}::uuid, u.p, u.h from unnest(${c.map((r) => r.person_id)}::uuid[], ${c.map((r) => r.household)}::int[]) as u(p, h)`.execute(tx);
    }
  },

  /** People in no family unit at all (for building family units from households). */
  async peopleWithoutFamily(tx: Tx): Promise<Set<string>> {
    const r = await sql<{ id: string }>`select p.id from person p where not exists (select 1 from membership m where m.local_authority_id = p.local_authority_id and m.person_id = p.id)`.execute(tx);
    return new Set(r.rows.map((x) => x.id));
  },

  /** Each person's most recent address and postcode on their records (for a household's family unit). */
  async latestAddresses(tx: Tx, personIds: string[]): Promise<Map<string, { address: string | null; postcode: string | null }>> {
    if (personIds.length === 0) return new Map();
    const r = await sql<{ person_id: string; address: string | null; postcode: string | null }>`
      select distinct on (pl.person_id) pl.person_id, sr.address, sr.postcode
      from person_link pl join source_record sr on sr.local_authority_id = pl.local_authority_id and sr.id = pl.source_record_id
      where pl.person_id = any(${personIds}::uuid[]) and (sr.address is not null or sr.postcode is not null)
      order by pl.person_id, sr.created_at desc, sr.row_number desc`.execute(tx);
    return new Map(r.rows.map((x) => [x.person_id, { address: x.address, postcode: x.postcode }]));
  },

  // ------------------------------------------------------------------ review queue
  async reviewQueue(tx: Tx, status: ReviewStatus, limit: number, offset: number) {
    const rows = await sql<{
      id: string; match_weight: number; match_probability: number; status: ReviewStatus; decided_at: Date | null; decided_by_name: string | null;
      a_given: string | null; a_family: string | null; a_dob: string | null; a_source: string;
      b_given: string | null; b_family: string | null; b_dob: string | null; b_source: string;
    }>`
      select rp.id, rp.match_weight, rp.match_probability, rp.status, rp.decided_at, u.display_name as decided_by_name,
        a.given_name as a_given, a.family_name as a_family, a.date_of_birth as a_dob, ads.name as a_source,
        coalesce(b.given_name, p.given_name) as b_given, coalesce(b.family_name, p.family_name) as b_family,
        coalesce(b.date_of_birth, p.date_of_birth::text) as b_dob, coalesce(bds.name, 'Known person') as b_source
      from review_pair rp
      join source_record a on a.local_authority_id = rp.local_authority_id and a.id = rp.record_id
      join data_source ads on ads.local_authority_id = a.local_authority_id and ads.id = a.data_source_id
      left join source_record b on b.local_authority_id = rp.local_authority_id and b.id = rp.other_record_id
      left join data_source bds on bds.local_authority_id = b.local_authority_id and bds.id = b.data_source_id
      left join person p on p.local_authority_id = rp.local_authority_id and p.id = rp.other_person_id
      left join app_user u on u.local_authority_id = rp.local_authority_id and u.id = rp.decided_by
      where rp.status = ${status}
      order by ${status === 'pending' || status === 'unsure' ? sql`abs(rp.match_weight), rp.id` : sql`rp.decided_at desc, rp.id`}
      limit ${limit} offset ${offset}`.execute(tx);
    return rows.rows;
  },

  async reviewCounts(tx: Tx): Promise<Record<ReviewStatus, number>> {
    const r = await tx.selectFrom('review_pair').select(['status', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('status').execute();
    const out: Record<ReviewStatus, number> = { pending: 0, match: 0, non_match: 0, unsure: 0 };
    for (const x of r) out[x.status] = Number(x.n);
    return out;
  },

  async reviewPair(tx: Tx, id: string) {
    return tx
      .selectFrom('review_pair as rp')
      .leftJoin('app_user as u', (j) => j.onRef('u.id', '=', 'rp.decided_by').onRef('u.local_authority_id', '=', 'rp.local_authority_id'))
      .selectAll('rp')
      .select('u.display_name as decided_by_name')
      .where('rp.id', '=', id)
      .executeTakeFirst();
  },

  /** The next pending pair after this one, most uncertain first. */
  async nextPending(tx: Tx, afterId: string): Promise<string | null> {
    const r = await sql<{ id: string }>`select id from review_pair where status = 'pending' and id <> ${afterId}::uuid order by abs(match_weight), id limit 1`.execute(tx);
    return r.rows[0]?.id ?? null;
  },

  async decide(tx: Tx, id: string, status: ReviewStatus, by: string): Promise<void> {
    await tx.updateTable('review_pair').set({ status, decided_by: by, decided_at: sql<Date>`now()`, updated_at: sql<Date>`now()` }).where('id', '=', id).execute();
  },

  // ------------------------------------------------------------------ people
  async sourceRecord(tx: Tx, id: string) {
    const r = await sql<IdentityRow & { record_key: string; import_run_id: string; data_source_id: string; person_id: string | null; route: string | null; match_weight: number | null }>`
      select ${IDENTITY}, sr.record_key, sr.import_run_id, sr.data_source_id, pl.person_id, pl.route, pl.match_weight
      from source_record sr
      join data_source ds on ds.local_authority_id = sr.local_authority_id and ds.id = sr.data_source_id
      left join person_link pl on pl.local_authority_id = sr.local_authority_id and pl.source_record_id = sr.id
      where sr.id = ${id}::uuid`.execute(tx);
    return r.rows[0];
  },

  async person(tx: Tx, id: string) {
    return tx.selectFrom('person').select(['id', 'given_name', 'family_name', 'date_of_birth', 'sex', 'nhs_number', 'upn', 'ni_number', 'created_at']).where('id', '=', id).executeTakeFirst();
  },

  async personRecords(tx: Tx, personId: string) {
    const r = await sql<IdentityRow & {
      record_key: string; route: string; match_weight: number | null; rule_version: string; decided_at: Date; decided_by_name: string | null;
      partner_record_id: string | null; partner_person_id: string | null; partner_source: string | null; explanation: unknown; events: number;
    }>`
      select ${IDENTITY}, sr.record_key, pl.route, pl.match_weight, pl.rule_version, pl.decided_at, u.display_name as decided_by_name,
        le.partner_record_id, le.partner_person_id, pds.name as partner_source, le.explanation,
        (sr.event_type is not null)::int as events
      from person_link pl
      join source_record sr on sr.local_authority_id = pl.local_authority_id and sr.id = pl.source_record_id
      join data_source ds on ds.local_authority_id = sr.local_authority_id and ds.id = sr.data_source_id
      left join app_user u on u.local_authority_id = pl.local_authority_id and u.id = pl.decided_by
      left join link_evidence le on le.local_authority_id = pl.local_authority_id and le.source_record_id = pl.source_record_id
      left join source_record psr on psr.local_authority_id = le.local_authority_id and psr.id = le.partner_record_id
      left join data_source pds on pds.local_authority_id = psr.local_authority_id and pds.id = psr.data_source_id
      where pl.person_id = ${personId}::uuid
      order by ds.name, sr.created_at, sr.row_number`.execute(tx);
    return r.rows;
  },

  async personFamilies(tx: Tx, personId: string) {
    return tx
      .selectFrom('membership as m')
      .innerJoin('family_unit as f', (j) => j.onRef('f.id', '=', 'm.family_unit_id').onRef('f.local_authority_id', '=', 'm.local_authority_id'))
      .select(['f.id', 'f.reference', 'f.name', 'm.role', 'm.from_date', 'm.to_date'])
      .where('m.person_id', '=', personId)
      .orderBy('m.from_date')
      .execute();
  },

  async householdOf(tx: Tx, personId: string) {
    const r = await sql<{ id: string; given_name: string; family_name: string; date_of_birth: string | null }>`
      select p.id, p.given_name, p.family_name, p.date_of_birth::text as date_of_birth
      from linkage_household h join person p on p.local_authority_id = h.local_authority_id and p.id = h.person_id
      where h.household = (select household from linkage_household where person_id = ${personId}::uuid) and h.person_id <> ${personId}::uuid
      order by p.date_of_birth nulls last, p.family_name limit 20`.execute(tx);
    return r.rows;
  },

  async personChanges(tx: Tx, personId: string) {
    return tx
      .selectFrom('person_change as c')
      .leftJoin('app_user as u', (j) => j.onRef('u.id', '=', 'c.changed_by').onRef('u.local_authority_id', '=', 'c.local_authority_id'))
      .select(['c.id', 'c.kind', 'c.person_id', 'c.other_person_id', 'c.source_record_ids', 'c.reason', 'c.changed_at', 'u.display_name as changed_by_name'])
      .where((eb) => eb.or([eb('c.person_id', '=', personId), eb('c.other_person_id', '=', personId)]))
      .orderBy('c.changed_at', 'desc')
      .execute();
  },

  async searchPeople(tx: Tx, text: string, limit: number) {
    const t = text.trim();
    const digits = t.replace(/\s+/g, '');
    const words = t.toLowerCase().split(/\s+/).filter(Boolean).slice(0, 4);
    const byName = words.length > 0 ? sql.join(words.map((w) => sql`(lower(p.given_name) like ${`${w}%`} or lower(p.family_name) like ${`${w}%`})`), sql` and `) : sql`false`;
    const r = await sql<PersonRow & { records: number }>`
      select p.id, p.given_name, p.family_name, p.date_of_birth::text as date_of_birth, p.sex, p.nhs_number, p.upn, p.ni_number,
        (select count(*)::int from person_link pl where pl.local_authority_id = p.local_authority_id and pl.person_id = p.id) as records
      from person p
      where p.id::text = ${t} or p.nhs_number = ${digits} or upper(coalesce(p.upn, '')) = upper(${digits}) or upper(coalesce(p.ni_number, '')) = upper(${digits})
        or (${byName})
      order by p.family_name, p.given_name, p.date_of_birth limit ${limit}`.execute(tx);
    return r.rows;
  },

  async personHasCasework(tx: Tx, personId: string): Promise<string[]> {
    const r = await sql<{ what: string }>`
      select 'consent' as what from consent where person_id = ${personId}::uuid
      union all select 'support request' from support_request where person_id = ${personId}::uuid
      union all select 'assessment need' from assessment_need where person_id = ${personId}::uuid
      union all select 'plan goal' from plan_goal where person_id = ${personId}::uuid
      union all select 'meeting attendance' from taf_meeting_attendee where person_id = ${personId}::uuid
      limit 20`.execute(tx);
    return [...new Set(r.rows.map((x) => x.what))];
  },

  /** Moves a person's memberships to another person; a membership of a family unit the other is already in is ended instead. */
  async moveMemberships(tx: Tx, fromPerson: string, toPerson: string, today: string): Promise<{ moved: number; ended: number }> {
    const ended = await sql`
      update membership m set to_date = greatest(m.from_date, ${today}::date)
      where m.person_id = ${fromPerson}::uuid and (m.to_date is null or m.to_date > ${today}::date)
        and exists (select 1 from membership o where o.local_authority_id = m.local_authority_id and o.person_id = ${toPerson}::uuid and o.family_unit_id = m.family_unit_id)`.execute(tx);
    const moved = await sql`
      update membership m set person_id = ${toPerson}::uuid
      where m.person_id = ${fromPerson}::uuid
        and not exists (select 1 from membership o where o.local_authority_id = m.local_authority_id and o.person_id = ${toPerson}::uuid and o.family_unit_id = m.family_unit_id)`.execute(tx);
    return { moved: Number(moved.numAffectedRows ?? 0), ended: Number(ended.numAffectedRows ?? 0) };
  },

  /** Events recorded against the person directly (case work), moved with a merge. */
  async moveDirectEvents(tx: Tx, fromPerson: string, toPerson: string): Promise<number> {
    const r = await sql`update event set person_id = ${toPerson}::uuid where person_id = ${fromPerson}::uuid`.execute(tx);
    return Number(r.numAffectedRows ?? 0);
  },

  async moveReviewPairs(tx: Tx, fromPerson: string, toPerson: string): Promise<void> {
    await sql`delete from review_pair where other_person_id = ${fromPerson}::uuid and exists (select 1 from review_pair o where o.other_person_id = ${toPerson}::uuid and o.record_id = review_pair.record_id)`.execute(tx);
    await sql`update review_pair set other_person_id = ${toPerson}::uuid where other_person_id = ${fromPerson}::uuid`.execute(tx);
  },

  async insertChange(tx: Tx, row: { local_authority_id: string; kind: 'merge' | 'split'; person_id: string; other_person_id: string; source_record_ids: string[]; reason: string | null; details: Record<string, unknown>; changed_by: string }): Promise<string> {
    const r = await tx.insertInto('person_change').values({ ...row, details: JSON.stringify(row.details) }).returning('id').executeTakeFirstOrThrow();
    return r.id;
  },

  async changesSince(tx: Tx, since: Date | null): Promise<number> {
    let q = tx.selectFrom('person_change').select((eb) => eb.fn.countAll<number>().as('n'));
    if (since) q = q.where('changed_at', '>', since);
    return Number((await q.executeTakeFirstOrThrow()).n);
  },
};
