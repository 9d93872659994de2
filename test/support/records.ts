// Builders for partner source records as an import leaves them (identity columns, raw row, an event
// with no person yet), for linkage tests.
import type { Db } from '../../src/db/database.ts';
import { withTenant } from '../../src/db/tenant.ts';

export interface RecordSpec {
  key?: string;
  given?: string;
  family?: string;
  dob?: string;
  sex?: string;
  address?: string;
  postcode?: string;
  uprn?: string;
  nhs?: string;
  upn?: string;
  ni?: string;
  raw?: Record<string, string>;
  /** an event of this type on the record (default: one 'test.event' on 2025-01-01) */
  event?: string | null;
}

/** Inserts the records as one delivery of a source (created if new); returns the record ids in order. */
export async function insertSourceRecords(db: Db, localAuthorityId: string, source: string, specs: RecordSpec[]): Promise<string[]> {
  return withTenant(db, localAuthorityId, async (tx) => {
    const existing = await tx.selectFrom('data_source').select('id').where('name', '=', source).executeTakeFirst();
    const sourceId = existing?.id ?? (await tx.insertInto('data_source').values({ local_authority_id: localAuthorityId, name: source, organisation: source, kind: 'test' }).returning('id').executeTakeFirstOrThrow()).id;
    const runId = (await tx.insertInto('import_run').values({ local_authority_id: localAuthorityId, data_source_id: sourceId, status: 'succeeded' }).returning('id').executeTakeFirstOrThrow()).id;
    const ids: string[] = [];
    for (const [i, s] of specs.entries()) {
      const row = await tx.insertInto('source_record').values({
        local_authority_id: localAuthorityId, data_source_id: sourceId, import_run_id: runId, record_key: s.key ?? `${source}-${i + 1}`, row_number: i + 2,
        given_name: s.given ?? null, family_name: s.family ?? null, date_of_birth: s.dob ?? null, sex: s.sex ?? null, address: s.address ?? null, postcode: s.postcode ?? null,
        uprn: s.uprn ?? null, nhs_number: s.nhs ?? null, upn: s.upn ?? null, ni_number: s.ni ?? null, raw: JSON.stringify(s.raw ?? {}),
      }).returning('id').executeTakeFirstOrThrow();
      if (s.event !== null) await tx.insertInto('event').values({ local_authority_id: localAuthorityId, type: s.event ?? 'test.event', occurred_on: '2025-01-01', source_record_id: row.id, origin: 'import', attributes: '{}' }).execute();
      ids.push(row.id);
    }
    return ids;
  });
}
