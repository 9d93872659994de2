// What changed between two versions, in plain English: table-driven over edits to a shipped framework.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareDefinitions, familyRuleLines, stableJson } from './compare.ts';
import type { FrameworkDefinition } from './rule.types.ts';
import { sf2022 } from './seed/sf2022.ts';
import { tf2015 } from './seed/tf2015.ts';

interface Case {
  name: string;
  edit: (d: FrameworkDefinition) => void;
  /** The sentences expected, in order. */
  texts: string[];
  /** Details expected (each must appear in the details of the change at the same index). */
  details?: string[][];
}

const base = tf2015;
const cases: Case[] = [
  { name: 'no change', edit: () => undefined, texts: [] },
  {
    name: 'a local headline added',
    edit: (d) => d.headlines.push({ code: 'young_carers', name: 'Young carers', local: true, provenance: { status: 'local', source: 'Added by a test' } }),
    texts: ['Added headline “Young carers” (local)'],
  },
  {
    name: 'a headline renamed',
    edit: (d) => { d.headlines[0]!.name = 'Crime'; },
    texts: ['Changed headline “Crime”'],
    details: [['Renamed from “Parents or children involved in crime or anti-social behaviour” to “Crime”']],
  },
  {
    name: 'a headline and its descriptors removed',
    edit: (d) => { d.headlines = d.headlines.filter((h) => h.code !== 'health'); d.descriptors = d.descriptors.filter((x) => x.headline !== 'health'); },
    texts: ['Removed headline “Parents or children with a range of physical and mental health problems”', 'Removed descriptor “Mental health” (was under “Parents or children with a range of physical and mental health problems”)', 'Removed descriptor “Drug or alcohol misuse” (was under “Parents or children with a range of physical and mental health problems”)'],
  },
  {
    name: 'a local descriptor added',
    edit: (d) => d.descriptors.push({ code: 'local.carer', headline: 'children_need_help', name: 'Young carer', description: '', severity: 1, local: true, rule: null, provenance: { status: 'local', source: 'test' } }),
    texts: ['Added descriptor “Young carer” under “Children who need help”'],
  },
  {
    name: 'a descriptor\'s severity, name and headline',
    edit: (d) => { const x = d.descriptors.find((y) => y.code === 'tf2015.asb')!; x.severity = 3; x.name = 'ASB'; x.headline = 'children_need_help'; },
    texts: ['Changed descriptor “ASB”'],
    details: [['Renamed from “Anti-social behaviour” to “ASB”', 'Moved from headline “Parents or children involved in crime or anti-social behaviour” to “Children who need help”', 'Severity changed from 1 to 3']],
  },
  {
    name: 'a condition\'s window shortened',
    edit: (d) => { const c = d.descriptors.find((y) => y.code === 'tf2015.mental_health')!.rule!.anyOf[0]!; c.window = { kind: 'last_months', months: 3, match: 'overlaps' }; },
    texts: ['Changed descriptor “Mental health”'],
    details: [['A condition now reads “At least 1 health.mental_health_contact, open at any time in the last 3 months” (was “At least 1 health.mental_health_contact, open at any time in the last 12 months”)']],
  },
  {
    name: 'a condition added and one taken away',
    edit: (d) => {
      d.descriptors.find((y) => y.code === 'tf2015.mental_health')!.rule!.anyOf.push({ types: ['health.gp_contact'], window: { kind: 'last_days', days: 90, match: 'occurred' }, threshold: { kind: 'count', min: 2 } });
      d.descriptors.find((y) => y.code === 'tf2015.offending')!.rule!.anyOf.pop();
    },
    texts: ['Changed descriptor “Offending”', 'Changed descriptor “Mental health”'],
    details: [['No longer met by: At least 1 yot.youth_offending, recorded in the last 12 months'], ['Now also met by: At least 2 health.gp_contact, recorded in the last 90 days']],
  },
  {
    name: 'who a descriptor applies to',
    edit: (d) => { d.descriptors.find((y) => y.code === 'tf2015.asb')!.rule!.who = { preset: 'adult', minAge: 18 }; },
    texts: ['Changed descriptor “Anti-social behaviour”'],
    details: [['Applies to an adult (18 or over) (was anyone in the family)']],
  },
  {
    name: 'only the source of a figure',
    edit: (d) => { d.descriptors.find((y) => y.code === 'tf2015.asb')!.provenance = { status: 'local', source: 'Checked by a test' }; },
    texts: ['Changed descriptor “Anti-social behaviour”'],
    details: [['Source is now local: Checked by a test']],
  },
  {
    name: 'the family rule counts headlines, at least 3',
    edit: (d) => { const r = d.familyRule; if (r.op === 'all') for (const x of r.of) if (x.op === 'count') x.min = 3; },
    texts: ['Changed the family rule'],
  },
  {
    name: 'the framework renamed and its stale threshold',
    edit: (d) => { d.name = 'Our plan'; d.settings.staleAfterDays = 60; },
    texts: ['Changed the framework itself'],
    details: [['Renamed from “Expanded Troubled Families 2015 to 2020” to “Our plan”', 'Evidence is stale after 60 days (was 90)']],
  },
];

for (const c of cases) {
  void test(`compare versions: ${c.name}`, () => {
    const after = structuredClone(base);
    c.edit(after);
    const changes = compareDefinitions(base, after);
    assert.deepEqual(changes.map((x) => x.text), c.texts);
    (c.details ?? []).forEach((want, i) => assert.deepEqual(changes[i]?.details, want));
    // Every changed item says how it changed.
    for (const x of changes) if (x.change === 'changed') assert.ok(x.details.length > 0, x.text);
  });
}

void test('compare versions: the family rule change reads as the lines that went and came', () => {
  const after = structuredClone(sf2022);
  const r = after.familyRule;
  if (r.op === 'all') for (const x of r.of) if (x.op === 'count') x.of = 'headlines';
  const [change] = compareDefinitions(sf2022, after);
  assert.equal(change?.kind, 'family_rule');
  assert.deepEqual(change?.details, ['“At least three family needs (at least 3 distinct needs)” is now “At least three family needs (at least 3 distinct headlines)”']);
});

void test('compare versions: a version read back from jsonb (keys reordered, local false) is unchanged', () => {
  const reordered = JSON.parse(JSON.stringify(tf2015, (_k, v: unknown) => (v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).reverse()) : v))) as FrameworkDefinition;
  reordered.descriptors = reordered.descriptors.map((d) => ({ ...d, local: d.local ?? false }));
  assert.deepEqual(compareDefinitions(tf2015, reordered), []);
  assert.equal(stableJson({ b: 1, a: [2, { d: 3, c: undefined }] }), '{"a":[2,{"d":3}],"b":1}');
});

void test('the family rule in words keeps its nesting and its sources', () => {
  const lines = familyRuleLines(sf2022.familyRule);
  assert.equal(lines[0]?.depth, 0);
  assert.ok(lines.some((l) => l.depth > 0 && /distinct needs/.test(l.text)));
});
