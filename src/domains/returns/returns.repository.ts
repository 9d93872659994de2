// SQL for records of returns and extracts.
import type { Insertable } from 'kysely';
import type { Tx } from '../../db/tenant.ts';
import type { ExtractRunTable, ReturnRunTable } from './returns.tables.ts';

export const returnsRepository = {
  async insertRun(tx: Tx, row: Insertable<ReturnRunTable>): Promise<string> {
    return (await tx.insertInto('return_run').values(row).returning('id').executeTakeFirstOrThrow()).id;
  },

  async runs(tx: Tx) {
    return tx
      .selectFrom('return_run as r')
      .leftJoin('app_user as g', (j) => j.onRef('g.id', '=', 'r.generated_by').onRef('g.local_authority_id', '=', 'r.local_authority_id'))
      .leftJoin('app_user as s', (j) => j.onRef('s.id', '=', 'r.submitted_by').onRef('s.local_authority_id', '=', 'r.local_authority_id'))
      .select(['r.id', 'r.kind', 'r.period_start', 'r.period_end', 'r.validation', 'r.generated_at', 'r.submitted_at', 'r.file_sha256', 'g.display_name as generated_by_name', 's.display_name as submitted_by_name'])
      .orderBy('r.generated_at', 'desc')
      .limit(50)
      .execute();
  },

  async run(tx: Tx, id: string) {
    return tx
      .selectFrom('return_run as r')
      .leftJoin('app_user as g', (j) => j.onRef('g.id', '=', 'r.generated_by').onRef('g.local_authority_id', '=', 'r.local_authority_id'))
      .leftJoin('app_user as s', (j) => j.onRef('s.id', '=', 'r.submitted_by').onRef('s.local_authority_id', '=', 'r.local_authority_id'))
      .selectAll('r')
      .select(['g.display_name as generated_by_name', 's.display_name as submitted_by_name'])
      .where('r.id', '=', id)
      .executeTakeFirst();
  },

  async markSubmitted(tx: Tx, id: string, userId: string, at: Date, note: string | null): Promise<void> {
    await tx.updateTable('return_run').set({ submitted_by: userId, submitted_at: at, submission_note: note }).where('id', '=', id).where('submitted_at', 'is', null).execute();
  },

  async insertExtract(tx: Tx, row: Insertable<ExtractRunTable>): Promise<string> {
    return (await tx.insertInto('extract_run').values(row).returning('id').executeTakeFirstOrThrow()).id;
  },

  async extracts(tx: Tx) {
    return tx
      .selectFrom('extract_run as x')
      .leftJoin('app_user as g', (j) => j.onRef('g.id', '=', 'x.generated_by').onRef('g.local_authority_id', '=', 'x.local_authority_id'))
      .select(['x.id', 'x.as_of', 'x.programme_people', 'x.comparison_people', 'x.key_fingerprint', 'x.file_sha256', 'x.generated_at', 'g.display_name as generated_by_name'])
      .orderBy('x.generated_at', 'desc')
      .limit(20)
      .execute();
  },
};
