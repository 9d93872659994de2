// Builders for test data, written through the same repositories the app uses.
import type { Db } from '../../src/db/database.ts';
import { withSystem, withTenant } from '../../src/db/tenant.ts';
import { hashPassword } from '../../src/auth/password.ts';
import { tenancyRepository } from '../../src/domains/tenancy/tenancy.repository.ts';
import { userRepository } from '../../src/domains/tenancy/user.repository.ts';
import { personRepository } from '../../src/domains/people/person.repository.ts';
import { caseRepository } from '../../src/domains/cases/case.repository.ts';
import type { MembershipRole } from '../../src/domains/people/people.tables.ts';
import type { CaseStatus } from '../../src/domains/cases/case.tables.ts';
import { randomUUID } from 'node:crypto';

export const TEST_PASSWORD = 'correct-horse-battery-staple';
let passwordHash: Promise<string> | null = null;

export interface TestCouncil {
  id: string;
  code: string;
  teamId: string;
  otherTeamId: string;
  users: Record<'keyworker' | 'keyworker2' | 'manager' | 'otherManager' | 'data' | 'partner' | 'admin', { id: string; email: string }>;
}

export async function createCouncil(db: Db, code: string): Promise<TestCouncil> {
  passwordHash ??= hashPassword(TEST_PASSWORD);
  const hash = await passwordHash;
  const id = await withSystem(db, (tx) => tenancyRepository.insertCouncil(tx, { code, name: `${code} Council` }));
  return withTenant(db, id, async (tx) => {
    const teamId = await tenancyRepository.insertTeam(tx, { local_authority_id: id, name: 'Team A', caseload_guidance_min: 1, caseload_guidance_max: 2 });
    const otherTeamId = await tenancyRepository.insertTeam(tx, { local_authority_id: id, name: 'Team B', caseload_guidance_min: 5, caseload_guidance_max: 10 });
    const spec = {
      keyworker: ['keyworker', teamId, null],
      keyworker2: ['keyworker', teamId, null],
      manager: ['team_manager', teamId, null],
      otherManager: ['team_manager', otherTeamId, null],
      data: ['data_manager', null, null],
      partner: ['partner', null, 'Test School'],
      admin: ['administrator', null, null],
    } as const;
    const users = {} as TestCouncil['users'];
    for (const [key, [role, team, organisation]] of Object.entries(spec) as Array<[keyof TestCouncil['users'], readonly [string, string | null, string | null]]>) {
      const email = `${key.toLowerCase()}@${code.toLowerCase()}.test`;
      const userId = await userRepository.insert(tx, { local_authority_id: id, email, display_name: `${key} ${code}`, role, team_id: team, organisation, password_hash: hash });
      users[key] = { id: userId, email };
    }
    return { id, code, teamId, otherTeamId, users };
  });
}

export interface FamilySpec {
  name: string;
  members: Array<{ given: string; family: string; dob: string; role: MembershipRole; from?: string; to?: string | null; personId?: string }>;
  case?: { status: CaseStatus; keyworkerId: string | null; teamId: string; tafUserId?: string };
}

export async function createFamily(db: Db, council: TestCouncil, spec: FamilySpec) {
  return withTenant(db, council.id, async (tx) => {
    const familyId = randomUUID();
    await personRepository.insertFamilies(tx, [{ id: familyId, local_authority_id: council.id, reference: `FAM-${familyId.slice(0, 8)}`, name: spec.name, locality: 'Northtown' }]);
    const personIds: string[] = [];
    for (const m of spec.members) {
      const personId = m.personId ?? randomUUID();
      if (!m.personId) await personRepository.insertPeople(tx, [{ id: personId, local_authority_id: council.id, given_name: m.given, family_name: m.family, date_of_birth: m.dob, sex: null }]);
      await personRepository.insertMemberships(tx, [{ local_authority_id: council.id, family_unit_id: familyId, person_id: personId, role: m.role, from_date: m.from ?? '2020-01-01', to_date: m.to ?? null }]);
      personIds.push(personId);
    }
    let caseId: string | null = null;
    if (spec.case) {
      caseId = await caseRepository.insert(tx, {
        local_authority_id: council.id,
        reference: `CASE-${familyId.slice(0, 8)}`,
        family_unit_id: familyId,
        team_id: spec.case.teamId,
        keyworker_id: spec.case.keyworkerId,
        status: spec.case.status,
        opened_on: '2026-01-05',
      });
      if (spec.case.tafUserId) {
        await caseRepository.insertTafMember(tx, { local_authority_id: council.id, case_id: caseId, user_id: spec.case.tafUserId, name: 'Partner', agency: 'School', role: 'Teacher', from_date: '2026-01-05' });
      }
    }
    return { familyId, personIds, caseId };
  });
}
