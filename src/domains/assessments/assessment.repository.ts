import type { Insertable, Updateable } from 'kysely';
import type { Tx } from '../../db/tenant.ts';
import type { AssessmentNeedTable, AssessmentTable, FormSection, ScaleDimension } from './assessment.tables.ts';

export const assessmentRepository = {
  async currentForm(tx: Tx) {
    return tx.selectFrom('assessment_form').select(['id', 'name', 'sections', 'revision', 'updated_at']).orderBy('updated_at', 'desc').executeTakeFirst();
  },
  async insertForm(tx: Tx, localAuthorityId: string, name: string, sections: FormSection[], userId: string): Promise<string> {
    return (await tx.insertInto('assessment_form').values({ local_authority_id: localAuthorityId, name, sections: JSON.stringify(sections), updated_by: userId }).returning('id').executeTakeFirstOrThrow()).id;
  },
  async updateForm(tx: Tx, id: string, name: string, sections: FormSection[], revision: number, userId: string): Promise<void> {
    await tx.updateTable('assessment_form').set({ name, sections: JSON.stringify(sections), revision, updated_by: userId, updated_at: new Date() }).where('id', '=', id).execute();
  },
  async latest(tx: Tx, caseId: string) {
    return tx.selectFrom('assessment').selectAll().where('case_id', '=', caseId).orderBy('started_on', 'desc').orderBy('updated_at', 'desc').executeTakeFirst();
  },
  async insert(tx: Tx, row: Insertable<AssessmentTable>): Promise<string> {
    return (await tx.insertInto('assessment').values(row).returning('id').executeTakeFirstOrThrow()).id;
  },
  async update(tx: Tx, id: string, values: Updateable<AssessmentTable>): Promise<void> {
    await tx.updateTable('assessment').set(values).where('id', '=', id).execute();
  },
  async needs(tx: Tx, caseId: string) {
    return tx.selectFrom('assessment_need').select(['id', 'person_id', 'headline', 'description', 'special_category', 'identified_on', 'status', 'closed_on', 'close_reason']).where('case_id', '=', caseId).orderBy('identified_on').orderBy('created_at').execute();
  },
  async insertNeed(tx: Tx, row: Insertable<AssessmentNeedTable>): Promise<string> {
    return (await tx.insertInto('assessment_need').values(row).returning('id').executeTakeFirstOrThrow()).id;
  },
  async scale(tx: Tx) {
    return tx.selectFrom('measure_scale').select(['id', 'name', 'min_score', 'max_score', 'dimensions']).orderBy('created_at').executeTakeFirst();
  },
  async insertScale(tx: Tx, localAuthorityId: string, name: string, dimensions: ScaleDimension[]): Promise<string> {
    return (await tx.insertInto('measure_scale').values({ local_authority_id: localAuthorityId, name, dimensions: JSON.stringify(dimensions) }).returning('id').executeTakeFirstOrThrow()).id;
  },
  async scores(tx: Tx, caseId: string) {
    return tx.selectFrom('measure_score').select(['dimension_key', 'rater', 'score', 'scored_on']).where('case_id', '=', caseId).orderBy('scored_on').execute();
  },
  async insertScores(tx: Tx, rows: Array<{ local_authority_id: string; case_id: string; scale_id: string; dimension_key: string; rater: 'worker' | 'family'; score: number; scored_on: string; recorded_by: string }>): Promise<void> {
    if (rows.length) await tx.insertInto('measure_score').values(rows).execute();
  },
};
