// The import service against a real database (PGlite, or the server when DATABASE_URL is set):
// all-or-nothing, duplicates, bad input, agreement refusal, corrections and council isolation.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { createTestContainer, type TestContainer } from '../../../test/support/database.ts';
import { createCouncil, type TestCouncil } from '../../../test/support/factories.ts';
import { permissionsFor, type RequestContext } from '../../auth/permissions.ts';
import { withTenant } from '../../db/tenant.ts';
import { fixedClock } from '../../platform/clock.ts';
import { ValidationError } from '../../platform/errors.ts';
import type { DatasetService } from './dataset.service.ts';
import { ImportRefused } from './import.service.ts';
import { GOOD_ROWS, HEADER, SPEC } from './fixtures.ts';

const clock = fixedClock('2026-11-23T10:00:00Z');
const dir = mkdtempSync(join(tmpdir(), 'hearth-import-'));
after(() => rmSync(dir, { recursive: true, force: true }));
let harness: TestContainer;
let council: TestCouncil;
let other: TestCouncil;
let datasets: DatasetService;
let ctx: RequestContext;
let otherCtx: RequestContext;
let sourceId: string;

const BAD_ROW = 'R3,9434765918,A801200005001,Ann,Bad,31/02/2010,F,NM4 4D,XYZ,01/01/2030,,x';

function file(name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

function contextFor(c: TestCouncil): RequestContext {
  return { actor: { id: c.users.data.id, localAuthorityId: c.id, displayName: 'Data', email: c.users.data.email, role: 'data_manager', teamId: null, organisation: null, permissions: permissionsFor('data_manager') }, correlationId: 'test' };
}

async function counts(la = council.id) {
  return withTenant(harness.container.database.db, la, async (tx) => {
    const r = await sql<{ records: number; events: number; quarantine: number; runs: number }>`
      select (select count(*)::int from source_record) as records, (select count(*)::int from source_record where event_type is not null) as events,
             (select count(*)::int from quarantine_row) as quarantine, (select count(*)::int from import_run where status = 'succeeded') as runs`.execute(tx);
    return r.rows[0]!;
  });
}

async function importFile(path: string, extra: Partial<Parameters<DatasetService['imports']['importDelivery']>[0]> = {}) {
  return datasets.imports.importDelivery({ actor: datasets.actorOf(ctx), source: { id: sourceId }, path, fileName: path.split('/').pop()!, origin: 'cli', ...extra });
}

before(async () => {
  harness = await createTestContainer({ clock });
  datasets = harness.container.services.datasets;
  council = await createCouncil(harness.container.database.db, 'IMP');
  other = await createCouncil(harness.container.database.db, 'OTH');
  ctx = contextFor(council);
  otherCtx = contextFor(other);
  sourceId = await datasets.createSource(ctx, { name: 'csc', organisation: 'Children’s services', kind: 'social care', description: '', expectedFrequency: 'monthly', contacts: [{ role: 'Data lead', name: 'Jo Bloggs', email: 'jo@example.test', phone: '' }] });
});
after(async () => {
  await harness.close();
});

void describe('import', () => {
  void test('without a current agreement an import is refused and says why', async () => {
    await assert.rejects(importFile(file('a.csv', [HEADER, ...GOOD_ROWS].join('\n'))), (e: unknown) => e instanceof ImportRefused && /no data-sharing agreement/.test(e.message));
    await datasets.addAgreement(ctx, sourceId, { reference: 'ISA-OLD', parties: 'Council; CSC', purposes: 'Supporting Families', lawfulBasis: '6(1)(e)', dataItems: 'Identity, episodes', startDate: '2024-01-01', reviewDate: '2024-06-01', endDate: '2025-12-31' });
    await assert.rejects(importFile(file('a.csv', [HEADER, ...GOOD_ROWS].join('\n'))), (e: unknown) => e instanceof ImportRefused && /ended on 2025-12-31/.test(e.message));
    await datasets.addAgreement(ctx, sourceId, { reference: 'ISA-2026', parties: 'Council; CSC', purposes: 'Supporting Families', lawfulBasis: '6(1)(e)', dataItems: 'Identity, episodes', startDate: '2026-01-01', reviewDate: '2027-01-01', endDate: '' });
    await assert.rejects(importFile(file('a.csv', [HEADER, ...GOOD_ROWS].join('\n'))), (e: unknown) => e instanceof ImportRefused && /no mapping/.test(e.message));
    await datasets.saveMapping(ctx, sourceId, SPEC, 'first');
    assert.deepEqual(await counts(), { records: 0, events: 0, quarantine: 0, runs: 0 });
  });

  void test('a delivery lands whole: records, events and quarantined rows with their reasons', async () => {
    const result = await importFile(file('first.csv', [HEADER, ...GOOD_ROWS, BAD_ROW].join('\n') + '\n'));
    assert.equal(result.status, 'succeeded');
    assert.deepEqual([result.rowsTotal, result.rowsAccepted, result.rowsRejected], [3, 2, 1]);
    assert.deepEqual(await counts(), { records: 2, events: 2, quarantine: 1, runs: 1 });
    const run = await datasets.run(ctx, result.runId);
    const codes = (run.quarantine[0]!.problems as Array<{ code: string; column: string }>).map((p) => `${p.column}:${p.code}`);
    assert.deepEqual(codes.sort(), ['DOB:impossible_date', 'NHSNo:nhs_number_check_digit', 'Postcode:postcode_format', 'Sessions:not_a_number', 'Start:future_date', 'Type:unknown_code', 'UPN:upn_check_letter'].sort());
    // Each record keeps the event its mapping made; it joins `event` only when linkage links the record to a person.
    const events = await withTenant(harness.container.database.db, council.id, (tx) => tx.selectFrom('source_record').select(['event_type', 'event_on', 'event_end', 'event_values']).orderBy('event_on').execute());
    assert.deepEqual(events.map((e) => [e.event_type, e.event_on, e.event_end]), [['csc.child_in_need', '2024-08-25', null], ['csc.child_protection_plan', '2024-09-13', '2025-01-21']]);
    assert.deepEqual(events.map((e) => JSON.parse(e.event_values ?? 'null') as unknown), [{}, { sessions: 4 }]);
    assert.equal(await withTenant(harness.container.database.db, council.id, async (tx) => (await sql<{ n: number }>`select count(*)::int as n from event`.execute(tx)).rows[0]!.n), 0);
  });

  void test('the same file again is recognised as a duplicate and changes nothing', async () => {
    const before = await counts();
    const result = await importFile(file('again.csv', [HEADER, ...GOOD_ROWS, BAD_ROW].join('\n') + '\n'));
    assert.equal(result.status, 'duplicate');
    assert.ok(result.duplicateOf);
    assert.deepEqual(await counts(), before);
  });

  void test('a failure part-way through leaves nothing of the run behind', async () => {
    const before = await counts();
    const rows = Array.from({ length: 50 }, (_, i) => `X${i},,,A,B,01/01/2000,F,NM4 4DB,CIN,01/02/2024,,`);
    await assert.rejects(
      importFile(file('fails.csv', [HEADER, ...rows].join('\n')), { batchSize: 10, afterBatch: (n) => { if (n >= 30) throw new Error('disk full'); } }),
      /disk full/,
    );
    assert.deepEqual(await counts(), before);
    const source = await datasets.source(ctx, sourceId);
    assert.match(source.runs.find((r) => r.file_name === 'fails.csv')?.error ?? '', /nothing from it was kept: disk full/);
  });

  void describe('bad input gets a clear message and leaves nothing', () => {
    const big = join(dir, 'big.csv'); // made sparse: 2 GB on paper, nothing on disk
    const cases: Array<[string, () => string, RegExp]> = [
      ['an empty file', () => file('empty.csv', ''), /The file is empty/],
      ['a header and no rows', () => file('header.csv', `${HEADER}\n`), /no data rows/],
      ['a missing header', () => file('noheader.csv', GOOD_ROWS.join('\n')), /not a header row/],
      ['a header missing a column', () => file('missingcol.csv', [HEADER.replace(',Postcode', ''), 'R9,,,A,B,01/01/2000,F,CIN,01/02/2024,,'].join('\n')), /missing the column Postcode/],
      ['wrong encoding (Latin-1)', () => file('latin1.csv', Buffer.concat([Buffer.from(`${HEADER}\nR9,,,Ren`), Buffer.from([0xe9]), Buffer.from(',B,01/01/2000,F,NM4 4DB,CIN,01/02/2024,,\n')])), /not UTF-8 text: line 2/],
      ['UTF-16', () => file('utf16.csv', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(HEADER, 'utf16le')])), /UTF-16/],
      ['a PDF', () => file('x.pdf', '%PDF-1.4 whatever'), /PDF, not a CSV or XLSX/],
      ['a binary file', () => file('x.bin', Buffer.from([1, 2, 0, 3, 4])), /not a CSV or XLSX file/],
      ['an old .xls', () => file('x.xls', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1])), /Excel 97/],
      ['a broken XLSX', () => file('x.xlsx', Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(100, 7)])), /could not be read as an XLSX/],
      ['a 2 GB file', () => { writeFileSync(big, ''); truncateSync(big, 2 * 1024 ** 3); return big; }, /2\.0 GB; the largest delivery Hearth accepts is 512 MB/],
    ];
    for (const [name, make, message] of cases) {
      void test(name, async () => {
        const before = await counts();
        const result = await importFile(make());
        assert.equal(result.status, 'failed', name);
        assert.match(result.error ?? '', message);
        assert.deepEqual(await counts(), before);
      });
    }
  });

  void test('a formula in a cell quarantines the row with a clear reason', async () => {
    const result = await importFile(file('formula.csv', [HEADER, `F1,,,=cmd|' /C calc'!A0,Smith,01/01/2000,F,NM4 4DB,CIN,01/02/2024,,`].join('\n')));
    assert.equal(result.status, 'succeeded');
    assert.equal(result.rowsRejected, 1);
    const run = await datasets.run(ctx, result.runId);
    const problem = (run.quarantine[0]!.problems as Array<{ code: string; column: string; message: string }>)[0]!;
    assert.deepEqual([problem.code, problem.column], ['formula', 'Forename']);
    assert.match(problem.message, /spreadsheet formula/);
  });

  void test('correcting a quarantined row re-validates it, adds it and audits old and new values', async () => {
    const result = await importFile(file('fixme.csv', [HEADER, 'Q1,9434765918,,Ann,Fix,01/01/2010,F,NM4 4DB,CIN,01/02/2024,,'].join('\n')));
    const run = await datasets.run(ctx, result.runId);
    const row = run.quarantine[0]!;
    await assert.rejects(datasets.correctQuarantined(ctx, result.runId, row.id, { NHSNo: '9434765917' }, 'typo'), (e: unknown) => e instanceof ValidationError && /modulus 11/.test(Object.values(e.fields).join()));
    await assert.rejects(datasets.correctQuarantined(ctx, result.runId, row.id, { NHSNo: '9434765919' }, ''), ValidationError);
    const before = await counts();
    const fixed = await datasets.correctQuarantined(ctx, result.runId, row.id, { NHSNo: '9434765919' }, 'Digits transposed; checked with the sender');
    const afterCounts = await counts();
    assert.equal(afterCounts.records, before.records + 1);
    assert.equal(afterCounts.events, before.events + 1);
    const record = await datasets.record(ctx, fixed.recordId);
    assert.equal(record.record.nhs_number, '9434765919');
    assert.deepEqual(record.corrections.map((c) => [c.column_name, c.old_value, c.new_value, c.reason, c.corrected_by_name]), [['NHSNo', '9434765918', '9434765919', 'Digits transposed; checked with the sender', 'data IMP']]);
    const audit = await withTenant(harness.container.database.db, council.id, (tx) => tx.selectFrom('audit_event').select(['action', 'details']).where('action', '=', 'quarantine.correct').execute());
    assert.equal(audit.length, 1);
  });

  void test('correcting an accepted value updates it and keeps who, when, old, new and why', async () => {
    const [first] = await datasets.findRecords(ctx, (await datasets.source(ctx, sourceId)).runs.find((r) => r.file_name === 'first.csv')!.id, 'R2');
    await assert.rejects(datasets.correctRecord(ctx, first!.id, { column: 'postcode', value: 'NM4 4X', reason: 'moved' }), ValidationError);
    await datasets.correctRecord(ctx, first!.id, { column: 'postcode', value: 'nm4 6el', reason: 'Moved in March; confirmed by the school' });
    const record = await datasets.record(ctx, first!.id);
    assert.equal(record.record.postcode, 'NM4 6EL');
    const c = record.corrections[0]!;
    assert.deepEqual([c.column_name, c.old_value, c.new_value, c.reason], ['postcode', 'NM4 4DB', 'NM4 6EL', 'Moved in March; confirmed by the school']);
    assert.ok(c.corrected_at instanceof Date);
  });

  void test('another council sees none of these runs, records or sources', async () => {
    const runId = (await datasets.source(ctx, sourceId)).runs[0]!.id;
    await assert.rejects(datasets.run(otherCtx, runId), /not found/);
    await assert.rejects(datasets.source(otherCtx, sourceId), /not found/);
    assert.deepEqual(await datasets.listSources(otherCtx), []);
    assert.deepEqual(await counts(other.id), { records: 0, events: 0, quarantine: 0, runs: 0 });
  });
});

