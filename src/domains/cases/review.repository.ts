import type { Insertable } from 'kysely';
import type { Tx } from '../../db/tenant.ts';
import type { CaseReviewTable, SupervisionTable } from './case.tables.ts';

export const reviewRepository = {
  async reviews(tx: Tx, caseId: string) {
    return tx
      .selectFrom('case_review')
      .leftJoin('app_user', (j) => j.onRef('app_user.id', '=', 'case_review.recorded_by').onRef('app_user.local_authority_id', '=', 'case_review.local_authority_id'))
      .select(['case_review.id', 'case_review.held_on', 'case_review.progress', 'case_review.family_view', 'case_review.decision', 'case_review.next_review_on', 'app_user.display_name as recorded_by_name'])
      .where('case_review.case_id', '=', caseId)
      .orderBy('case_review.held_on', 'desc')
      .orderBy('case_review.created_at', 'desc')
      .execute();
  },
  async supervisions(tx: Tx, caseId: string) {
    return tx
      .selectFrom('supervision')
      .leftJoin('app_user', (j) => j.onRef('app_user.id', '=', 'supervision.supervisor_id').onRef('app_user.local_authority_id', '=', 'supervision.local_authority_id'))
      .select(['supervision.id', 'supervision.held_on', 'supervision.discussion', 'supervision.decisions', 'supervision.case_drift', 'app_user.display_name as supervisor_name'])
      .where('supervision.case_id', '=', caseId)
      .orderBy('supervision.held_on', 'desc')
      .execute();
  },
  async insertReview(tx: Tx, row: Insertable<CaseReviewTable>): Promise<string> {
    return (await tx.insertInto('case_review').values(row).returning('id').executeTakeFirstOrThrow()).id;
  },
  async insertSupervision(tx: Tx, row: Insertable<SupervisionTable>): Promise<string> {
    return (await tx.insertInto('supervision').values(row).returning('id').executeTakeFirstOrThrow()).id;
  },
};
