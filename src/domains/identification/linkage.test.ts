// The database-backed linkage on a small synthetic county (PGlite, or the server when DATABASE_URL
// is set): known people from synth truth, every synth source imported, then linked incrementally;
// decisions bind later runs; split and merge are audited; another council sees none of it.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { parse } from 'csv-parse/sync';
import { createTestContainer, type TestContainer } from '../../../test/support/database.ts';
import { createCouncil, createFamily, type TestCouncil } from '../../../test/support/factories.ts';
import { permissionsFor, type RequestContext } from '../../auth/permissions.ts';
import { withTenant } from '../../db/tenant.ts';
import { personRepository } from '../people/person.repository.ts';
import { importSynthDeliveries } from '../datasets/synth-deliveries.ts';
import { registerJobs } from '../../app/jobs.ts';
import { LINK_JOB } from './linkage.service.ts';

let t: TestContainer;
let council: TestCouncil;
let other: TestCouncil;
const dir = mkdtempSync(join(tmpdir(), 'hearth-linkage-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const personOfTruth = new Map<string, string>();
/** truth person id per (source, record key) */
const truthOf = new Map<string, string>();

function ctx(c: TestCouncil = council): RequestContext {
  return { actor: { id: c.users.data.id, localAuthorityId: c.id, displayName: 'Dana', email: c.users.data.email, role: 'data_manager', teamId: null, organisation: null, permissions: permissionsFor('data_manager') }, correlationId: 'linkage-test' };
}

const svc = () => t.container.services.linkage;
const q = <T>(query: string, c: TestCouncil = council) => withTenant(t.container.database.db, c.id, async (tx) => (await sql.raw<T>(query).execute(tx)).rows);

before(async () => {
  const synth = await import('../../cli/synth.ts');
  assert.equal(await synth.default(['--people', '300', '--seed', 'linkage', '--out', dir, '--quiet']), 0);
  t = await createTestContainer();
  registerJobs(t.container);
  const db = t.container.database.db;
  council = await createCouncil(db, 'LNK');
  other = await createCouncil(db, 'LNO');
  const people = parse(readFileSync(join(dir, 'truth', 'people.csv')), { columns: true }) as Array<Record<string, string>>;
  for (const r of parse(readFileSync(join(dir, 'truth', 'records.csv')), { columns: true }) as Array<Record<string, string>>) truthOf.set(`${r.source}|${r.record_id}`, r.person_id ?? '');
  // the known people: four in five of synth's people (the rest must become new people)
  const knownPeople = people.filter((_, i) => i % 5 !== 0);
  await withTenant(db, council.id, (tx) => personRepository.insertPeople(tx, knownPeople.map((p) => {
    const id = randomUUID();
    personOfTruth.set(p.person_id ?? '', id);
    return { id, local_authority_id: council.id, given_name: p.given_name ?? '', family_name: p.family_name ?? '', date_of_birth: p.date_of_birth || null, sex: p.sex === 'M' || p.sex === 'F' ? p.sex : null, nhs_number: p.nhs_number || null, upn: p.upn || null, ni_number: p.ni_number || null };
  })));
  await importSynthDeliveries(t.container, council.id, dir);
});
after(async () => {
  await t.close();
});

void test('the first run links every record, most to the people already known, and gives their events a person', async () => {
  // An import keeps each record's event on the record; none is in `event` before linkage.
  const before = await q<{ n: number }>('select count(*)::int as n from event where source_record_id is not null');
  assert.equal(before[0]?.n, 0);
  const result = await svc().runLinkage(council.id, { mode: 'incremental', requestedBy: council.users.data.id });
  const records = await q<{ n: number }>('select count(*)::int as n from source_record');
  assert.equal(result.linksWritten, records[0]?.n);
  assert.equal(result.recordsIncoming, records[0]?.n);
  assert.ok(result.peopleCreated > 0, 'the unknown fifth become new people');
  assert.ok((result.byRoute.nhs_number ?? 0) + (result.byRoute.upn ?? 0) + (result.byRoute.ni_number ?? 0) > 0, JSON.stringify(result.byRoute));
  assert.ok((result.byRoute.probabilistic ?? 0) > 0, JSON.stringify(result.byRoute));
  // every record's event is now in `event`, with the person the record is linked to
  const [placed] = await q<{ records: number; events: number; astray: number }>(`
    select (select count(*)::int from source_record where event_type is not null) as records,
           (select count(*)::int from event e join source_record sr on sr.id = e.source_record_id
             where e.id = sr.id and e.type = sr.event_type and e.occurred_on = sr.event_on and e.attributes = sr.event_values::jsonb and e.origin = 'import') as events,
           (select count(*)::int from event e left join person_link pl on pl.source_record_id = e.source_record_id where e.source_record_id is not null and e.person_id is distinct from pl.person_id) as astray`);
  assert.ok((placed?.records ?? 0) > 0);
  assert.equal(placed?.events, placed?.records);
  assert.equal(placed?.astray, 0);
  // against synth truth: records of known people land on that person
  const links = await q<{ source: string; record_key: string; person_id: string }>('select ds.name as source, sr.record_key, pl.person_id from person_link pl join source_record sr on sr.id = pl.source_record_id join data_source ds on ds.id = sr.data_source_id');
  let right = 0;
  let knownRecords = 0;
  for (const l of links) {
    const truth = truthOf.get(`${l.source}|${l.record_key}`);
    const expected = truth ? personOfTruth.get(truth) : undefined;
    if (!expected) continue;
    knownRecords++;
    if (expected === l.person_id) right++;
  }
  assert.ok(knownRecords > 200, `known records ${knownRecords}`);
  assert.ok(right / knownRecords > 0.93, `${right} of ${knownRecords} linked to the right known person`);
  const run = await svc().run(ctx(), result.runId);
  assert.equal(run.run.status, 'succeeded');
  assert.ok(run.histogram.reduce((a, b) => a + b.count, 0) > 0);
  assert.ok(run.run.households > 0);
  const audit = await q<{ n: number }>("select count(*)::int as n from audit_event where action = 'linkage.run'");
  assert.equal(audit[0]?.n, 1);
});

void test('a second run has nothing new; a new delivery links against the known people only', async () => {
  const again = await svc().runLinkage(council.id, { mode: 'incremental', requestedBy: null });
  assert.equal(again.recordsIncoming, 0);
  assert.equal(again.linksWritten, 0);
  const households = await q<{ n: number }>('select count(distinct household)::int as n from linkage_household');
  assert.ok((households[0]?.n ?? 0) > 0, 'a run with nothing to link keeps the households');
  // a new record for a known person (typo in the name), and one for nobody known
  const [known] = await q<{ id: string; given_name: string; family_name: string; date_of_birth: string; nhs_number: string | null }>("select id, given_name, family_name, date_of_birth::text as date_of_birth, nhs_number from person where date_of_birth is not null order by id limit 1");
  assert.ok(known);
  const ids = await withTenant(t.container.database.db, council.id, async (tx) => {
    const src = await tx.insertInto('data_source').values({ local_authority_id: council.id, name: 'new_feed', organisation: 'New feed', kind: 'test' }).returning('id').executeTakeFirstOrThrow();
    const run = await tx.insertInto('import_run').values({ local_authority_id: council.id, data_source_id: src.id, status: 'succeeded' }).returning('id').executeTakeFirstOrThrow();
    const base = { local_authority_id: council.id, data_source_id: src.id, import_run_id: run.id, raw: '{}' };
    const a = await tx.insertInto('source_record').values({ ...base, record_key: 'N1', row_number: 2, given_name: `${known.given_name}`, family_name: `${known.family_name}`, date_of_birth: known.date_of_birth, nhs_number: known.nhs_number }).returning('id').executeTakeFirstOrThrow();
    const b = await tx.insertInto('source_record').values({ ...base, record_key: 'N2', row_number: 3, given_name: 'Xanthe', family_name: 'Quillfeather', date_of_birth: '1961-02-03', postcode: 'ZZ9 9ZZ', event_type: 'test.other', event_on: '2025-02-01', event_end: '2025-03-01', event_values: '{"n":2}' }).returning('id').executeTakeFirstOrThrow();
    // a record's event already in `event` (as imports before 2026-11-24 left them) moves to the person
    await tx.insertInto('event').values({ local_authority_id: council.id, type: 'test.thing', occurred_on: '2025-01-01', source_record_id: a.id, origin: 'import', attributes: '{}' }).execute();
    return [a.id, b.id];
  });
  const result = await svc().runLinkage(council.id, { mode: 'incremental', requestedBy: null });
  assert.equal(result.recordsIncoming, 2);
  assert.equal(result.peopleCreated, 1);
  const links = await q<{ source_record_id: string; person_id: string; route: string }>(`select source_record_id, person_id, route from person_link where source_record_id in ('${ids[0]}', '${ids[1]}')`);
  assert.equal(links.find((l) => l.source_record_id === ids[0])?.person_id, known.id);
  assert.notEqual(links.find((l) => l.source_record_id === ids[1])?.person_id, known.id);
  const ev = await q<{ person_id: string; changed: boolean }>(`select person_id, changed_at is not null as changed from event where source_record_id = '${ids[0]}'`);
  assert.deepEqual(ev, [{ person_id: known.id, changed: true }], 'a move to the person is a change to their data');
  // a record's event kept on the record joins `event` with the new person
  const added = await q<{ id: string; type: string; occurred_on: string; ended_on: string; person_id: string; attributes: unknown }>(`select id, type, occurred_on::text, ended_on::text, person_id, attributes from event where source_record_id = '${ids[1]}'`);
  assert.deepEqual(added, [{ id: ids[1], type: 'test.other', occurred_on: '2025-02-01', ended_on: '2025-03-01', person_id: links.find((l) => l.source_record_id === ids[1])?.person_id, attributes: { n: 2 } }]);
  // it became the person's data now, though it arrived with its record earlier
  const [stamps] = await q<{ arrived_first: boolean; changed_recently: boolean }>(`select created_at < changed_at as arrived_first, changed_at > now() - interval '1 hour' as changed_recently from event where source_record_id = '${ids[1]}'`);
  assert.deepEqual(stamps, { arrived_first: true, changed_recently: true });
});

void test('an event notes when it changes, and only when a value really changes', async () => {
  const [e] = await q<{ id: string }>("select id from event where origin = 'import' and person_id is not null order by id limit 1");
  assert.ok(e);
  const changedAt = async () => (await q<{ at: string | null }>(`select changed_at::text as at from event where id = '${e.id}'`))[0]?.at ?? null;
  await withTenant(t.container.database.db, council.id, (tx) => sql`update event set changed_at = null where id = ${e.id}::uuid`.execute(tx));
  await withTenant(t.container.database.db, council.id, (tx) => sql`update event set occurred_on = occurred_on, attributes = attributes where id = ${e.id}::uuid`.execute(tx));
  assert.equal(await changedAt(), null, 'the same values again are not a change');
  await withTenant(t.container.database.db, council.id, (tx) => sql`update event set attributes = attributes || '{"corrected": 1}'::jsonb where id = ${e.id}::uuid`.execute(tx));
  assert.notEqual(await changedAt(), null);
});

void test('a corrected record is linked again (the job dataset corrections enqueue)', async () => {
  const [target] = await q<{ id: string; given_name: string; family_name: string; date_of_birth: string; nhs_number: string | null; upn: string | null; ni_number: string | null }>(
    "select id, given_name, family_name, date_of_birth::text as date_of_birth, nhs_number, upn, ni_number from person where nhs_number is not null and date_of_birth is not null order by id desc limit 1");
  const [record] = await q<{ id: string; person_id: string }>(`select source_record_id as id, person_id from person_link where decided_by is null and person_id <> '${target!.id}' and route = 'upn' order by source_record_id limit 1`);
  assert.ok(target && record);
  await withTenant(t.container.database.db, council.id, (tx) => tx.updateTable('source_record')
    .set({ given_name: target.given_name, family_name: target.family_name, date_of_birth: target.date_of_birth, nhs_number: target.nhs_number, upn: null, ni_number: target.ni_number, uprn: null, address: null, postcode: null })
    .where('id', '=', record.id).execute());
  const jobId = await withTenant(t.container.database.db, council.id, (tx) => t.container.queue.enqueue(tx, { localAuthorityId: council.id, name: LINK_JOB, payload: { sourceRecordIds: [record.id], reason: 'correction' }, createdBy: council.users.data.id }));
  await t.container.queue.drain();
  assert.equal((await t.container.queue.status(council.id, jobId))?.status, 'succeeded');
  const [link] = await q<{ person_id: string }>(`select person_id from person_link where source_record_id = '${record.id}'`);
  assert.equal(link?.person_id, target.id);
});

void test('review decisions are kept with the reviewer and respected by a full run', async () => {
  const queue = await svc().reviewQueue(ctx(), 'pending', { limit: 50, offset: 0 });
  assert.ok(queue.pairs.length >= 2, `pending pairs ${queue.pairs.length}`);
  // most uncertain first: |weight| ascending
  for (let i = 1; i < queue.pairs.length; i++) assert.ok(Math.abs(queue.pairs[i - 1]!.match_weight) <= Math.abs(queue.pairs[i]!.match_weight) + 1e-9);
  const [first, second] = queue.pairs as [typeof queue.pairs[0], typeof queue.pairs[0]];
  const detail = await svc().reviewPair(ctx(), first.id);
  assert.equal(detail.fields.length, 10);
  assert.ok(Math.abs(detail.explanation.prior + detail.explanation.fields.reduce((a, f) => a + f.weight, 0) - detail.explanation.matchWeight) < 1e-6 || detail.explanation.guard !== '');
  await assert.rejects(svc().decide(ctx(), first.id, ''), /Validation/);
  const decided = await svc().decide(ctx(), first.id, 'non_match');
  assert.ok(decided.next && decided.next !== first.id);
  const matched = await svc().decide(ctx(), second.id, 'match');
  assert.equal(matched.moved, true);
  const pairs = await q<{ id: string; record_id: string; other_record_id: string | null; other_person_id: string | null; status: string; decided_by: string }>(`select id, record_id, other_record_id, other_person_id, status, decided_by from review_pair where id in ('${first.id}', '${second.id}')`);
  assert.ok(pairs.every((p) => p.decided_by === council.users.data.id));
  const personOf = async (p: { record_id: string; other_record_id: string | null; other_person_id: string | null }) => {
    const rows = await q<{ a: string; b: string }>(`select (select person_id from person_link where source_record_id = '${p.record_id}') as a, coalesce(${p.other_person_id ? `'${p.other_person_id}'::uuid` : 'null'}, (select person_id from person_link where source_record_id = ${p.other_record_id ? `'${p.other_record_id}'` : 'null'})) as b`);
    return rows[0]!;
  };
  const full = await svc().runLinkage(council.id, { mode: 'full', requestedBy: null });
  assert.ok(full.recordsIncoming > 100);
  const no = pairs.find((p) => p.id === first.id)!;
  const yes = pairs.find((p) => p.id === second.id)!;
  const n = await personOf(no);
  assert.notEqual(n.a, n.b, 'a "not a match" pair stays apart after a full run');
  const y = await personOf(yes);
  assert.equal(y.a, y.b, 'a "match" pair stays together after a full run');
  const audit = await q<{ n: number }>("select count(*)::int as n from audit_event where action = 'linkage.pair.decide'");
  assert.equal(audit[0]?.n, 2);
});

void test('split and merge move links, events and memberships, with an audit trail', async () => {
  const [p] = await q<{ person_id: string; n: number }>('select person_id, count(*)::int as n from person_link group by person_id having count(*) >= 3 order by person_id limit 1');
  assert.ok(p);
  const view = await svc().person(ctx(), p.person_id);
  assert.equal(view.records.length, p.n);
  assert.ok(view.records.every((r) => r.route));
  const readAudit = await q<{ n: number }>(`select count(*)::int as n from audit_event where action = 'person.read' and subject_id = '${p.person_id}'`);
  assert.equal(readAudit[0]?.n, 1);
  await assert.rejects(svc().split(ctx(), p.person_id, [], 'x'), /Validation/);
  await assert.rejects(svc().split(ctx(), p.person_id, view.records.map((r) => r.id), 'all of them'), /Validation/);
  const moving = view.records[0]!.id;
  const { newPersonId } = await svc().split(ctx(), p.person_id, [moving], 'Different date of birth on the school record');
  const link = await q<{ person_id: string; route: string; decided_by: string }>(`select person_id, route, decided_by from person_link where source_record_id = '${moving}'`);
  assert.deepEqual(link[0], { person_id: newPersonId, route: 'manual', decided_by: council.users.data.id });
  const ev = await q<{ n: number }>(`select count(*)::int as n from event where source_record_id = '${moving}' and person_id <> '${newPersonId}'`);
  assert.equal(ev[0]?.n, 0);
  // a family for the original person, then merge the split-off person back into it
  const fam = await createFamily(t.container.database.db, council, { name: 'Merge family', members: [{ given: 'Kid', family: 'Merge', dob: '2015-01-01', role: 'child' }] });
  await withTenant(t.container.database.db, council.id, (tx) => personRepository.insertMemberships(tx, [{ local_authority_id: council.id, family_unit_id: fam.familyId, person_id: newPersonId, role: 'parent', from_date: '2020-01-01', to_date: null }]));
  await assert.rejects(svc().merge(ctx(), p.person_id, p.person_id, 'same'), /Validation/);
  const merged = await svc().merge(ctx(), p.person_id, newPersonId, 'Same person after all');
  assert.equal(merged.keptId, p.person_id);
  const after = await q<{ n: number }>(`select count(*)::int as n from person_link where person_id = '${p.person_id}'`);
  assert.equal(after[0]?.n, p.n);
  const members = await q<{ person_id: string }>(`select person_id from membership where family_unit_id = '${fam.familyId}' and role = 'parent'`);
  assert.equal(members[0]?.person_id, p.person_id);
  const changes = await q<{ kind: string }>(`select kind from person_change where person_id = '${p.person_id}' order by changed_at`);
  assert.deepEqual(changes.map((c) => c.kind), ['split', 'merge']);
  const audit = await q<{ action: string }>("select action from audit_event where action in ('person.split', 'person.merge') order by id");
  assert.deepEqual(audit.map((a) => a.action), ['person.split', 'person.merge']);
  // the history cannot be rewritten by the application
  await assert.rejects(q(`update person_change set reason = 'x'`));
  // a later full run keeps the person's decided links
  await svc().runLinkage(council.id, { mode: 'full', requestedBy: null });
  const still = await q<{ person_id: string }>(`select person_id from person_link where source_record_id = '${moving}'`);
  assert.equal(still[0]?.person_id, p.person_id);
});

void test('the job runs a linkage with progress, and another council sees none of it', async () => {
  const jobId = await svc().startRun(ctx(), 'incremental');
  await t.container.queue.drain();
  const job = await t.container.queue.status(council.id, jobId);
  assert.equal(job?.status, 'succeeded');
  assert.equal(job?.progress_done, 100);
  assert.match(String((job?.result as { href?: string }).href), /^\/data\/linkage\/runs\//);
  assert.ok(t.container.jobs.names().includes(LINK_JOB));
  // RLS: the other council has no runs, no pairs, no links, and cannot open ours
  const theirs = await svc().overview(ctx(other));
  assert.equal(theirs.runs.length, 0);
  assert.equal(theirs.counts.pending, 0);
  const [mine] = await q<{ id: string; person_id: string }>('select id, person_id from person_link pl join source_record sr on sr.id = pl.source_record_id limit 1');
  await assert.rejects(svc().person(ctx(other), mine!.person_id), /not found/i);
  const runId = (job?.result as { runId: string }).runId;
  await assert.rejects(svc().run(ctx(other), runId), /not found/i);
  const links = await q<{ n: number }>('select count(*)::int as n from person_link', other);
  assert.equal(links[0]?.n, 0);
  const otherRun = await svc().runLinkage(other.id, { mode: 'incremental', requestedBy: null });
  assert.equal(otherRun.recordsIncoming, 0);
});

void test('settings are validated: 0 < review < automatic linking < 1', async () => {
  assert.equal((await svc().settings(ctx())).isDefault, true);
  await assert.rejects(svc().saveSettings(ctx(), { autoLink: '0.5', review: '0.7', createFamilyUnits: false }), (e: Error & { fields?: Record<string, string> }) => /lower/.test(e.fields?.review ?? ''));
  await assert.rejects(svc().saveSettings(ctx(), { autoLink: '1', review: '0.5', createFamilyUnits: false }), /Validation/);
  await assert.rejects(svc().saveSettings(ctx(), { autoLink: 'abc', review: '', createFamilyUnits: false }), /Validation/);
  await svc().saveSettings(ctx(), { autoLink: '0.95', review: '0.6', createFamilyUnits: true });
  assert.deepEqual(await svc().settings(ctx()), { autoLink: 0.95, review: 0.6, createFamilyUnits: true, isDefault: false });
  assert.equal((await svc().settings(ctx(other))).isDefault, true);
});
