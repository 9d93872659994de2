// Casework facts written to the shared `event` table (origin 'casework'), so outcomes and
// chronology elsewhere can use them alongside partner data.
import type { Tx } from '../../db/tenant.ts';

export const caseworkEventRepository = {
  async record(tx: Tx, e: { localAuthorityId: string; type: string; occurredOn: string; familyUnitId: string; personId?: string | null; attributes: Record<string, unknown> }): Promise<void> {
    await tx
      .insertInto('event')
      .values({ local_authority_id: e.localAuthorityId, type: e.type, occurred_on: e.occurredOn, family_unit_id: e.familyUnitId, person_id: e.personId ?? null, origin: 'casework', attributes: JSON.stringify(e.attributes) })
      .execute();
  },

  /** Events from partner data (imports) about this family or its members, for the chronology. */
  async importedFor(tx: Tx, familyUnitId: string, personIds: readonly string[]) {
    return tx
      .selectFrom('event')
      .select(['id', 'type', 'occurred_on', 'ended_on', 'person_id', 'family_unit_id', 'attributes', 'created_at'])
      .where('origin', '=', 'import')
      .where((w) => (personIds.length > 0 ? w.or([w('family_unit_id', '=', familyUnitId), w('person_id', 'in', [...personIds])]) : w('family_unit_id', '=', familyUnitId)))
      .orderBy('occurred_on', 'desc')
      .limit(500)
      .execute();
  },
};
