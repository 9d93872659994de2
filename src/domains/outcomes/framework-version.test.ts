// Outcomes and claims apply the council's own published framework version (data), not the shipped
// seed code: a new version changes a new batch's decisions and the outcome view, never a batch
// already built or locked; a batch records the version it applied when it was started and builds
// with exactly that version, even if a newer one is published before it builds.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestContainer, type TestContainer } from '../../../test/support/database.ts';
import { createCouncil, createFamily, type TestCouncil } from '../../../test/support/factories.ts';
import { permissionsFor, type RequestContext, type Role } from '../../auth/permissions.ts';
import { registerJobs } from '../../app/jobs.ts';
import { withTenant } from '../../db/tenant.ts';
import { fixedClock } from '../../platform/clock.ts';
import { ConflictError } from '../../platform/errors.ts';
import type { DescriptorDef, Rule } from '../frameworks/rule.types.ts';
import { frameworkVersionLabel } from './outcome.service.ts';

const clock = fixedClock('2025-06-01T09:00:00Z');
const NAME = 'Supporting Families 2022 to 2025';
let harness: TestContainer;
let council: TestCouncil;
let families: { a: string; b: string };

function ctx(key: 'data' | 'manager', role: Role): RequestContext {
  return { actor: { id: council.users[key].id, localAuthorityId: council.id, displayName: key, email: council.users[key].email, role, teamId: role === 'team_manager' ? council.teamId : null, organisation: null, permissions: permissionsFor(role) }, correlationId: 'test' };
}
const data = () => ctx('data', 'data_manager');
const manager = () => ctx('manager', 'team_manager');
const outcomes = () => harness.container.services.outcomes;
const frameworks = () => harness.container.services.frameworks;

/** Drafts a new version of sf2022 from the published one, changes it, publishes it; returns its id. */
async function publish(note: string, change: (draftId: string) => Promise<void>): Promise<string> {
  const published = await frameworks().publishedVersionId(council.id, 'sf2022');
  const draft = await frameworks().createDraft(data(), published as string);
  await change(draft);
  await frameworks().publish(data(), draft, note);
  return draft;
}

/** The domestic abuse descriptor of a draft with its look-back window set to some months. */
async function domesticAbuseWithin(draftId: string, months: number): Promise<DescriptorDef> {
  const { descriptor: d } = await frameworks().descriptor(data(), draftId, 'sf2022.domestic_abuse');
  const rule = d.rule as Rule;
  return {
    code: d.code,
    headline: d.headline,
    name: d.name,
    description: d.description,
    severity: d.severity,
    rule: { ...rule, anyOf: rule.anyOf.map((c) => ({ ...c, window: { kind: 'last_months' as const, months, match: 'occurred' as const } })) },
    provenance: { status: 'local', source: `test: ${months} months` },
  };
}

async function build(asOf = '2025-06-01', beforeBuild?: () => Promise<void>) {
  const started = await outcomes().startBatch(data(), { asOf });
  if (beforeBuild) await beforeBuild();
  await harness.container.queue.drain();
  return started.batchId;
}

/** The batch row and every item as stored: what must never change once built. */
async function stored(batchId: string) {
  return withTenant(harness.container.database.db, council.id, async (tx) => ({
    batch: await tx.selectFrom('claim_batch').select(['framework_version_id', 'framework_version_number', 'rules_snapshot', 'summary', 'status']).where('id', '=', batchId).executeTakeFirstOrThrow(),
    items: await tx.selectFrom('claim_item').selectAll().where('batch_id', '=', batchId).orderBy('id').execute(),
  }));
}

async function claimable(batchId: string): Promise<{ a: boolean; b: boolean }> {
  const { items } = await stored(batchId);
  const yes = (family: string) => items.some((i) => i.family_unit_id === family && i.kind === 'result' && i.claimable);
  return { a: yes(families.a), b: yes(families.b) };
}

before(async () => {
  harness = await createTestContainer({ clock });
  registerJobs(harness.container);
  const db = harness.container.database.db;
  council = await createCouncil(db, 'FWV');
  const a = await createFamily(db, council, {
    name: 'Able family',
    members: [
      { given: 'Mary', family: 'Able', dob: '1985-02-01', role: 'parent' },
      { given: 'Kit', family: 'Able', dob: '2012-05-05', role: 'child' },
    ],
    case: { status: 'closed', keyworkerId: council.users.keyworker.id, teamId: council.teamId },
  });
  const b = await createFamily(db, council, {
    name: 'Baker family',
    members: [
      { given: 'Don', family: 'Baker', dob: '1980-03-03', role: 'parent' },
      { given: 'Bo', family: 'Baker', dob: '2014-01-01', role: 'child' },
    ],
    case: { status: 'closed', keyworkerId: council.users.keyworker.id, teamId: council.teamId },
  });
  families = { a: a.familyId, b: b.familyId };
  const [mum, kid] = a.personIds as [string, string];
  const [dad, kid2] = b.personIds as [string, string];
  await withTenant(db, council.id, async (tx) => {
    await tx.updateTable('support_case').set({ opened_on: '2023-03-01', closed_on: '2024-07-01', status: 'closed' }).execute();
    const ev = (person: string, type: string, occurred: string, ended: string | null, attributes: Record<string, unknown> = {}) => ({ local_authority_id: council.id, type, occurred_on: occurred, ended_on: ended, person_id: person, family_unit_id: null, source_record_id: null, origin: 'import' as const, attributes: JSON.stringify(attributes) });
    await tx
      .insertInto('event')
      .values([
        // Able: worklessness, domestic abuse (five weeks before attachment) and a child's mental health: three needs, three headlines.
        ev(mum, 'dwp.out_of_work_benefit', '2022-06-01', '2023-09-30', { benefit: 'ESA' }),
        ev(mum, 'police.domestic_abuse_incident', '2023-01-20', null, { role: 'victim' }),
        ev(kid, 'health.mental_health_contact', '2022-11-01', '2023-06-01', { team: 'CAMHS' }),
        // Baker: worklessness and a child's mental health: two needs.
        ev(dad, 'dwp.out_of_work_benefit', '2022-01-01', '2023-08-31', { benefit: 'JSA' }),
        ev(kid2, 'health.mental_health_contact', '2022-12-01', '2023-05-01', { team: 'CAMHS' }),
      ])
      .execute();
  });
});
after(async () => harness?.close());

interface Step {
  name: string;
  /** Changes a draft of the published version before it is published; null = the shipped version 1. */
  change: ((draftId: string) => Promise<void>) | null;
  version: number;
  claimable: { a: boolean; b: boolean };
  /** The Able family's needs found at attachment in its outcome view, and its eligibility. */
  needsOfA: string[];
  eligibleA: boolean;
}

const steps: Step[] = [
  { name: 'the shipped version 1: three needs', change: null, version: 1, claimable: { a: true, b: false }, needsOfA: ['sf2022.domestic_abuse', 'sf2022.mental_health', 'sf2022.worklessness'], eligibleA: true },
  {
    name: 'looser: at least two needs',
    change: (draft) => frameworks().setFamilyCount(data(), draft, 'needs', 2),
    version: 2,
    claimable: { a: true, b: true },
    needsOfA: ['sf2022.domestic_abuse', 'sf2022.mental_health', 'sf2022.worklessness'],
    eligibleA: true,
  },
  {
    name: 'stricter: domestic abuse in the last month only, and three distinct headlines',
    change: async (draft) => {
      await frameworks().saveDescriptor(data(), draft, 'sf2022.domestic_abuse', await domesticAbuseWithin(draft, 1));
      await frameworks().setFamilyCount(data(), draft, 'headlines', 3);
    },
    version: 3,
    claimable: { a: false, b: false },
    needsOfA: ['sf2022.mental_health', 'sf2022.worklessness'],
    eligibleA: false,
  },
  {
    name: 'a local descriptor: domestic abuse known to the police in the last 12 months',
    change: async (draft) => {
      const d = await domesticAbuseWithin(draft, 12);
      await frameworks().saveDescriptor(data(), draft, null, { ...d, code: 'local.police_domestic_abuse', name: 'Domestic abuse known to the police (local)', local: true });
    },
    version: 4,
    claimable: { a: true, b: false },
    needsOfA: ['local.police_domestic_abuse', 'sf2022.mental_health', 'sf2022.worklessness'],
    eligibleA: true,
  },
];

void describe('each published version reaches new batches and the outcome view, never built ones', () => {
  const built: Array<{ id: string; version: number; frozen: Awaited<ReturnType<typeof stored>> }> = [];

  for (const step of steps) {
    void test(step.name, async () => {
      const versionId = step.change ? await publish(step.name, step.change) : await frameworks().publishedVersionId(council.id, 'sf2022');

      const batchId = await build();
      const now = await stored(batchId);
      assert.equal(now.batch.status, 'built');
      assert.equal(now.batch.framework_version_id, versionId, 'the batch records the version it applied');
      assert.equal(now.batch.framework_version_number, step.version);
      assert.deepEqual((now.batch.rules_snapshot as { framework: unknown }).framework, { code: 'sf2022', versionId, version: step.version, name: NAME });
      assert.deepEqual(await claimable(batchId), step.claimable);
      for (const item of now.items) assert.equal((item.snapshot as { framework: { version: number } }).framework.version, step.version, 'each claim records the version');
      const view = await outcomes().batch(data(), batchId, { page: 1 });
      assert.equal(view.frameworkLabel, `${NAME}, version ${step.version}`);

      const family = await outcomes().familyOutcomes(data(), families.a);
      assert.equal(family.framework.version, step.version);
      assert.equal(family.framework.label, `${NAME}, version ${step.version}`);
      const attachment = family.attachments[0];
      assert.deepEqual(attachment?.needs.filter((n) => n.source === 'rule').map((n) => n.code).sort(), step.needsOfA);
      assert.equal(attachment?.eligible, step.eligibleA);
      const local = attachment?.needs.find((n) => n.code.startsWith('local.'));
      if (local) {
        assert.equal(local.national, false);
        assert.equal(local.name, 'Domestic abuse known to the police (local)');
        assert.equal(local.outcome.metSince, '2024-01-20', 'the local rule judges the outcome too');
      }

      // Every batch built under an earlier version is exactly as it was.
      for (const earlier of built) assert.deepEqual(await stored(earlier.id), earlier.frozen, `the batch built under version ${earlier.version}`);
      built.push({ id: batchId, version: step.version, frozen: now });
    });
  }
});

void describe('a batch keeps the version recorded when it started', () => {
  let batchId: string;
  let v4: string;

  void test('a version published between start and build does not change the batch', async () => {
    v4 = (await frameworks().publishedVersionId(council.id, 'sf2022')) as string;
    let v5 = '';
    batchId = await build('2025-06-01', async () => {
      v5 = await publish('At least four needs', (draft) => frameworks().setFamilyCount(data(), draft, 'needs', 4));
    });
    const now = await stored(batchId);
    assert.equal(now.batch.framework_version_id, v4);
    assert.equal(now.batch.framework_version_number, 4);
    assert.deepEqual(await claimable(batchId), { a: true, b: false }, 'decided by version 4');
    assert.equal((now.batch.summary as { framework: { version: number } }).framework.version, 4);

    const next = await build();
    const later = await stored(next);
    assert.equal(later.batch.framework_version_id, v5);
    assert.equal(later.batch.framework_version_number, 5);
    assert.deepEqual(await claimable(next), { a: false, b: false }, 'decided by version 5');
    assert.ok(((later.batch.summary as { counts: Record<string, number> }).counts['result:not_eligible'] ?? 0) >= 2);
    await outcomes().discard(data(), next);
  });

  void test('a locked batch never changes when a newer version is published', async () => {
    await outcomes().approve(manager(), batchId);
    await outcomes().lock(manager(), batchId);
    const locked = await stored(batchId);
    assert.equal(locked.batch.status, 'locked');
    await publish('At least one need', (draft) => frameworks().setFamilyCount(data(), draft, 'needs', 1));
    assert.deepEqual(await stored(batchId), locked);
    const view = await outcomes().batch(data(), batchId, { page: 1 });
    assert.equal(view.frameworkLabel, `${NAME}, version 4`);
    const item = view.items.find((i) => i.claimable);
    const claim = await outcomes().item(data(), item?.id as string);
    assert.deepEqual((claim.item.snapshot as { framework: unknown }).framework, { code: 'sf2022', versionId: v4, version: 4, name: NAME });

    // The looser version 6 changes a new batch: Baker is now claimable, Able was claimed by the locked batch.
    const next = await build();
    assert.equal((await stored(next)).batch.framework_version_number, 6);
    assert.deepEqual(await claimable(next), { a: false, b: true });
    const { items } = await stored(next);
    assert.ok(items.some((i) => i.family_unit_id === families.a && (i.reasons as Array<{ code: string }>).some((r) => r.code === 'double_count')));
    await outcomes().discard(data(), next);
  });
});

void describe('a council without a published version of the configured framework', () => {
  void test('outcomes and claims say so instead of falling back to shipped code', async () => {
    const db = harness.container.database.db;
    // The council's own framework, still a draft (version 1, never published), set for outcomes.
    await frameworks().createLocalFramework(data(), { name: 'Our own outcome plan', code: 'fwv_local', description: 'Draft', start: 'blank', fromVersionId: '' });
    await withTenant(db, council.id, async (tx) => {
      await tx.updateTable('prove_setting').set({ framework_code: 'fwv_local' }).execute();
      await tx.insertInto('prove_setting').values({ local_authority_id: council.id, framework_code: 'fwv_local' }).onConflict((oc) => oc.column('local_authority_id').doNothing()).execute();
    });
    try {
      const noVersion = (e: unknown) => e instanceof ConflictError && /no published version of the framework "fwv_local"/.test(e.message);
      await assert.rejects(outcomes().familyOutcomes(data(), families.a), noVersion);
      await assert.rejects(outcomes().startBatch(data(), { asOf: '2025-06-01' }), noVersion);
      const page = await outcomes().batches(data());
      assert.equal(page.framework, null);
      assert.match(page.frameworkProblem ?? '', /no published version/);
    } finally {
      await withTenant(db, council.id, (tx) => tx.updateTable('prove_setting').set({ framework_code: 'sf2022' }).execute());
    }
    assert.equal((await outcomes().batches(data())).framework?.version, 6);
  });
});

void test('the version label of a batch, including one started before versions were recorded', () => {
  const cases: Array<[string, { framework_code: string; framework_version_number: number | null; rules_snapshot: unknown }, string]> = [
    ['recorded', { framework_code: 'sf2022', framework_version_number: 3, rules_snapshot: { framework: { name: NAME } } }, `${NAME}, version 3`],
    ['recorded, no name in the snapshot', { framework_code: 'sf2022', framework_version_number: 2, rules_snapshot: {} }, 'sf2022, version 2'],
    ['not recorded', { framework_code: 'sf2022', framework_version_number: null, rules_snapshot: {} }, 'sf2022 (shipped definition; version not recorded)'],
  ];
  for (const [name, batch, expected] of cases) assert.equal(frameworkVersionLabel(batch), expected, name);
});
