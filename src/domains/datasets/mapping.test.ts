import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkMappingSpec, compileMapping, HeaderError, mappingFromManifest, type MappingSpec } from './mapping.ts';
import type { SourceManifest } from '../../synth/manifest.ts';

const TODAY = '2026-11-23';
const spec: MappingSpec = {
  format: 'csv',
  delimiter: ',',
  encoding: 'utf-8',
  dateFormat: 'DD/MM/YYYY',
  columns: ['Ref', 'NHSNo', 'UPN', 'Name', 'DOB', 'Gender', 'Addr1', 'Town', 'Postcode', 'Type', 'Start', 'End', 'Sessions', 'Reason'],
  identity: { record_id: 'Ref', nhs_number: 'NHSNo', upn: 'UPN', full_name: 'Name', date_of_birth: 'DOB', sex: 'Gender', address: ['Addr1', 'Town'], postcode: 'Postcode' },
  required: ['date_of_birth'],
  codes: { Type: { CIN: 'csc.child_in_need', CPP: 'csc.child_protection_plan' }, Gender: { '1': 'M', '2': 'F', '9': '' }, Reason: { N1: 'abuse or neglect' } },
  event: { type: 'Type', date: 'Start', end_date: 'End', values: { sessions: 'Sessions', reason: 'Reason' }, numeric: ['sessions'] },
};
const header = spec.columns;
const good = ['R1', '943 476 5919', 'B801200005001', 'JONES, Thomas', '30/08/2007', '1', '52 Victoria Lane', 'Dunsford', 'nm10 4zq', 'CPP', '13/09/2024', '21/01/2025', '4', 'N1'];

function withValue(column: string, value: string): string[] {
  const row = [...good];
  row[header.indexOf(column)] = value;
  return row;
}

void test('a good row maps to a canonical record and event', () => {
  const mapped = compileMapping(spec, header, TODAY).map(good);
  assert.deepEqual(mapped, {
    ok: true,
    record: {
      record_key: 'R1', given_name: 'Thomas', family_name: 'JONES', date_of_birth: '2007-08-30', sex: 'M', address: '52 Victoria Lane, Dunsford',
      postcode: 'NM10 4ZQ', uprn: null, nhs_number: '9434765919', upn: 'B801200005001', ni_number: null,
    },
    event: { type: 'csc.child_protection_plan', occurred_on: '2024-09-13', ended_on: '2025-01-21', attributes: { sessions: 4, reason: 'abuse or neglect' } },
  });
});

void test('each bad value is rejected with its reason and column', () => {
  const cases: Array<[string, string, string]> = [
    ['NHSNo', '9434765918', 'nhs_number_check_digit'],
    ['UPN', 'A801200005001', 'upn_check_letter'],
    ['Postcode', 'NM10 4Z', 'postcode_format'],
    ['DOB', '31/02/2007', 'impossible_date'],
    ['DOB', '01/01/2030', 'future_date'],
    ['DOB', '', 'missing_required'],
    ['DOB', 'last May', 'date_format'],
    ['Start', '01/01/2027', 'future_date'],
    ['End', '01/01/2024', 'end_before_start'],
    ['Type', 'XYZ', 'unknown_code'],
    ['Type', '', 'missing_required'],
    ['Reason', 'Q9', 'unknown_code'],
    ['Gender', '7', 'unknown_code'],
    ['Sessions', 'four', 'not_a_number'],
    ['Ref', '', 'missing_required'],
    ['Addr1', '=cmd|\' /C calc\'!A0', 'formula'],
  ];
  const mapping = compileMapping(spec, header, TODAY);
  for (const [column, value, code] of cases) {
    const mapped = mapping.map(withValue(column, value));
    assert.equal(mapped.ok, false, `${column}=${value}`);
    if (mapped.ok) continue;
    assert.deepEqual(mapped.problems.map((p) => [p.column, p.code]), [[column, code]], `${column}=${value}`);
    assert.ok(mapped.problems[0]?.message);
  }
});

void test('a row with the wrong number of fields is rejected', () => {
  const mapped = compileMapping(spec, header, TODAY).map(good.slice(0, 12));
  assert.equal(mapped.ok, false);
  if (!mapped.ok) assert.equal(mapped.problems[0]?.code, 'column_count');
});

void test('headers match whatever their case, spacing or byte-order mark', () => {
  const mapping = compileMapping(spec, header.map((h, i) => (i === 0 ? `\uFEFF ${h.toUpperCase()} ` : h)), TODAY);
  assert.equal(mapping.map(good).ok, true);
});

void test('a missing column or a missing header row is a HeaderError that says which', () => {
  assert.throws(() => compileMapping(spec, header.filter((h) => h !== 'Postcode'), TODAY), (e: unknown) => e instanceof HeaderError && /missing the column Postcode/.test(e.message));
  assert.throws(() => compileMapping(spec, good, TODAY), (e: unknown) => e instanceof HeaderError && /not a header row/.test(e.message));
});

void test('checkMappingSpec explains what is wrong with a mapping', () => {
  assert.deepEqual(checkMappingSpec(spec, header), {});
  const broken: MappingSpec = { ...spec, delimiter: '', dateFormat: 'MM/YYYY', identity: { ...spec.identity, record_id: '' }, event: { ...spec.event!, type: 'Kind' } };
  assert.deepEqual(Object.keys(checkMappingSpec(broken)).sort(), ['dateFormat', 'delimiter', 'eventType', 'record_id']);
  assert.match(checkMappingSpec(spec, header.slice(1))['columns'] ?? '', /no column Ref/);
});

void test('a mapping from a synth manifest entry reads its rows', () => {
  const src: SourceManifest = {
    name: 'housing', file: 'sources/housing.csv', format: 'csv', organisation: 'Housing', kind: 'housing', delimiter: ',', dateFormat: 'DD-MMM-YYYY',
    identity: { record_id: 'CaseRef', given_name: 'FirstName', family_name: 'LastName', date_of_birth: 'DOB', uprn: 'PropertyUPRN', address: ['Address1', 'Address2'], postcode: 'PostCode' },
    event: { type: 'ActionCode', date: 'ActionDate', end_date: 'ActionEnd', values: { arrears_balance: 'ArrearsBalance' }, codes: { ActionCode: { ARR: 'housing.rent_arrears' } } },
    columns: ['CaseRef', 'FirstName', 'LastName', 'DOB', 'PropertyUPRN', 'Address1', 'Address2', 'PostCode', 'ActionCode', 'ActionDate', 'ActionEnd', 'ArrearsBalance'],
  };
  const row = ['H1', 'Ella', 'Cooper', '19-Jun-1998', '100100000722', 'Flat 1', 'Brook Court', 'NM4 6EL', 'ARR', '04-Sep-2023', '', '232.00'];
  const sample = [Object.fromEntries(src.columns.map((c, i) => [c, row[i] as string]))];
  const mapping = mappingFromManifest(src, sample);
  assert.deepEqual(mapping.event?.numeric, ['arrears_balance']);
  assert.deepEqual(checkMappingSpec(mapping, src.columns), {});
  const mapped = compileMapping(mapping, src.columns, TODAY).map(row);
  assert.ok(mapped.ok);
  if (mapped.ok) {
    assert.equal(mapped.record.address, 'Flat 1, Brook Court');
    assert.deepEqual(mapped.event, { type: 'housing.rent_arrears', occurred_on: '2023-09-04', ended_on: null, attributes: { arrears_balance: 232 } });
  }
});

void test('a value read from the event-type column keeps the delivered code, not the event type', () => {
  const housing: MappingSpec = {
    ...spec,
    columns: ['Ref', 'Action', 'Date'],
    identity: { record_id: 'Ref' },
    required: [],
    codes: { Action: { NOSP: 'housing.notice_seeking_possession', ASBW: 'housing.notice_seeking_possession' } },
    event: { type: 'Action', date: 'Date', values: { reason: 'Action' }, numeric: [] },
  };
  const mapping = compileMapping(housing, housing.columns, TODAY);
  const cases: Array<[string, string]> = [['ASBW', 'ASBW'], ['NOSP', 'NOSP']];
  for (const [code, reason] of cases) {
    const mapped = mapping.map(['H1', code, '01/02/2025']);
    assert.ok(mapped.ok);
    assert.deepEqual(mapped.event, { type: 'housing.notice_seeking_possession', occurred_on: '2025-02-01', ended_on: null, attributes: { reason } });
  }
});
