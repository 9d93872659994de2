// Builders for dated events (the facts frameworks evaluate), inserted directly as the importer
// would leave them: canonical type, dates, person, attributes; optionally from a data source.
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from '../../src/db/database.ts';
import { withTenant } from '../../src/db/tenant.ts';

export interface EventSpec {
  type: string;
  on: string;
  end?: string | null;
  personId?: string | null;
  familyUnitId?: string | null;
  attributes?: Record<string, unknown>;
  /** The organisation of the data source that supplied it (creates the source and a record). */
  source?: string;
}

export async function insertEvents(db: Db, localAuthorityId: string, specs: EventSpec[]): Promise<string[]> {
  return withTenant(db, localAuthorityId, async (tx) => {
    const ids: string[] = [];
    const sources = new Map<string, { sourceId: string; runId: string }>();
    for (const s of specs) {
      let recordId: string | null = null;
      if (s.source) {
        let src = sources.get(s.source);
        if (!src) {
          const existing = await tx.selectFrom('data_source').select('id').where('name', '=', s.source).executeTakeFirst();
          const sourceId = existing?.id ?? (await tx.insertInto('data_source').values({ local_authority_id: localAuthorityId, name: s.source, organisation: s.source, kind: 'test' }).returning('id').executeTakeFirstOrThrow()).id;
          const runId = (await tx.insertInto('import_run').values({ local_authority_id: localAuthorityId, data_source_id: sourceId, status: 'succeeded' }).returning('id').executeTakeFirstOrThrow()).id;
          src = { sourceId, runId };
          sources.set(s.source, src);
        }
        recordId = (await tx.insertInto('source_record').values({ local_authority_id: localAuthorityId, data_source_id: src.sourceId, import_run_id: src.runId, record_key: randomUUID(), row_number: 1, raw: '{}' }).returning('id').executeTakeFirstOrThrow()).id;
      }
      const id = randomUUID();
      await tx
        .insertInto('event')
        .values({ local_authority_id: localAuthorityId, id, type: s.type, occurred_on: s.on, ended_on: s.end ?? null, person_id: s.personId ?? null, family_unit_id: s.familyUnitId ?? null, source_record_id: recordId, origin: recordId ? 'import' : 'casework', attributes: JSON.stringify(s.attributes ?? {}) })
        .execute();
      ids.push(id);
    }
    return ids;
  });
}

/** Attendance returns for a pupil: one per term, `missed` of 100 sessions. */
export function attendance(personId: string, terms: Array<[string, string]>, missed: number, unauthorised = 0, source = 'Education'): EventSpec[] {
  return terms.map(([on, end]) => ({ type: 'school.attendance', on, end, personId, source, attributes: { sessions_possible: 100, sessions_missed: missed, sessions_unauthorised: unauthorised } }));
}

export async function eventCount(db: Db, localAuthorityId: string): Promise<number> {
  return withTenant(db, localAuthorityId, async (tx) => Number((await sql<{ n: number }>`select count(*)::int as n from event`.execute(tx)).rows[0]?.n ?? 0));
}
