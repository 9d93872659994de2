// Reads every source of the family's chronology for a set of cases (one family's episodes).
import type { Tx } from '../../db/tenant.ts';


export const chronologyRepository = {
  async sources(tx: Tx, caseIds: readonly string[], familyUnitId: string) {
    const ids = [...caseIds];
    if (ids.length === 0) return null;
    const users = await tx.selectFrom('app_user').select(['id', 'display_name']).execute();
    const [requests, history, contacts, consents, assessments, needs, scores, goals, actions, versions, meetings, reviews, supervisions, budget, closures, followUps] = await Promise.all([
      tx.selectFrom('support_request').select(['id', 'reference', 'received_on', 'source', 'referrer_name', 'referrer_agency', 'reason', 'decision', 'decision_reasons', 'decided_at', 'decided_by', 'created_at', 'created_by', 'case_id', 'person_id']).where('family_unit_id', '=', familyUnitId).execute(),
      tx.selectFrom('case_history').select(['id', 'case_id', 'kind', 'from_value', 'to_value', 'note', 'changed_by', 'changed_at']).where('case_id', 'in', ids).execute(),
      tx.selectFrom('contact').select(['id', 'case_id', 'occurred_on', 'kind', 'duration_minutes', 'seen', 'note', 'special_category', 'recorded_by', 'created_at']).where('case_id', 'in', ids).execute(),
      tx.selectFrom('consent').select(['id', 'case_id', 'person_id', 'purpose', 'decision', 'services', 'given_on', 'withdrawn_on', 'withdrawn_reason', 'obtained_by', 'withdrawn_by', 'created_at']).where('case_id', 'in', ids).execute(),
      tx.selectFrom('assessment').select(['id', 'case_id', 'form_name', 'started_on', 'completed_on', 'created_by', 'updated_at']).where('case_id', 'in', ids).execute(),
      tx.selectFrom('assessment_need').select(['id', 'case_id', 'person_id', 'headline', 'description', 'special_category', 'identified_on', 'status', 'closed_on', 'close_reason', 'recorded_by', 'created_at']).where('case_id', 'in', ids).execute(),
      tx.selectFrom('measure_score').select(['case_id', 'scored_on', 'rater', 'recorded_by', (eb) => eb.fn.count<number>('id').as('n'), (eb) => eb.fn.max('created_at').as('created_at')]).where('case_id', 'in', ids).groupBy(['case_id', 'scored_on', 'rater', 'recorded_by']).execute(),
      tx.selectFrom('plan_goal').select(['id', 'case_id', 'person_id', 'title', 'target', 'owner_label', 'due_on', 'status', 'special_category', 'created_by', 'created_at']).where('case_id', 'in', ids).execute(),
      tx.selectFrom('plan_action').select(['id', 'case_id', 'description', 'owner_label', 'due_on', 'status', 'completed_on', 'created_by', 'created_at']).where('case_id', 'in', ids).execute(),
      tx.selectFrom('plan_version').select(['id', 'case_id', 'version', 'reason', 'created_by', 'created_at']).where('case_id', 'in', ids).execute(),
      tx.selectFrom('taf_meeting').select(['id', 'case_id', 'held_on', 'mode', 'status', 'decisions', 'created_by', 'created_at']).where('case_id', 'in', ids).execute(),
      tx.selectFrom('case_review').select(['id', 'case_id', 'held_on', 'progress', 'decision', 'next_review_on', 'recorded_by', 'created_at']).where('case_id', 'in', ids).execute(),
      tx.selectFrom('supervision').select(['id', 'case_id', 'held_on', 'discussion', 'decisions', 'case_drift', 'recorded_by', 'created_at']).where('case_id', 'in', ids).execute(),
      tx.selectFrom('budget_item').select(['id', 'case_id', 'description', 'amount_pence', 'status', 'requested_on', 'decided_on', 'requested_by', 'decided_by', 'created_at']).where('case_id', 'in', ids).execute(),
      tx.selectFrom('case_closure').select(['id', 'case_id', 'reason', 'summary', 'handover_to', 'status', 'requested_on', 'decided_on', 'requested_by', 'decided_by', 'decision_note', 'created_at']).where('case_id', 'in', ids).execute(),
      tx.selectFrom('follow_up').select(['id', 'case_id', 'months', 'due_on', 'done_on', 'outcome', 'done_by']).where('case_id', 'in', ids).where('done_on', 'is not', null).execute(),
    ]);
    return { users: new Map(users.map((u) => [u.id, u.display_name])), requests, history, contacts, consents, assessments, needs, scores, goals, actions, versions, meetings, reviews, supervisions, budget, closures, followUps };
  },
};
