import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formToSpec, specToForm } from './mapping-form.ts';
import type { MappingSpec } from './mapping.ts';

const spec: MappingSpec = {
  format: 'csv', delimiter: '|', encoding: 'utf-8', dateFormat: 'YYYYMMDD', columns: ['SPELL_ID', 'NINO', 'BENEFIT', 'SPELL_START'],
  identity: { record_id: 'SPELL_ID', ni_number: 'NINO', address: ['A1', 'A2'] }, required: ['ni_number'],
  codes: { BENEFIT: { JSA: "Jobseeker's Allowance", ESA: 'Employment and Support Allowance' } },
  event: { type: 'dwp.out_of_work_benefit', date: 'SPELL_START', values: { benefit: 'BENEFIT' }, numeric: [] },
};

void test('a spec survives the round trip through the form', () => {
  assert.deepEqual(formToSpec(specToForm(spec)), { spec, errors: {} });
  const tab = { ...spec, delimiter: '\t' };
  assert.deepEqual(formToSpec(specToForm(tab)).spec, tab);
});

void test('unreadable lines are reported', () => {
  const { errors } = formToSpec({ ...specToForm(spec), codes: 'BENEFIT JSA', eventValues: 'Benefit: x' });
  assert.match(errors.codes ?? '', /Line 1/);
  assert.match(errors.eventValues ?? '', /Line 1/);
});

void test('no event fields means an identity-only source', () => {
  assert.equal(formToSpec({ ...specToForm(spec), eventType: '', eventDate: '' }).spec.event, null);
});
