import { sql, type ExpressionBuilder } from 'kysely';
import type { RecordScope } from '../../auth/permissions.ts';
import type { DB } from '../../db/schema.ts';
import type { Tx } from '../../db/tenant.ts';

/**
 * The record-level rule as SQL: which family units a person may open.
 * Keyworker: a case of theirs. Manager: a case of their team. Partner: a case whose Team Around
 * the Family they are in today. Data manager: all in their council (RLS keeps it to the council).
 */
export function familyVisible(scope: RecordScope, today: string) {
  return (eb: ExpressionBuilder<DB, 'family_unit'>) => {
    switch (scope.kind) {
      case 'all':
        return eb.val(true);
      case 'none':
        return eb.val(false);
      case 'keyworker':
        return eb.exists(
          eb.selectFrom('support_case as sc').select(sql`1`.as('x')).whereRef('sc.family_unit_id', '=', 'family_unit.id').where('sc.keyworker_id', '=', scope.userId).where('sc.status', '<>', 'closed'),
        );
      case 'team':
        return eb.exists(eb.selectFrom('support_case as sc').select(sql`1`.as('x')).whereRef('sc.family_unit_id', '=', 'family_unit.id').where('sc.team_id', '=', scope.teamId));
      case 'taf':
        return eb.exists(
          eb
            .selectFrom('taf_member as tm')
            .innerJoin('support_case as sc', (j) => j.onRef('sc.id', '=', 'tm.case_id').onRef('sc.local_authority_id', '=', 'tm.local_authority_id'))
            .select(sql`1`.as('x'))
            .whereRef('sc.family_unit_id', '=', 'family_unit.id')
            .where('tm.user_id', '=', scope.userId)
            .where('sc.status', '<>', 'closed')
            .where('tm.from_date', '<=', today)
            .where((w) => w.or([w('tm.to_date', 'is', null), w('tm.to_date', '>=', today)])),
        );
    }
  };
}

export interface FamilySearch {
  text?: string;
  page: number;
  pageSize: number;
}

export const familyRepository = {
  async findVisible(tx: Tx, scope: RecordScope, today: string, id: string) {
    return tx
      .selectFrom('family_unit')
      .select(['id', 'reference', 'name', 'locality', 'address', 'postcode', 'created_at'])
      .where('id', '=', id)
      .where(familyVisible(scope, today))
      .executeTakeFirst();
  },

  async members(tx: Tx, familyUnitId: string) {
    return tx
      .selectFrom('membership')
      .innerJoin('person', (j) => j.onRef('person.id', '=', 'membership.person_id').onRef('person.local_authority_id', '=', 'membership.local_authority_id'))
      .select([
        'membership.id as membership_id',
        'membership.role',
        'membership.from_date',
        'membership.to_date',
        'person.id as person_id',
        'person.given_name',
        'person.family_name',
        'person.date_of_birth',
        'person.sex',
        'person.nhs_number',
        'person.upn',
        'person.ni_number',
        (eb) =>
          eb
            .selectFrom('membership as other')
            .select((o) => o.fn.countAll<number>().as('n'))
            .whereRef('other.person_id', '=', 'membership.person_id')
            .whereRef('other.family_unit_id', '<>', 'membership.family_unit_id')
            .where('other.to_date', 'is', null)
            .as('other_families'),
      ])
      .where('membership.family_unit_id', '=', familyUnitId)
      .orderBy(sql`membership.to_date is not null`)
      .orderBy(sql`case membership.role when 'parent' then 0 when 'carer' then 1 when 'other_adult' then 2 when 'child' then 3 else 4 end`)
      .orderBy('person.date_of_birth')
      .execute();
  },

  async search(tx: Tx, scope: RecordScope, today: string, search: FamilySearch) {
    let query = tx.selectFrom('family_unit').where(familyVisible(scope, today));
    const text = search.text?.trim();
    if (text) {
      const like = `%${text.replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
      query = query.where((eb) =>
        eb.or([
          eb('family_unit.name', 'ilike', like),
          eb('family_unit.reference', 'ilike', like),
          eb.exists(
            eb
              .selectFrom('membership as m')
              .innerJoin('person as p', (j) => j.onRef('p.id', '=', 'm.person_id').onRef('p.local_authority_id', '=', 'm.local_authority_id'))
              .select(sql`1`.as('x'))
              .whereRef('m.family_unit_id', '=', 'family_unit.id')
              .where(sql<boolean>`(p.given_name || ' ' || p.family_name) ilike ${like}`),
          ),
        ]),
      );
    }
    const [rows, total] = await Promise.all([
      query
        .select([
          'family_unit.id',
          'family_unit.reference',
          'family_unit.name',
          'family_unit.locality',
          (eb) =>
            eb
              .selectFrom('membership as m')
              .select((m) => m.fn.countAll<number>().as('n'))
              .whereRef('m.family_unit_id', '=', 'family_unit.id')
              .where('m.to_date', 'is', null)
              .as('member_count'),
          (eb) =>
            eb
              .selectFrom('support_case as sc')
              .select('sc.status')
              .whereRef('sc.family_unit_id', '=', 'family_unit.id')
              .orderBy(sql`sc.status = 'closed'`)
              .orderBy('sc.opened_on', 'desc')
              .limit(1)
              .as('case_status'),
        ])
        .orderBy('family_unit.name')
        .orderBy('family_unit.reference')
        .limit(search.pageSize)
        .offset((search.page - 1) * search.pageSize)
        .execute(),
      query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { rows, total: Number(total.n) };
  },
};
