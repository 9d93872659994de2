// A large synthetic population for the Prove benchmarks, written with set-based SQL so that
// 100,000 family units with three years of events load in seconds: each family has two adults and
// one or two children, a case (attachment) in 2023 closed for four in five families, and events of
// the kinds the 2022 framework reads (benefit spells, domestic abuse, ASB, mental health, social care,
// school attendance) from 2022 to mid-2025, so needs are found at attachment and many are met later.
import { sql } from 'kysely';
import type { Db } from '../src/db/database.ts';
import { withTenant } from '../src/db/tenant.ts';

export async function generatePopulation(db: Db, council: { id: string; teamId: string; keyworkerId: string }, families: number): Promise<{ people: number; events: number }> {
  const la = council.id;
  await withTenant(db, la, async (tx) => {
    await sql`insert into family_unit (local_authority_id, id, reference, name, locality)
      select ${la}::uuid, md5('f' || g)::uuid, 'BF-' || lpad(g::text, 7, '0'), 'Family ' || g, 'Benchtown' from generate_series(1, ${families}) g`.execute(tx);
    // Persons: k = 1..4 per family (1, 2 adults; 3 child; 4 second child for half the families).
    await sql`insert into person (local_authority_id, id, given_name, family_name, date_of_birth, sex)
      select ${la}::uuid, md5('p' || g || '-' || k)::uuid, 'P' || k, 'Family' || g,
        case when k <= 2 then date '1980-01-01' + ((g * 7 + k * 131) % 5000) else date '2010-01-01' + ((g * 13 + k * 17) % 3000) end,
        case when k % 2 = 0 then 'F' else 'M' end
      from generate_series(1, ${families}) g, generate_series(1, 4) k where k < 4 or g % 2 = 0`.execute(tx);
    await sql`insert into membership (local_authority_id, family_unit_id, person_id, role, from_date)
      select ${la}::uuid, md5('f' || g)::uuid, md5('p' || g || '-' || k)::uuid, case when k <= 2 then 'parent' else 'child' end, date '2015-01-01'
      from generate_series(1, ${families}) g, generate_series(1, 4) k where k < 4 or g % 2 = 0`.execute(tx);
    // One father in every 50 families is also a parent in the next family (a person in two family units).
    await sql`insert into membership (local_authority_id, family_unit_id, person_id, role, from_date)
      select ${la}::uuid, md5('f' || (g + 1))::uuid, md5('p' || g || '-1')::uuid, 'parent', date '2015-01-01'
      from generate_series(1, ${families} - 1) g where g % 50 = 0`.execute(tx);
    await sql`insert into support_case (local_authority_id, reference, family_unit_id, team_id, keyworker_id, status, opened_on, closed_on)
      select ${la}::uuid, 'BC-' || lpad(g::text, 7, '0'), md5('f' || g)::uuid, ${council.teamId}::uuid, ${council.keyworkerId}::uuid,
        case when g % 5 = 0 then 'open' else 'closed' end,
        date '2023-01-02' + (g % 360),
        case when g % 5 = 0 then null else date '2023-01-02' + (g % 360) + 150 + (g % 250) end
      from generate_series(1, ${families}) g`.execute(tx);
    const ev = (select: string) => sql.raw(`insert into event (local_authority_id, type, occurred_on, ended_on, person_id, origin, attributes) ${select.replaceAll(':la', `'${la}'::uuid`)}`).execute(tx);
    // Adults: an out-of-work benefit spell from 2022, ended for two in three.
    await ev(`select :la, 'dwp.out_of_work_benefit', date '2022-03-01' + (g % 300), case when g % 3 = 0 then null else date '2023-06-01' + (g % 500) end, md5('p' || g || '-1')::uuid, 'import', '{"benefit":"Employment and Support Allowance"}'::jsonb from generate_series(1, ${families}) g`);
    // Domestic abuse incidents for the second adult in half the families, one or two.
    await ev(`select :la, 'police.domestic_abuse_incident', date '2022-06-01' + (g % 500) + k * 200, null, md5('p' || g || '-2')::uuid, 'import', '{"role":"victim","risk":"medium"}'::jsonb from generate_series(1, ${families}) g, generate_series(0, 1) k where g % 2 = 1 and (k = 0 or g % 6 = 1)`);
    // ASB as a suspect for the first adult in a third of families: three incidents.
    await ev(`select :la, 'police.asb_incident', date '2022-04-01' + (g % 400) + k * 90, null, md5('p' || g || '-1')::uuid, 'import', '{"role":"suspect","outcome":"community resolution"}'::jsonb from generate_series(1, ${families}) g, generate_series(0, 2) k where g % 3 = 0`);
    // Mental health episodes for the first child in two in five families.
    await ev(`select :la, 'health.mental_health_contact', date '2022-05-01' + (g % 400), date '2022-05-01' + (g % 400) + 200 + (g % 300), md5('p' || g || '-3')::uuid, 'import', '{"team":"CAMHS","contacts":6}'::jsonb from generate_series(1, ${families}) g where g % 5 in (1, 3)`);
    // Child in need episodes for one in seven.
    await ev(`select :la, 'csc.child_in_need', date '2022-08-01' + (g % 300), date '2022-08-01' + (g % 300) + 240, md5('p' || g || '-3')::uuid, 'import', '{"primary_need":"N1"}'::jsonb from generate_series(1, ${families}) g where g % 7 = 0`);
    // School attendance: nine terms for every first child, absence falling over time for most.
    await ev(`select :la, 'school.attendance', t.start, t.finish, md5('p' || g || '-3')::uuid, 'import',
        jsonb_build_object('term', t.term, 'sessions_possible', 120, 'sessions_missed', greatest(0, (g % 30) - t.n * (g % 4)), 'sessions_unauthorised', greatest(0, (g % 12) - t.n))
      from generate_series(1, ${families}) g,
      (values (0, date '2022-09-01', date '2022-12-20', '2022-autumn'), (1, date '2023-01-04', date '2023-03-31', '2023-spring'), (2, date '2023-04-17', date '2023-07-21', '2023-summer'),
              (3, date '2023-09-04', date '2023-12-20', '2023-autumn'), (4, date '2024-01-04', date '2024-03-28', '2024-spring'), (5, date '2024-04-15', date '2024-07-19', '2024-summer'),
              (6, date '2024-09-02', date '2024-12-20', '2024-autumn'), (7, date '2025-01-06', date '2025-03-31', '2025-spring')) as t(n, start, finish, term)`);
  });
  const counts = await withTenant(db, la, async (tx) => ({
    people: Number((await sql<{ n: number }>`select count(*) as n from person`.execute(tx)).rows[0]?.n ?? 0),
    events: Number((await sql<{ n: number }>`select count(*) as n from event`.execute(tx)).rows[0]?.n ?? 0),
  }));
  await sql`analyze`.execute(db);
  return counts;
}
