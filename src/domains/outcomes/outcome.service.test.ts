// Claims against a real database: build as a job, approval by someone else, lock, frozen evidence,
// double counting across families and batches, reversal, audit sampling, claims switched off.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createTestContainer, type TestContainer } from '../../../test/support/database.ts';
import { createCouncil, createFamily, type TestCouncil } from '../../../test/support/factories.ts';
import { permissionsFor, type RequestContext, type Role } from '../../auth/permissions.ts';
import { registerJobs } from '../../app/jobs.ts';
import { withTenant } from '../../db/tenant.ts';
import { fixedClock } from '../../platform/clock.ts';
import { ConflictError } from '../../platform/errors.ts';

const clock = fixedClock('2025-06-01T09:00:00Z');
let harness: TestContainer;
let council: TestCouncil;
let families: { a: string; b: string; mum: string; kid: string; dad: string; kid2: string };

function ctx(key: 'data' | 'manager' | 'keyworker', role: Role): RequestContext {
  return { actor: { id: council.users[key].id, localAuthorityId: council.id, displayName: key, email: council.users[key].email, role, teamId: role === 'team_manager' ? council.teamId : null, organisation: null, permissions: permissionsFor(role) }, correlationId: 'test' };
}
const data = () => ctx('data', 'data_manager');
const manager = () => ctx('manager', 'team_manager');

async function addEvent(personId: string, type: string, occurredOn: string, endedOn: string | null = null, attributes: Record<string, unknown> = {}) {
  await withTenant(harness.container.database.db, council.id, (tx) =>
    tx.insertInto('event').values({ local_authority_id: council.id, type, occurred_on: occurredOn, ended_on: endedOn, person_id: personId, family_unit_id: null, source_record_id: null, origin: 'import', attributes: JSON.stringify(attributes) }).execute(),
  );
}

async function setCase(familyId: string, openedOn: string, closedOn: string | null) {
  await withTenant(harness.container.database.db, council.id, (tx) =>
    tx.updateTable('support_case').set({ opened_on: openedOn, closed_on: closedOn, status: closedOn ? 'closed' : 'open' }).where('family_unit_id', '=', familyId).execute(),
  );
}

async function build(asOf = '2025-06-01') {
  const started = await harness.container.services.outcomes.startBatch(data(), { asOf });
  await harness.container.queue.drain();
  return started.batchId;
}

before(async () => {
  harness = await createTestContainer({ clock });
  registerJobs(harness.container);
  const db = harness.container.database.db;
  council = await createCouncil(db, 'PRV');
  const a = await createFamily(db, council, {
    name: 'Able family',
    members: [
      { given: 'Mary', family: 'Able', dob: '1985-02-01', role: 'parent' },
      { given: 'Kit', family: 'Able', dob: '2012-05-05', role: 'child' },
      { given: 'Don', family: 'Baker', dob: '1980-03-03', role: 'parent' },
    ],
    case: { status: 'closed', keyworkerId: council.users.keyworker.id, teamId: council.teamId },
  });
  const [mum, kid, dad] = a.personIds as [string, string, string];
  const b = await createFamily(db, council, {
    name: 'Baker family',
    members: [
      { given: 'Don', family: 'Baker', dob: '1980-03-03', role: 'parent', personId: dad },
      { given: 'Bo', family: 'Baker', dob: '2014-01-01', role: 'child' },
    ],
    case: { status: 'closed', keyworkerId: council.users.keyworker.id, teamId: council.teamId },
  });
  const kid2 = b.personIds[1] as string;
  families = { a: a.familyId, b: b.familyId, mum, kid, dad, kid2 };
  await setCase(a.familyId, '2023-03-01', '2024-07-01');
  await setCase(b.familyId, '2023-04-01', '2024-07-01');
  // Able family at attachment: worklessness (mum), domestic abuse (dad, who is also in the Baker family), mental health (Kit).
  await addEvent(mum, 'dwp.out_of_work_benefit', '2022-06-01', '2023-09-30', { benefit: 'ESA' });
  await addEvent(dad, 'police.domestic_abuse_incident', '2023-01-20', null, { role: 'perpetrator' });
  await addEvent(kid, 'health.mental_health_contact', '2022-11-01', '2023-06-01', { team: 'CAMHS' });
  // Baker family: the same domestic abuse need for Don, plus Bo's mental health episode.
  await addEvent(kid2, 'health.mental_health_contact', '2022-12-01', '2023-05-01', { team: 'CAMHS' });
  await addEvent(dad, 'dwp.out_of_work_benefit', '2022-01-01', '2023-08-31', { benefit: 'JSA' });
});
after(async () => harness?.close());

void describe('a family\'s outcomes', () => {
  void test('each need from the same rule: identified at attachment, first met, sustained since, evidence', async () => {
    const view = await harness.container.services.outcomes.familyOutcomes(data(), families.a);
    const first = view.attachments[0];
    assert.ok(first);
    assert.equal(first.eligible, true);
    const byCode = new Map(first.needs.map((n) => [`${n.code}|${n.personId}`, n]));
    const da = byCode.get(`sf2022.domestic_abuse|${families.dad}`);
    assert.equal(da?.outcome.baseline?.present, true);
    assert.equal(da?.baselineEvidence[0]?.type, 'police.domestic_abuse_incident');
    assert.equal(da?.outcome.firstMetOn, '2024-01-20');
    assert.equal(da?.outcome.metSince, '2024-01-20');
    const work = byCode.get(`sf2022.worklessness|${families.mum}`);
    assert.equal(work?.outcome.metSince, '2023-09-30');
    assert.equal(first.needs.length, 4); // Don is in this family too: his worklessness counts here
  });
});

void describe('claim batches', () => {
  let batchId: string;

  void test('build: the first family is claimable, the second shares a person and outcome and is refused', async () => {
    batchId = await build();
    const view = await harness.container.services.outcomes.batch(data(), batchId, { page: 1 });
    assert.equal(view.batch.status, 'built');
    const a = view.items.find((i) => i.family_unit_id === families.a);
    const b = view.items.find((i) => i.family_unit_id === families.b);
    assert.equal(a?.claimable, true, JSON.stringify(a?.reasons));
    assert.equal(a?.amount_pence, 80_000);
    assert.equal(b?.claimable, false);
    assert.equal(b?.reasons[0]?.code, 'double_count');
    assert.match(b?.reasons[0]?.text ?? '', new RegExp(`${families.dad}\\|sf2022.domestic_abuse`));
  });

  void test('the builder cannot approve their own batch; the database refuses it too', async () => {
    await assert.rejects(harness.container.services.outcomes.approve(data(), batchId), (e) => e instanceof ConflictError && /Someone else must approve/.test(e.message));
    await assert.rejects(
      withTenant(harness.container.database.db, council.id, (tx) => tx.updateTable('claim_batch').set({ approved_by: council.users.data.id }).where('id', '=', batchId).execute()),
      /check constraint/,
    );
  });

  void test('approved by another person, then locked', async () => {
    await harness.container.services.outcomes.approve(manager(), batchId);
    await harness.container.services.outcomes.lock(manager(), batchId);
    const view = await harness.container.services.outcomes.batch(data(), batchId, { page: 1 });
    assert.equal(view.batch.status, 'locked');
    assert.equal(view.batch.approved_by, council.users.manager.id);
  });

  void test('a locked claim is frozen: later data changes never alter it, and rows cannot be changed', async () => {
    const view = await harness.container.services.outcomes.batch(data(), batchId, { page: 1 });
    const itemId = view.items.find((i) => i.claimable)?.id as string;
    const before = await harness.container.services.outcomes.item(data(), itemId);
    await addEvent(families.dad, 'police.domestic_abuse_incident', '2025-03-01', null, { role: 'perpetrator' });
    const afterChange = await harness.container.services.outcomes.item(data(), itemId);
    assert.deepEqual(afterChange.item.snapshot, before.item.snapshot);
    const snapshot = before.item.snapshot as { needs: Array<{ evidence_at_attachment: Array<{ type?: string; attributes?: unknown }> }>; rate: { provenance: string } };
    assert.ok(snapshot.needs.some((n) => n.evidence_at_attachment.some((e) => e.type === 'police.domestic_abuse_incident')));
    assert.match(snapshot.rate.provenance, /recalled/);
    const db = harness.container.database.db;
    await assert.rejects(withTenant(db, council.id, (tx) => tx.updateTable('claim_item').set({ amount_pence: 1 }).where('id', '=', itemId).execute()));
    await assert.rejects(withTenant(db, council.id, (tx) => tx.updateTable('claim_batch').set({ note: 'x' }).where('id', '=', batchId).execute()), /locked/);
    await assert.rejects(sql`update claim_item set amount_pence = 1 where id = ${itemId}`.execute(db), /append-only/);
  });

  void test('a later batch cannot claim the same outcomes again (re-referral, rebuild)', async () => {
    const again = await build();
    const view = await harness.container.services.outcomes.batch(data(), again, { page: 1 });
    const a = view.items.find((i) => i.family_unit_id === families.a);
    assert.equal(a?.claimable, false);
    assert.ok(a?.reasons.some((r) => r.code === 'double_count'));
    assert.equal(view.items.filter((i) => i.claimable).length, 0);
    await harness.container.services.outcomes.discard(data(), again);
  });

  void test('a later finding is a reversal row; the claim stays as it was', async () => {
    const view = await harness.container.services.outcomes.batch(data(), batchId, { page: 1 });
    const item = view.items.find((i) => i.claimable);
    await harness.container.services.outcomes.reverse(manager(), item?.id as string, { reason: 'Evidence of a new incident before the claim' });
    const after = await harness.container.services.outcomes.item(data(), item?.id as string);
    assert.equal(after.item.amount_pence, 80_000);
    assert.equal(after.item.reversal_amount_pence, -80_000);
    await assert.rejects(harness.container.services.outcomes.reverse(manager(), item?.id as string, { reason: 'again' }), ConflictError);
  });

  void test('an audit sample is reproducible from its recorded seed', async () => {
    const other = await harness.container.services.outcomes.batch(data(), batchId, { page: 1 });
    assert.ok(other.batch);
    const s1 = await harness.container.services.outcomes.drawSample(manager(), batchId, { percent: '10', minimum: '5', seed: 'fixed-seed' });
    const s2 = await harness.container.services.outcomes.drawSample(manager(), batchId, { percent: '10', minimum: '5', seed: 'fixed-seed' });
    const a = await harness.container.services.outcomes.sample(manager(), s1);
    const b = await harness.container.services.outcomes.sample(manager(), s2);
    assert.deepEqual(a.items.map((i) => i.claim_item_id), b.items.map((i) => i.claim_item_id));
    assert.equal(a.sample.seed, 'fixed-seed');
  });

  void test('councils without payment by results turn claims off and keep outcomes', async () => {
    await harness.container.services.outcomes.saveSettings(data(), { claimsEnabled: 'no', programmeCost: '', programmeCostSource: '', costDataFrom: '' });
    await assert.rejects(harness.container.services.outcomes.startBatch(data(), { asOf: '2025-06-01' }), (e) => e instanceof ConflictError && /turned off/.test(e.message));
    const view = await harness.container.services.outcomes.familyOutcomes(data(), families.a);
    assert.equal(view.attachments[0]?.needs.length, 4);
    await harness.container.services.outcomes.saveSettings(data(), { claimsEnabled: 'yes', programmeCost: '', programmeCostSource: '', costDataFrom: '' });
  });
});
