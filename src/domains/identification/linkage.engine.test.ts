// The linkage service's pure core: decisions hold, routes are named, clustering agrees with the
// engine when nobody has decided anything.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rec } from './matching/fixtures.ts';
import { DEFAULT_MODEL, linkIncremental } from './matching/index.ts';
import type { IdentityRecord, ScoredPairs } from './matching/index.ts';
import { clusterWithDecisions, collapseRepeats, histogramOf, inIdentityOrder, linkInWorker, linkWithDecisions, type KnownRecord } from './linkage.engine.ts';

const known: KnownRecord[] = [
  { key: 'p:ann', personId: 'ann', record: rec({ source: '~register', record_id: 'ann', given_name: 'Ann', family_name: 'Able', date_of_birth: '1985-01-01', sex: 'F', nhs_number: '9434765919' }) },
  { key: 'p:bob', personId: 'bob', record: rec({ source: '~register', record_id: 'bob', given_name: 'Robert', family_name: 'Baker', date_of_birth: '1990-03-04', sex: 'M' }) },
];
const incoming = (records: Array<Partial<IdentityRecord>>) => records.map((r) => ({ key: `r:${r.record_id}`, record: rec(r) }));
const thresholds = { autoLink: 0.9, review: 0.5 };

void test('incoming records join known people, by identifier or by weight, and strangers become new people', async () => {
  const out = await linkWithDecisions({
    known, thresholds, model: DEFAULT_MODEL,
    incoming: incoming([
      { source: 'health', record_id: 'h1', given_name: 'Ann', family_name: 'Able', date_of_birth: '1985-01-01', nhs_number: '9434765919', postcode: 'LS1 1AA', address: '1 High St' },
      { source: 'housing', record_id: 'x1', given_name: 'Bob', family_name: 'Baker', date_of_birth: '1990-03-04', sex: 'M', postcode: 'LS1 1AA', address: '1 High St' },
      { source: 'police', record_id: 'z1', given_name: 'Zed', family_name: 'Zulu', date_of_birth: '1970-12-12', postcode: 'LS9 9ZZ' },
      { source: 'school', record_id: 'z2', given_name: 'Zed', family_name: 'Zulu', date_of_birth: '1970-12-12', postcode: 'LS9 9ZZ' },
    ]),
  });
  const by = Object.fromEntries(out.links.map((l) => [l.key, l]));
  assert.equal(by['r:h1']?.personId, 'ann');
  assert.equal(by['r:h1']?.route, 'nhs_number');
  assert.equal(by['r:h1']?.partner, 'p:ann');
  assert.equal(by['r:x1']?.personId, 'bob');
  assert.equal(by['r:x1']?.route, 'probabilistic');
  assert.ok((by['r:x1']?.weight ?? 0) > 3);
  assert.equal(by['r:z1']?.personId, 'new-1');
  assert.equal(by['r:z2']?.personId, 'new-1');
  assert.equal(out.newPersons, 1);
  assert.deepEqual(out.byRoute, { nhs_number: 1, probabilistic: 3 });
  // Ann and Bob share an address: one household; Zed is elsewhere
  assert.equal(out.households.get('ann'), out.households.get('bob'));
  assert.notEqual(out.households.get('ann'), out.households.get('new-1'));
});

void test('on a worker thread the engine gives the same output, and its progress reaches the caller', async () => {
  const input = {
    known, thresholds, model: DEFAULT_MODEL, decisions: [{ a: 'r:x1', b: 'p:bob', match: false }],
    incoming: incoming([
      { source: 'health', record_id: 'h1', given_name: 'Ann', family_name: 'Able', date_of_birth: '1985-01-01', nhs_number: '9434765919', postcode: 'LS1 1AA', address: '1 High St' },
      { source: 'housing', record_id: 'x1', given_name: 'Bob', family_name: 'Baker', date_of_birth: '1990-03-04', sex: 'M', postcode: 'LS1 1AA', address: '1 High St' },
      { source: 'police', record_id: 'z1', given_name: 'Zed', family_name: 'Zulu', date_of_birth: '1970-12-12', postcode: 'LS9 9ZZ' },
    ]),
  };
  const stages = new Set<string>();
  const here = await linkWithDecisions(input);
  const there = await linkInWorker({ ...input, onProgress: (stage) => stages.add(stage) });
  const untimed = (o: typeof here) => ({ ...o, stats: { ...o.stats, seconds: {} } }); // timings differ run to run
  assert.deepEqual(untimed(there), untimed(here));
  assert.ok(there.households instanceof Map && there.households.size > 0);
  assert.ok(stages.size > 0, 'progress crosses from the worker');
  await assert.rejects(linkInWorker({ ...input, known: [{ key: 'p:x', personId: 'x', record: null as unknown as IdentityRecord }] }), /Cannot read properties of null|stopped/);
});

void test('a "not a match" keeps two records apart, even through a chain; a "match" joins them', async () => {
  const records = incoming([
    { source: 'housing', record_id: 'x1', given_name: 'Bob', family_name: 'Baker', date_of_birth: '1990-03-04', sex: 'M' },
    { source: 'police', record_id: 'x2', given_name: 'Robert', family_name: 'Baker', date_of_birth: '1990-03-04', sex: 'M' },
    { source: 'dwp', record_id: 'q1', given_name: 'Quentin', family_name: 'Quail', date_of_birth: '1960-01-01' },
  ]);
  const free = await linkWithDecisions({ known, thresholds, model: DEFAULT_MODEL, incoming: records });
  assert.ok(free.links.filter((l) => l.key !== 'r:q1').every((l) => l.personId === 'bob'));
  const apart = await linkWithDecisions({ known, thresholds, model: DEFAULT_MODEL, incoming: records, decisions: [{ a: 'r:x1', b: 'p:bob', match: false }] });
  const a = Object.fromEntries(apart.links.map((l) => [l.key, l.personId]));
  assert.notEqual(a['r:x1'], 'bob');
  // x2 links Bob directly; x1 may not join Bob through x2 either
  assert.equal(a['r:x2'], 'bob');
  assert.ok(!apart.review.some((r) => r.a === 'r:x1' && r.b === 'p:bob'), 'a decided pair is not asked again');
  const joined = await linkWithDecisions({ known, thresholds, model: DEFAULT_MODEL, incoming: records, decisions: [{ a: 'r:q1', b: 'p:ann', match: true }] });
  const q = joined.links.find((l) => l.key === 'r:q1');
  assert.equal(q?.personId, 'ann');
  assert.equal(q?.route, 'review');
});

void test('clusterWithDecisions: cannot-link holds through chains; must-link never joins two known people', () => {
  const pairs = (edges: Array<[number, number, number]>): ScoredPairs => ({
    i: Int32Array.from(edges, (e) => e[0]), j: Int32Array.from(edges, (e) => e[1]), weight: Float32Array.from(edges, (e) => e[2]), count: edges.length,
  });
  const none = { conflictKeys: [new Int32Array(4)], strict: [true], initial: new Int32Array(4).fill(-1), mustLink: [], cannotLink: [] };
  const chain = pairs([[0, 1, 10], [1, 2, 9], [2, 3, 8]]);
  assert.equal(clusterWithDecisions(4, chain, 3, none).clusters, 1);
  const cut = clusterWithDecisions(4, chain, 3, { ...none, cannotLink: [[0, 3]] });
  assert.equal(cut.clusters, 2);
  assert.notEqual(cut.clusterOf[0], cut.clusterOf[3]);
  const initial = Int32Array.from([0, 1, -1, -1]);
  const knownApart = clusterWithDecisions(4, pairs([]), 3, { ...none, conflictKeys: [Int32Array.from([1, 2, 0, 0])], initial, mustLink: [[0, 1], [2, 3]] });
  assert.equal(knownApart.refusedDecisions, 1);
  assert.notEqual(knownApart.clusterOf[0], knownApart.clusterOf[1]);
  assert.equal(knownApart.clusterOf[2], knownApart.clusterOf[3]);
});

void test('with no decisions the people are the engine\'s own', async () => {
  const people: IdentityRecord[] = [];
  const names = ['Ann', 'Ben', 'Cat', 'Dan', 'Eve', 'Fay', 'Gus', 'Hal', 'Ivy', 'Jon'];
  for (let p = 0; p < 60; p++) {
    const base = { given_name: names[p % 10]!, family_name: `Fam${Math.floor(p / 3)}`, date_of_birth: `19${50 + (p % 40)}-0${1 + (p % 9)}-1${p % 10}`, postcode: `LS${p % 7} 1AA`, address: `${p} Long Road` };
    for (const [s, src] of ['school', 'health', 'police'].entries()) {
      if ((p + s) % 4 === 0) continue;
      people.push(rec({ ...base, source: src, record_id: `${src}-${p}`, given_name: s === 2 && p % 5 === 0 ? base.given_name.slice(0, 2) : base.given_name }));
    }
  }
  const knownPart = people.slice(0, 40).map((r, x) => ({ key: `k${x}`, personId: `P${Math.floor(x / 2)}`, record: r }));
  const rest = people.slice(40).map((r, x) => ({ key: `n${x}`, record: r }));
  const ours = await linkWithDecisions({ known: knownPart, incoming: rest, thresholds, model: DEFAULT_MODEL });
  // the engine itself, given the records in the order linkWithDecisions puts them in
  const [knownInOrder, restInOrder] = [inIdentityOrder(knownPart), inIdentityOrder(rest)];
  const theirs = await linkIncremental({ records: knownInOrder.map((k) => k.record), personIds: knownInOrder.map((k) => k.personId) }, restInOrder.map((r) => r.record), { model: DEFAULT_MODEL, thresholds, keepProbability: 0.001 });
  const canon = (ids: string[]) => { const m = new Map<string, number>(); return ids.map((id) => (id.startsWith('new-') ? `n${m.get(id) ?? (m.set(id, m.size), m.size - 1)}` : id)); };
  const ourPerson = new Map(ours.links.map((l) => [l.key, l.personId]));
  assert.deepEqual(canon(restInOrder.map((r) => ourPerson.get(r.key) ?? '')), canon(theirs.personIds.slice(theirs.newFrom)));
});

void test('the same records give the same people in whatever order they come', async () => {
  // Two records of each person, known people each of one record; the database's order is arbitrary.
  const people: IdentityRecord[] = [];
  const names = ['Ann', 'Ben', 'Cat', 'Dan', 'Eve', 'Fay'];
  for (let p = 0; p < 36; p++) {
    const base = { given_name: names[p % 6]!, family_name: `Fam${Math.floor(p / 4)}`, date_of_birth: `19${60 + (p % 30)}-0${1 + (p % 9)}-1${p % 10}`, postcode: `LS${p % 5} 1AA`, address: `${p % 12} Long Road` };
    people.push(rec({ ...base, source: 'school', record_id: `s${p}` }), rec({ ...base, source: 'health', record_id: `h${p}`, given_name: p % 3 ? base.given_name : base.given_name.slice(0, 2) }));
  }
  const knownPart = people.filter((_, x) => x % 5 === 0).map((r, x) => ({ key: `k${x}`, personId: `P${x}`, record: r }));
  const rest = people.filter((_, x) => x % 5 !== 0).map((r) => ({ key: `r:${r.record_id}`, record: r }));
  const shuffled = <T>(xs: T[], seed: number) => xs.map((x, i) => ({ x, k: (i * 7919 + seed * 104729) % 1009 })).sort((a, b) => a.k - b.k).map((e) => e.x);
  const grouping = (out: Awaited<ReturnType<typeof linkWithDecisions>>) => {
    const byPerson = new Map<string, string[]>();
    for (const l of out.links) byPerson.set(l.personId, [...(byPerson.get(l.personId) ?? []), l.key]);
    return [...byPerson.entries()].map(([p, keys]) => `${p.startsWith('new-') ? 'new' : p}:${keys.sort().join(',')}`).sort();
  };
  const first = grouping(await linkWithDecisions({ known: knownPart, incoming: rest, thresholds, model: DEFAULT_MODEL }));
  for (const seed of [1, 2, 3, 4]) {
    const again = grouping(await linkWithDecisions({ known: shuffled(knownPart, seed), incoming: shuffled(rest, seed + 10), thresholds, model: DEFAULT_MODEL }));
    assert.deepEqual(again, first, `order ${seed}`);
  }
});

void test('histogram bins cover the weight scale and mark the bands', () => {
  const bins = histogramOf([-20, 0.5, 5, 40], { autoLink: 0.9, review: 0.5 });
  assert.equal(bins.reduce((a, b) => a + b.count, 0), 4);
  assert.equal(bins[0]?.count, 1);
  assert.equal(bins.at(-1)?.count, 1);
  assert.equal(bins.find((b) => b.from === 0)?.band, 'review');
  assert.equal(bins.find((b) => b.from === 4)?.band, 'auto');
});

void test('repeats are matched once: a much-recorded person still links, and identical rows link alike', async () => {
  const ann = { given_name: 'Ann', family_name: 'Able', date_of_birth: '2012-01-01', nhs_number: '9434765919', postcode: 'LS1 1AA', address: '1 High St' };
  // 450 termly rows already linked to Ann: one block of them alone is larger than blocking allows
  const many: KnownRecord[] = Array.from({ length: 450 }, (_, x) => ({ key: `r:k${x}`, personId: 'ann', record: rec({ ...ann, source: 'school', record_id: `k${x}` }) }));
  const arriving = incoming([
    { ...ann, source: 'health', record_id: 'h1' },
    { ...ann, source: 'health', record_id: 'h2' },
    { ...ann, source: 'health', record_id: 'h3' },
  ]);
  const out = await linkWithDecisions({ known: [...known, ...many], thresholds, model: DEFAULT_MODEL, incoming: arriving });
  assert.deepEqual(out.links.map((l) => [l.key, l.personId, l.route]).sort(), [['r:h1', 'ann', 'nhs_number'], ['r:h2', 'ann', 'nhs_number'], ['r:h3', 'ann', 'nhs_number']]);
  assert.equal(out.byRoute.nhs_number, 3);
  assert.equal(out.stats.oversizedBlocks, 0);

  // what collapses, and what a decision or a stated relationship keeps apart
  const collapsed = collapseRepeats(many.slice(0, 3), arriving, new Set(['r:h3']));
  assert.deepEqual(collapsed.known.map((k) => k.key), ['r:k0']);
  assert.deepEqual(collapsed.incoming.map((r) => r.key), ['r:h1', 'r:h3']);
  assert.deepEqual([...collapsed.repeatsOf], [['r:h1', ['r:h2']]]);
  // a person's main address still counts every record: five identical rows at home outweigh two elsewhere
  const home = { address: '1 High St', postcode: 'LS1 1AA' };
  const away = { address: '9 Low Rd', postcode: 'LS9 9ZZ' };
  const dee = { given_name: 'Dee', family_name: 'Dale', date_of_birth: '2011-02-02' };
  const people = await linkWithDecisions({
    thresholds, model: DEFAULT_MODEL, incoming: [],
    known: [
      ...Array.from({ length: 5 }, (_, x) => ({ key: `r:d${x}`, personId: 'dee', record: rec({ ...dee, ...home, source: 'school', record_id: `d${x}` }) })),
      { key: 'r:dh', personId: 'dee', record: rec({ ...dee, ...away, source: 'health', record_id: 'dh' }) },
      { key: 'r:dp', personId: 'dee', record: rec({ ...dee, ...away, source: 'police', record_id: 'dp' }) },
      { key: 'r:eh', personId: 'eve', record: rec({ given_name: 'Eve', family_name: 'Dale', date_of_birth: '1980-03-03', ...home, source: 'housing', record_id: 'eh' }) },
      { key: 'r:fh', personId: 'fay', record: rec({ given_name: 'Fay', family_name: 'Fox', date_of_birth: '1970-04-04', ...away, source: 'housing', record_id: 'fh' }) },
    ],
  });
  assert.equal(people.households.get('dee'), people.households.get('eve'));
  assert.notEqual(people.households.get('dee'), people.households.get('fay'));
  const twoPeople = collapseRepeats([{ ...many[0]!, personId: 'ann' }, { ...many[1]!, personId: 'other' }], [], new Set());
  assert.equal(twoPeople.known.length, 2, 'the same record text under two people is two people\'s evidence');
});
