// The demo council that `npm start` loads: a synthetic county from `hearth synth`, its people and
// family units, teams, one account per role, and cases in every state so each page has something
// to show. Loading is one transaction and skipped when the council already exists.
import { existsSync } from 'node:fs';
import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse';
import { v5 as uuidv5 } from './uuid.ts';
import type { Db } from '../db/database.ts';
import { withSystem, withTenant } from '../db/tenant.ts';
import { hashPassword } from '../auth/password.ts';
import { caseRepository } from '../domains/cases/case.repository.ts';
import { personRepository } from '../domains/people/person.repository.ts';
import type { MembershipRole } from '../domains/people/people.tables.ts';
import { tenancyRepository } from '../domains/tenancy/tenancy.repository.ts';
import { userRepository } from '../domains/tenancy/user.repository.ts';

export const DEMO_COUNCIL_CODE = 'DEMO';
export const DEMO_PASSWORD = 'hearth-demo-2026';
export const DEMO_ACCOUNTS = [
  { email: 'keyworker@demo.hearth.test', name: 'Kim Keyworker', role: 'keyworker', team: 'north' },
  { email: 'keyworker2@demo.hearth.test', name: 'Sam Okafor', role: 'keyworker', team: 'north' },
  { email: 'keyworker3@demo.hearth.test', name: 'Priya Shah', role: 'keyworker', team: 'north' },
  { email: 'manager@demo.hearth.test', name: 'Morgan Manager', role: 'team_manager', team: 'north' },
  { email: 'south.keyworker@demo.hearth.test', name: 'Dee Evans', role: 'keyworker', team: 'south' },
  { email: 'data@demo.hearth.test', name: 'Dana Data', role: 'data_manager', team: null },
  { email: 'partner@demo.hearth.test', name: 'Pat Partner', role: 'partner', team: null, organisation: 'Riverside Primary School' },
  { email: 'admin@demo.hearth.test', name: 'Alex Admin', role: 'administrator', team: null },
] as const;

async function readCsv(file: string): Promise<Array<Record<string, string>>> {
  const rows: Array<Record<string, string>> = [];
  const parser = createReadStream(file).pipe(parse({ columns: true, skip_empty_lines: true, relax_column_count: true }));
  for await (const row of parser) rows.push(row as Record<string, string>);
  return rows;
}

// Synth's family roles onto Hearth's: a step-parent cares for the children; a parent living
// elsewhere is still the children's parent in each of their family units.
const ROLE_MAP: Record<string, MembershipRole> = {
  parent: 'parent',
  non_resident_parent: 'parent',
  step_parent: 'carer',
  carer: 'carer',
  child: 'child',
  other_adult: 'other_adult',
  expected_child: 'expected_child',
};

export interface DemoSummary {
  created: boolean;
  people: number;
  families: number;
  cases: number;
}

/** Loads the demo council from a `hearth synth` output folder (its truth/ files). */
export async function loadDemoCouncil(db: Db, synthDir: string, today: string): Promise<DemoSummary> {
  const existing = await withSystem(db, (tx) => tenancyRepository.findCouncilByCode(tx, DEMO_COUNCIL_CODE));
  if (existing) return { created: false, people: 0, families: 0, cases: 0 };
  const truth = join(synthDir, 'truth');
  for (const file of ['people.csv', 'families.csv', 'family_members.csv']) {
    if (!existsSync(join(truth, file))) throw new Error(`Demo data is missing ${join(truth, file)}; run hearth synth first`);
  }
  const optional = (file: string) => (existsSync(join(truth, file)) ? readCsv(join(truth, file)) : Promise.resolve([]));
  const [people, families, members, needs, households, residence] = await Promise.all([
    readCsv(join(truth, 'people.csv')),
    readCsv(join(truth, 'families.csv')),
    readCsv(join(truth, 'family_members.csv')),
    optional('needs.csv'),
    optional('households.csv'),
    optional('residence.csv'),
  ]);
  const passwordHash = await hashPassword(DEMO_PASSWORD);

  const laId = await withSystem(db, (tx) => tenancyRepository.insertCouncil(tx, { code: DEMO_COUNCIL_CODE, name: 'Demo County Council' }));
  return withTenant(db, laId, async (tx) => {
    const north = await tenancyRepository.insertTeam(tx, { local_authority_id: laId, name: 'North Family Support', caseload_guidance_min: 5, caseload_guidance_max: 10 });
    const south = await tenancyRepository.insertTeam(tx, { local_authority_id: laId, name: 'South Targeted Support', caseload_guidance_min: 12, caseload_guidance_max: 15 });
    const users: Record<string, string> = {};
    for (const account of DEMO_ACCOUNTS) {
      users[account.email] = await userRepository.insert(tx, {
        local_authority_id: laId,
        email: account.email,
        display_name: account.name,
        role: account.role,
        team_id: account.team === 'north' ? north : account.team === 'south' ? south : null,
        organisation: 'organisation' in account ? account.organisation : null,
        password_hash: passwordHash,
      });
    }

    const personId = (truthId: string) => uuidv5(`person:${truthId}`, laId);
    const familyId = (truthId: string) => uuidv5(`family:${truthId}`, laId);
    const household = new Map(households.map((h) => [h.household_id, h]));
    const personById = new Map(people.map((p) => [p.person_id, p]));
    const currentHome = new Map(residence.filter((r) => !r.to).map((r) => [r.person_id, r.household_id]));
    const lead = new Map<string, string>();
    for (const m of members) {
      if (!m.to && (m.role === 'parent' || m.role === 'step_parent') && !lead.has(m.family_id ?? '')) lead.set(m.family_id ?? '', m.person_id ?? '');
    }
    const sex = (s: string | undefined) => (s === 'M' || s === 'F' ? s : null);
    await personRepository.insertPeople(
      tx,
      people.map((p) => ({
        id: personId(p.person_id ?? ''),
        local_authority_id: laId,
        given_name: p.given_name ?? '',
        family_name: p.family_name ?? '',
        date_of_birth: p.date_of_birth || null,
        sex: sex(p.sex),
        nhs_number: p.nhs_number || null,
        upn: p.upn || null,
        ni_number: p.ni_number || null,
      })),
    );
    await personRepository.insertFamilies(
      tx,
      families.map((f, i) => {
        const leadPerson = personById.get(lead.get(f.family_id ?? '') ?? '');
        const home = household.get(currentHome.get(leadPerson?.person_id ?? '') ?? '');
        return {
          id: familyId(f.family_id ?? ''),
          local_authority_id: laId,
          reference: `FAM-${String(i + 1).padStart(6, '0')}`,
          name: `${leadPerson?.family_name ?? 'Unnamed'} family`,
          locality: home?.locality || null,
          address: home?.address || null,
          postcode: home?.postcode || null,
        };
      }),
    );
    await personRepository.insertMemberships(
      tx,
      members
        .filter((m) => ROLE_MAP[m.role ?? ''])
        .map((m) => ({
          local_authority_id: laId,
          family_unit_id: familyId(m.family_id ?? ''),
          person_id: personId(m.person_id ?? ''),
          role: ROLE_MAP[m.role ?? ''] as MembershipRole,
          from_date: m.from || m.from_date || '2000-01-01',
          to_date: m.to || m.to_date || null,
        })),
    );

    // Families with the most planted needs become cases, so the demo shows the families Hearth finds.
    const needCount = new Map<string, number>();
    for (const n of needs) if (n.framework === 'sf2022') needCount.set(n.family_id ?? '', (needCount.get(n.family_id ?? '') ?? 0) + 1);
    const ranked = [...families].sort((a, b) => (needCount.get(b.family_id ?? '') ?? 0) - (needCount.get(a.family_id ?? '') ?? 0) || (a.family_id ?? '').localeCompare(b.family_id ?? ''));
    const plan: Array<{ team: string; keyworker: string | null; status: 'open' | 'awaiting_allocation' | 'closed'; partner?: boolean }> = [
      ...Array.from({ length: 8 }, (_, i) => ({ team: north, keyworker: users['keyworker@demo.hearth.test'] ?? null, status: 'open' as const, partner: i < 3 })),
      ...Array.from({ length: 9 }, () => ({ team: north, keyworker: users['keyworker2@demo.hearth.test'] ?? null, status: 'open' as const })),
      ...Array.from({ length: 4 }, () => ({ team: north, keyworker: users['keyworker3@demo.hearth.test'] ?? null, status: 'open' as const })),
      ...Array.from({ length: 6 }, () => ({ team: north, keyworker: null, status: 'awaiting_allocation' as const })),
      ...Array.from({ length: 13 }, () => ({ team: south, keyworker: users['south.keyworker@demo.hearth.test'] ?? null, status: 'open' as const })),
      ...Array.from({ length: 3 }, () => ({ team: north, keyworker: users['keyworker@demo.hearth.test'] ?? null, status: 'closed' as const })),
    ];
    let caseCount = 0;
    for (const [i, slot] of plan.entries()) {
      const family = ranked[i];
      if (!family) break;
      const opened = shiftDays(today, -(20 + ((i * 37) % 300)));
      const caseId = await caseRepository.insert(tx, {
        local_authority_id: laId,
        reference: `CASE-${String(i + 1).padStart(5, '0')}`,
        family_unit_id: familyId(family.family_id ?? ''),
        team_id: slot.team,
        keyworker_id: slot.keyworker,
        status: slot.status,
        tier: slot.team === south ? 'targeted' : 'intensive',
        opened_on: opened,
        closed_on: slot.status === 'closed' ? shiftDays(today, -5) : null,
      });
      caseCount++;
      await caseRepository.insertHistory(tx, { local_authority_id: laId, case_id: caseId, kind: 'status', from_value: null, to_value: slot.keyworker ? 'open' : 'awaiting_allocation', note: 'Opened from panel', changed_by: null });
      if (slot.keyworker) {
        await caseRepository.insertHistory(tx, { local_authority_id: laId, case_id: caseId, kind: 'allocation', from_value: null, to_value: DEMO_ACCOUNTS.find((a) => users[a.email] === slot.keyworker)?.name ?? null, note: null, changed_by: users['manager@demo.hearth.test'] ?? null });
      }
      if (slot.status === 'closed') {
        await caseRepository.insertHistory(tx, { local_authority_id: laId, case_id: caseId, kind: 'status', from_value: 'open', to_value: 'closed', note: 'Goals met', changed_by: slot.keyworker });
      }
      if (slot.partner) {
        await caseRepository.insertTafMember(tx, { local_authority_id: laId, case_id: caseId, user_id: users['partner@demo.hearth.test'] ?? null, name: 'Pat Partner', agency: 'Riverside Primary School', role: 'Designated safeguarding lead', from_date: opened, to_date: null });
      }
    }
    return { created: true, people: people.length, families: families.length, cases: caseCount };
  });
}

function shiftDays(iso: string, days: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
