// The demo council that `npm start` loads: a synthetic county from `hearth synth`, its people and
// family units, teams, one account per role, and cases in every state so each page has something
// to show. Loading is one transaction and skipped when the council already exists. The casework on
// those cases is recorded afterwards through the services (demo-casework.ts), from the stories
// returned here.
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

/** What happens to one demo case after loading (demo-casework.ts records it through the services). */
export interface DemoCaseStory {
  caseId: string;
  reference: string;
  familyUnitId: string;
  teamId: string;
  keyworkerEmail: string | null;
  openedOn: string;
  status: 'open' | 'awaiting_allocation';
  /** Pat Partner (Riverside Primary School) is in the Team Around the Family. */
  partner: boolean;
  /** When and why the case closes, or null while it stays open. */
  closure: { on: string; reason: 'goals_met' | 'stepped_down' | 'stepped_up' | 'disengaged' } | null;
}

export interface DemoCasework {
  localAuthorityId: string;
  accounts: Record<string, { id: string; teamId: string | null }>;
  stories: DemoCaseStory[];
}

export interface DemoSummary {
  created: boolean;
  people: number;
  families: number;
  cases: number;
  /** The cases loaded and what happens to each (only when the council was created now). */
  casework?: DemoCasework;
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
  const [people, families, members, needs, households, residence, pastNeeds] = await Promise.all([
    readCsv(join(truth, 'people.csv')),
    readCsv(join(truth, 'families.csv')),
    readCsv(join(truth, 'family_members.csv')),
    optional('needs.csv'),
    optional('households.csv'),
    optional('residence.csv'),
    optional('past_needs.csv'),
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

    // Families with the most planted needs become open cases, so the demo shows the families Hearth
    // finds. Families whose needs were planted in the past (and have since gone) become cases that
    // were worked with then and closed, so Prove has outcomes met and sustained to show.
    const pastByFamily = new Map<string, Array<{ from: string; to: string }>>();
    for (const n of pastNeeds) {
      const list = pastByFamily.get(n.family_id ?? '') ?? [];
      list.push({ from: n.from ?? '', to: n.to ?? '' });
      pastByFamily.set(n.family_id ?? '', list);
    }
    const needCount = new Map<string, number>();
    for (const n of needs) if (n.framework === 'sf2022') needCount.set(n.family_id ?? '', (needCount.get(n.family_id ?? '') ?? 0) + 1);
    const ranked = families
      .filter((f) => !pastByFamily.has(f.family_id ?? ''))
      .sort((a, b) => (needCount.get(b.family_id ?? '') ?? 0) - (needCount.get(a.family_id ?? '') ?? 0) || (a.family_id ?? '').localeCompare(b.family_id ?? ''));
    const kim = 'keyworker@demo.hearth.test';
    type Slot = { team: string; keyworker: string | null; status: 'open' | 'awaiting_allocation'; partner?: boolean; opened?: string; closure?: DemoCaseStory['closure'] };
    const plan: Array<Slot & { family: (typeof families)[number] }> = [];
    const current: Slot[] = [
      ...Array.from({ length: 8 }, (_, i) => ({ team: north, keyworker: kim, status: 'open' as const, partner: i < 3 })),
      ...Array.from({ length: 9 }, () => ({ team: north, keyworker: 'keyworker2@demo.hearth.test', status: 'open' as const })),
      ...Array.from({ length: 4 }, () => ({ team: north, keyworker: 'keyworker3@demo.hearth.test', status: 'open' as const })),
      ...Array.from({ length: 6 }, () => ({ team: north, keyworker: null, status: 'awaiting_allocation' as const })),
      ...Array.from({ length: 13 }, () => ({ team: south, keyworker: 'south.keyworker@demo.hearth.test', status: 'open' as const })),
      // Closed in the last few months, each for a different reason.
      { team: north, keyworker: kim, status: 'open', opened: shiftDays(today, -190), closure: { on: shiftDays(today, -40), reason: 'stepped_down' } },
      { team: north, keyworker: kim, status: 'open', opened: shiftDays(today, -230), closure: { on: shiftDays(today, -75), reason: 'stepped_up' } },
      { team: north, keyworker: kim, status: 'open', opened: shiftDays(today, -150), closure: { on: shiftDays(today, -25), reason: 'disengaged' } },
    ];
    for (const [i, slot] of current.entries()) {
      const family = ranked[i];
      if (family) plan.push({ ...slot, family });
    }
    // Worked with about two years ago: opened three weeks after the family had all its needs, closed
    // (goals met) a few weeks after the last of them had gone.
    const holders = [kim, 'keyworker2@demo.hearth.test', 'keyworker3@demo.hearth.test'];
    const pastFamilies = families.filter((f) => pastByFamily.has(f.family_id ?? ''));
    for (const [k, family] of pastFamilies.entries()) {
      const spans = pastByFamily.get(family.family_id ?? '') ?? [];
      const opened = shiftDays(spans.reduce((m, x) => (x.from > m ? x.from : m), ''), 21);
      const resolved = spans.reduce((m, x) => (x.to > m ? x.to : m), '');
      const closed = shiftDays(resolved, 20 + ((k * 11) % 25));
      if (spans.some((x) => x.to <= opened) || closed >= shiftDays(today, -30)) continue;
      plan.push({ team: north, keyworker: holders[k % holders.length] ?? kim, status: 'open', opened, closure: { on: closed, reason: 'goals_met' }, family });
    }

    const stories: DemoCaseStory[] = [];
    for (const [i, slot] of plan.entries()) {
      const opened = slot.opened ?? shiftDays(today, -(20 + ((i * 37) % 300)));
      const keyworker = slot.keyworker ? (users[slot.keyworker] ?? null) : null;
      const caseId = await caseRepository.insert(tx, {
        local_authority_id: laId,
        reference: `CASE-${String(i + 1).padStart(5, '0')}`,
        family_unit_id: familyId(slot.family.family_id ?? ''),
        team_id: slot.team,
        keyworker_id: keyworker,
        status: slot.status,
        tier: slot.team === south ? 'targeted' : 'intensive',
        opened_on: opened,
        allocated_on: keyworker ? opened : null,
        closed_on: null,
      });
      const openedAt = new Date(`${opened}T10:00:00Z`);
      await caseRepository.insertHistory(tx, { local_authority_id: laId, case_id: caseId, kind: 'status', from_value: null, to_value: keyworker ? 'open' : 'awaiting_allocation', note: 'Opened from panel', changed_by: null, changed_at: openedAt });
      if (keyworker) {
        await caseRepository.insertHistory(tx, { local_authority_id: laId, case_id: caseId, kind: 'allocation', from_value: null, to_value: DEMO_ACCOUNTS.find((a) => users[a.email] === keyworker)?.name ?? null, note: null, changed_by: users['manager@demo.hearth.test'] ?? null, changed_at: openedAt });
      }
      if (slot.partner) {
        await caseRepository.insertTafMember(tx, { local_authority_id: laId, case_id: caseId, user_id: users['partner@demo.hearth.test'] ?? null, name: 'Pat Partner', agency: 'Riverside Primary School', role: 'Designated safeguarding lead', from_date: opened, to_date: null });
      }
      stories.push({ caseId, reference: `CASE-${String(i + 1).padStart(5, '0')}`, familyUnitId: familyId(slot.family.family_id ?? ''), teamId: slot.team, keyworkerEmail: slot.keyworker, openedOn: opened, status: slot.status, partner: slot.partner ?? false, closure: slot.closure ?? null });
    }
    const accounts = Object.fromEntries(DEMO_ACCOUNTS.map((a) => [a.email, { id: users[a.email] as string, teamId: a.team === 'north' ? north : a.team === 'south' ? south : null }]));
    return { created: true, people: people.length, families: families.length, cases: stories.length, casework: { localAuthorityId: laId, accounts, stories } };
  });
}

function shiftDays(iso: string, days: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
