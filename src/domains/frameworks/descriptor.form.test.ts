import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clauseText, descriptorFromForm, formFromDescriptor } from './descriptor.form.ts';
import { SHIPPED_FRAMEWORKS } from './seed/index.ts';
import type { Provenance } from './rule.types.ts';

const local: Provenance = { status: 'local', source: 'Edited by a test' };
const strip = (v: unknown): unknown => JSON.parse(JSON.stringify(v, (k, x: unknown) => (k === 'provenance' || k === 'preset' ? undefined : x)));

for (const fw of SHIPPED_FRAMEWORKS) {
  for (const d of fw.descriptors.filter((x) => x.rule !== null)) {
    void test(`the form reads back ${d.code} unchanged, keeping its provenance`, () => {
      const parsed = descriptorFromForm(formFromDescriptor(d), d, local);
      assert.deepEqual(parsed.errors, {});
      assert.deepEqual(strip(parsed.descriptor.rule), strip(d.rule));
      assert.deepEqual(parsed.descriptor.rule?.anyOf.map((c) => c.window.provenance), d.rule?.anyOf.map((c) => c.window.provenance ?? local));
    });
  }
}

const edits: Array<[string, Record<string, string>, RegExp | null, string | null]> = [
  ['a changed threshold becomes the council\'s own figure', { c0_min: '12' }, null, 'local'],
  ['a missing window length', { c0_length: '' }, /enter how many/, null],
  ['a percentage over 100', { c0_min: '150' }, /percentage/, null],
  ['an attribute without values', { c0_attr0: 'team', c0_values0: '' }, /both the attribute and its values/, null],
];
const absence = SHIPPED_FRAMEWORKS.find((f) => f.code === 'sf2022')!.descriptors.find((d) => d.code === 'sf2022.persistent_absence')!;
for (const [name, change, error, provenance] of edits) {
  void test(`descriptor form: ${name}`, () => {
    const parsed = descriptorFromForm({ ...formFromDescriptor(absence), ...change }, absence, local);
    if (error) assert.match(Object.values(parsed.errors).join(' '), error);
    else {
      assert.deepEqual(parsed.errors, {});
      assert.equal(parsed.descriptor.rule?.anyOf[0]?.threshold.provenance?.status, provenance);
      assert.equal(parsed.descriptor.provenance.status, 'local');
    }
  });
}

void test('a rule in plain English', () => {
  assert.equal(clauseText(absence.rule!.anyOf[0]!), 'school.attendance where sessions_missed is at least 10% of sessions_possible, covering the last 3 school terms');
});
