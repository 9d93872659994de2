// What falls due on a set of cases, read in one go for caseload and team lists.
import { sql } from 'kysely';
import type { Tx } from '../../db/tenant.ts';

export interface CaseDueFacts {
  lastReviewOn: string | null;
  lastSetNextOn: string | null;
  assessment: { status: string; due_on: string; completed_on: string | null } | null;
  lastContactOn: string | null;
  lastSupervisionOn: string | null;
  openActions: Array<{ id: string; description: string; owner_label: string; due_on: string }>;
  followUps: Array<{ id: string; months: number; due_on: string }>;
}

export const dueRepository = {
  async forCases(tx: Tx, caseIds: readonly string[]): Promise<Map<string, CaseDueFacts>> {
    const facts = new Map<string, CaseDueFacts>();
    if (caseIds.length === 0) return facts;
    const ids = [...caseIds];
    for (const id of ids) facts.set(id, { lastReviewOn: null, lastSetNextOn: null, assessment: null, lastContactOn: null, lastSupervisionOn: null, openActions: [], followUps: [] });
    const [reviews, assessments, contacts, supervisions, actions, followUps] = await Promise.all([
      tx.selectFrom('case_review').select(['case_id', 'held_on', 'next_review_on']).distinctOn('case_id').where('case_id', 'in', ids).orderBy('case_id').orderBy('held_on', 'desc').orderBy('created_at', 'desc').execute(),
      tx.selectFrom('assessment').select(['case_id', 'status', 'due_on', 'completed_on']).distinctOn('case_id').where('case_id', 'in', ids).orderBy('case_id').orderBy('started_on', 'desc').orderBy('updated_at', 'desc').execute(),
      tx.selectFrom('contact').select(['case_id', (eb) => eb.fn.max('occurred_on').as('last')]).where('case_id', 'in', ids).groupBy('case_id').execute(),
      tx.selectFrom('supervision').select(['case_id', (eb) => eb.fn.max('held_on').as('last')]).where('case_id', 'in', ids).groupBy('case_id').execute(),
      tx.selectFrom('plan_action').select(['id', 'case_id', 'description', 'owner_label', 'due_on']).where('case_id', 'in', ids).where('status', '=', 'open').orderBy('due_on').execute(),
      tx.selectFrom('follow_up').select(['id', 'case_id', 'months', 'due_on']).where('case_id', 'in', ids).where('done_on', 'is', null).orderBy('due_on').execute(),
    ]);
    for (const r of reviews) Object.assign(facts.get(r.case_id) ?? {}, { lastReviewOn: r.held_on, lastSetNextOn: r.next_review_on });
    for (const a of assessments) Object.assign(facts.get(a.case_id) ?? {}, { assessment: { status: a.status, due_on: a.due_on, completed_on: a.completed_on } });
    for (const c of contacts) Object.assign(facts.get(c.case_id) ?? {}, { lastContactOn: c.last === null ? null : String(c.last) });
    for (const s of supervisions) Object.assign(facts.get(s.case_id) ?? {}, { lastSupervisionOn: s.last === null ? null : String(s.last) });
    for (const a of actions) facts.get(a.case_id)?.openActions.push(a);
    for (const f of followUps) facts.get(f.case_id)?.followUps.push(f);
    return facts;
  },

  /** Closed cases this keyworker held that still have follow-up calls to make. */
  async followUpCases(tx: Tx, keyworkerId: string) {
    return tx
      .selectFrom('support_case')
      .innerJoin('family_unit', (j) => j.onRef('family_unit.id', '=', 'support_case.family_unit_id').onRef('family_unit.local_authority_id', '=', 'support_case.local_authority_id'))
      .select(['support_case.id', 'support_case.reference', 'support_case.status', 'support_case.tier', 'support_case.opened_on', 'support_case.allocated_on', 'support_case.closed_on', 'support_case.keyworker_id', 'family_unit.id as family_unit_id', 'family_unit.name as family_name'])
      .where('support_case.keyworker_id', '=', keyworkerId)
      .where('support_case.status', '=', 'closed')
      .where(sql<boolean>`exists (select 1 from follow_up f where f.local_authority_id = support_case.local_authority_id and f.case_id = support_case.id and f.done_on is null)`)
      .execute();
  },

  /** Open cases of a team, for the managers' due and overdue list. */
  async teamCases(tx: Tx, teamId: string) {
    return tx
      .selectFrom('support_case')
      .innerJoin('family_unit', (j) => j.onRef('family_unit.id', '=', 'support_case.family_unit_id').onRef('family_unit.local_authority_id', '=', 'support_case.local_authority_id'))
      .leftJoin('app_user', (j) => j.onRef('app_user.id', '=', 'support_case.keyworker_id').onRef('app_user.local_authority_id', '=', 'support_case.local_authority_id'))
      .select(['support_case.id', 'support_case.reference', 'support_case.status', 'support_case.tier', 'support_case.opened_on', 'support_case.allocated_on', 'support_case.closed_on', 'support_case.keyworker_id', 'family_unit.id as family_unit_id', 'family_unit.name as family_name', 'app_user.display_name as keyworker_name'])
      .where('support_case.team_id', '=', teamId)
      .where((w) => w.or([w('support_case.status', '=', 'open'), w.exists(w.selectFrom('follow_up as f').select(sql`1`.as('x')).whereRef('f.case_id', '=', 'support_case.id').where('f.done_on', 'is', null))]))
      .execute();
  },
};
