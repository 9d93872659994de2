// Converts the public linkage benchmarks to `hearth link` file mode (one CSV per source with the
// Hearth header) plus a truth file (source,record_id,person_id). What maps to what:
//  - FEBRL 3/4: given_name, surname → family_name, date_of_birth YYYYMMDD → ISO, postcode (Australian,
//    kept as is), address = street_number + address_1 + address_2 + suburb (state dropped: 8 values),
//    soc_sec_id → upn column (a generic person identifier: Splink's FEBRL models use soc_sec_id too;
//    it is noisy in FEBRL — about 10% of duplicates carry a different one — so it is fair evidence,
//    not a give-away). No sex in FEBRL.
//  - fake_1000: first_name, surname, dob, city → address. email is not used (no column for it).
//  - historical_50k: first_name, surname, dob, postcode_fake → postcode, gender → sex,
//    birth_place → address (a place string; Splink's models use it too). occupation is not used.
import { readFileSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';

export const DATA_DIR = '/work/shared/data/linkage-benchmarks';
export const HEADER = 'record_id,given_name,family_name,date_of_birth,sex,address,postcode,uprn,nhs_number,upn,ni_number';

export interface Row { record_id: string; given_name: string; family_name: string; date_of_birth: string; sex: string; address: string; postcode: string; uprn: string; nhs_number: string; upn: string; ni_number: string }
export interface Dataset { name: string; linkOnly: boolean; sources: Map<string, Row[]>; truth: Map<string, string> /* source|record_id → person */ }

function readCsv(file: string): Record<string, string>[] {
  return parse(readFileSync(join(DATA_DIR, file)), { columns: (h: string[]) => h.map((x) => x.trim()), trim: true, skip_empty_lines: true }) as Record<string, string>[];
}

const blankRow = (): Row => ({ record_id: '', given_name: '', family_name: '', date_of_birth: '', sex: '', address: '', postcode: '', uprn: '', nhs_number: '', upn: '', ni_number: '' });

function febrlDate(s: string): string {
  return /^\d{8}$/.test(s) ? `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}` : '';
}

function febrlRows(file: string): { rows: Row[]; truth: string[] } {
  const rows: Row[] = [];
  const truth: string[] = [];
  for (const r of readCsv(file)) {
    const row = blankRow();
    row.record_id = r.rec_id!;
    row.given_name = r.given_name!;
    row.family_name = r.surname!;
    row.date_of_birth = febrlDate(r.date_of_birth!);
    row.address = [r.street_number, r.address_1, r.address_2, r.suburb].filter(Boolean).join(' ');
    row.postcode = r.postcode!;
    row.upn = r.soc_sec_id!;
    rows.push(row);
    truth.push(r.rec_id!.split('-')[1]!);
  }
  return { rows, truth };
}

export function febrl3(): Dataset {
  const { rows, truth } = febrlRows('dataset3.csv');
  const t = new Map<string, string>();
  rows.forEach((r, x) => t.set(`febrl3|${r.record_id}`, truth[x]!));
  return { name: 'FEBRL 3 (dedupe)', linkOnly: false, sources: new Map([['febrl3', rows]]), truth: t };
}

export function febrl4(): Dataset {
  const a = febrlRows('dataset4a.csv');
  const b = febrlRows('dataset4b.csv');
  const t = new Map<string, string>();
  a.rows.forEach((r, x) => t.set(`a|${r.record_id}`, a.truth[x]!));
  b.rows.forEach((r, x) => t.set(`b|${r.record_id}`, b.truth[x]!));
  return { name: 'FEBRL 4 (link)', linkOnly: true, sources: new Map([['a', a.rows], ['b', b.rows]]), truth: t };
}

export function fake1000(): Dataset {
  const rows: Row[] = [];
  const t = new Map<string, string>();
  for (const r of readCsv('fake_1000.csv')) {
    const row = blankRow();
    row.record_id = r.unique_id!;
    row.given_name = r.first_name!;
    row.family_name = r.surname!;
    row.date_of_birth = r.dob!;
    row.address = r.city!;
    rows.push(row);
    t.set(`fake|${row.record_id}`, r.cluster!);
  }
  return { name: 'fake_1000', linkOnly: false, sources: new Map([['fake', rows]]), truth: t };
}

export function hist50k(): Dataset {
  const rows: Row[] = [];
  const t = new Map<string, string>();
  for (const r of readCsv('hist50k.csv')) {
    const row = blankRow();
    row.record_id = r.unique_id!;
    row.given_name = r.first_name!;
    row.family_name = r.surname!;
    row.date_of_birth = r.dob!;
    row.sex = r.gender === 'male' ? 'M' : r.gender === 'female' ? 'F' : '';
    row.address = r.birth_place!;
    row.postcode = r.postcode_fake!;
    rows.push(row);
    t.set(`hist|${row.record_id}`, r.cluster!);
  }
  return { name: 'historical_50k', linkOnly: false, sources: new Map([['hist', rows]]), truth: t };
}

function csvField(v: string): string {
  return /[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/** Write a data set as file-mode input (DIR/<source>.csv) and DIR/../<name>-truth.csv. */
export function writeFileMode(d: Dataset, dir: string, truthFile: string): void {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const cols = HEADER.split(',') as (keyof Row)[];
  for (const [source, rows] of d.sources) {
    const lines = [HEADER, ...rows.map((r) => cols.map((c) => csvField(r[c])).join(','))];
    writeFileSync(join(dir, `${source}.csv`), lines.join('\n') + '\n');
  }
  const truth = ['source,record_id,person_id'];
  for (const [k, p] of d.truth) { const [s, id] = k.split('|'); truth.push(`${s},${csvField(id!)},${p}`); }
  writeFileSync(truthFile, truth.join('\n') + '\n');
}
