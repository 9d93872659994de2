import { sql, type Insertable, type Updateable } from 'kysely';
import type { Tx } from '../../db/tenant.ts';
import type { SupportRequestTable } from './referral.tables.ts';

export const referralRepository = {
  async insert(tx: Tx, row: Insertable<SupportRequestTable>): Promise<string> {
    const r = await tx.insertInto('support_request').values(row).returning('id').executeTakeFirstOrThrow();
    return r.id;
  },

  async find(tx: Tx, id: string) {
    return tx
      .selectFrom('support_request')
      .leftJoin('app_user as creator', (j) => j.onRef('creator.id', '=', 'support_request.created_by').onRef('creator.local_authority_id', '=', 'support_request.local_authority_id'))
      .leftJoin('app_user as decider', (j) => j.onRef('decider.id', '=', 'support_request.decided_by').onRef('decider.local_authority_id', '=', 'support_request.local_authority_id'))
      .leftJoin('family_unit', (j) => j.onRef('family_unit.id', '=', 'support_request.family_unit_id').onRef('family_unit.local_authority_id', '=', 'support_request.local_authority_id'))
      .selectAll('support_request')
      .select(['creator.display_name as created_by_name', 'decider.display_name as decided_by_name', 'family_unit.reference as family_reference', 'family_unit.name as known_family_name'])
      .where('support_request.id', '=', id)
      .executeTakeFirst();
  },

  async queue(tx: Tx) {
    const base = tx
      .selectFrom('support_request')
      .leftJoin('app_user as decider', (j) => j.onRef('decider.id', '=', 'support_request.decided_by').onRef('decider.local_authority_id', '=', 'support_request.local_authority_id'))
      .select([
        'support_request.id',
        'support_request.reference',
        'support_request.received_on',
        'support_request.source',
        'support_request.family_name',
        'support_request.referrer_name',
        'support_request.referrer_agency',
        'support_request.family_unit_id',
        'support_request.decision',
        'support_request.decided_at',
        'support_request.case_id',
        'decider.display_name as decided_by_name',
        sql<number>`(select count(*) from support_case sc where sc.local_authority_id = support_request.local_authority_id and sc.family_unit_id = support_request.family_unit_id and (support_request.case_id is null or sc.id <> support_request.case_id))`.as('earlier_episodes'),
      ]);
    const [waiting, decided] = await Promise.all([
      base.where('support_request.status', '=', 'received').orderBy('support_request.received_on').orderBy('support_request.created_at').execute(),
      base.where('support_request.status', '=', 'triaged').orderBy('support_request.decided_at', 'desc').limit(20).execute(),
    ]);
    return { waiting, decided };
  },

  async update(tx: Tx, id: string, values: Updateable<SupportRequestTable>): Promise<void> {
    await tx.updateTable('support_request').set(values).where('id', '=', id).execute();
  },

  async familyByReference(tx: Tx, reference: string) {
    return tx.selectFrom('family_unit').select(['id', 'name', 'reference', 'address', 'postcode']).where(sql<boolean>`upper(reference) = upper(${reference.trim()})`).executeTakeFirst();
  },

  /** A known person by name and date of birth, with their current family, to link a returning family. */
  async matchLeadPerson(tx: Tx, givenName: string, familyName: string, dateOfBirth: string) {
    return tx
      .selectFrom('person')
      .innerJoin('membership', (j) => j.onRef('membership.person_id', '=', 'person.id').onRef('membership.local_authority_id', '=', 'person.local_authority_id'))
      .select(['person.id as person_id', 'membership.family_unit_id'])
      .where(sql<boolean>`lower(person.given_name) = lower(${givenName.trim()})`)
      .where(sql<boolean>`lower(person.family_name) = lower(${familyName.trim()})`)
      .where('person.date_of_birth', '=', dateOfBirth)
      .where('membership.to_date', 'is', null)
      .orderBy('membership.from_date', 'desc')
      .executeTakeFirst();
  },

  async leadPersonInFamily(tx: Tx, familyUnitId: string, givenName: string, familyName: string) {
    return tx
      .selectFrom('person')
      .innerJoin('membership', (j) => j.onRef('membership.person_id', '=', 'person.id').onRef('membership.local_authority_id', '=', 'person.local_authority_id'))
      .select(['person.id'])
      .where('membership.family_unit_id', '=', familyUnitId)
      .where(sql<boolean>`lower(person.given_name) = lower(${givenName.trim()})`)
      .where(sql<boolean>`lower(person.family_name) = lower(${familyName.trim()})`)
      .executeTakeFirst();
  },

  async members(tx: Tx, familyUnitId: string) {
    return tx
      .selectFrom('membership')
      .innerJoin('person', (j) => j.onRef('person.id', '=', 'membership.person_id').onRef('person.local_authority_id', '=', 'membership.local_authority_id'))
      .select(['person.given_name', 'person.family_name', 'person.date_of_birth', 'membership.role'])
      .where('membership.family_unit_id', '=', familyUnitId)
      .where('membership.to_date', 'is', null)
      .execute();
  },
};
