import { recordScope, type RequestContext } from '../../auth/permissions.ts';
import type { Db } from '../../db/database.ts';
import { randomUUID } from 'node:crypto';
import { withTenant, type Tx } from '../../db/tenant.ts';
import { NotFoundError } from '../../platform/errors.ts';
import { isUuid } from '../../platform/ids.ts';
import { isoDate, type Clock } from '../../platform/clock.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { caseRepository } from '../cases/case.repository.ts';
import { familyRepository, type FamilySearch } from './family.repository.ts';
import { personRepository } from './person.repository.ts';
import { partnerVisiblePersonIds } from '../consent/consent.service.ts';

export function createFamilyService(db: Db, audit: AuditService, clock: Clock) {
  return {
    /** A family's record: members, cases and each case's history. Every read is audited. */
    async getFamilyRecord(ctx: RequestContext, familyUnitId: string) {
      if (!isUuid(familyUnitId)) throw new NotFoundError('Family');
      return withTenant(db, ctx.actor.localAuthorityId, async (tx) => {
        const today = isoDate(clock.now());
        const family = await familyRepository.findVisible(tx, recordScope(ctx.actor), today, familyUnitId);
        if (!family) throw new NotFoundError('Family');
        const [allMembers, cases] = await Promise.all([familyRepository.members(tx, family.id), caseRepository.forFamily(tx, family.id)]);
        // Partners see only the people who consented to share with their service (issue 7).
        const shared = await partnerVisiblePersonIds(tx, ctx.actor, family.id, today);
        const members = shared ? allMembers.filter((m) => shared.has(m.person_id)) : allMembers;
        const histories = await Promise.all(cases.map((c) => caseRepository.history(tx, c.id)));
        await audit.record(tx, ctx, { action: 'family.read', subjectType: 'family_unit', subjectId: family.id, details: { reference: family.reference } });
        return {
          family,
          members: members.map((m) => ({ ...m, current: m.to_date === null || m.to_date >= today })),
          cases: cases.map((c, i) => ({ ...c, history: histories[i] ?? [] })),
        };
      });
    },

    async search(ctx: RequestContext, search: FamilySearch) {
      return withTenant(db, ctx.actor.localAuthorityId, async (tx) => {
        const result = await familyRepository.search(tx, recordScope(ctx.actor), isoDate(clock.now()), search);
        if (search.text) await audit.record(tx, ctx, { action: 'family.search', subjectType: 'family_unit', details: { text: search.text, results: result.total } });
        return result;
      });
    },
  };
}

export type FamilyService = ReturnType<typeof createFamilyService>;

/**
 * A family the front door has not met before: a family unit with its lead person, inside the
 * caller's transaction (used by the referrals service when triage opens a case).
 */
export async function registerFamilyInTx(
  tx: Tx,
  localAuthorityId: string,
  input: { name: string; address: string | null; postcode: string | null; lead: { givenName: string; familyName: string; dateOfBirth: string | null }; fromDate: string },
): Promise<{ familyUnitId: string; personId: string }> {
  const familyUnitId = randomUUID();
  const personId = randomUUID();
  await personRepository.insertPeople(tx, [{ id: personId, local_authority_id: localAuthorityId, given_name: input.lead.givenName, family_name: input.lead.familyName, date_of_birth: input.lead.dateOfBirth, sex: null }]);
  await personRepository.insertFamilies(tx, [{ id: familyUnitId, local_authority_id: localAuthorityId, reference: `FAM-R${familyUnitId.slice(0, 8).toUpperCase()}`, name: input.name, locality: null, address: input.address, postcode: input.postcode }]);
  await personRepository.insertMemberships(tx, [{ local_authority_id: localAuthorityId, family_unit_id: familyUnitId, person_id: personId, role: 'parent', from_date: input.fromDate, to_date: null }]);
  return { familyUnitId, personId };
}
