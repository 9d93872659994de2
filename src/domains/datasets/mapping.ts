// A mapping turns one source's own columns, codes and date formats into Hearth's canonical records:
// a source_record (identity fields) and, optionally, one dated event per row. Mappings are data
// (saved as versions per source); compileMapping() makes the fast per-row function the importer
// runs. Pure; table-tested in mapping.test.ts.
import type { SourceManifest } from '../../synth/manifest.ts';
import { dateReader, dobReader, isDateFormat, type DateResult } from './dates.ts';
import { canonicalSex, checkNhsNumber, checkNiNumber, checkNumber, checkPostcode, checkUpn, checkUprn, looksLikeFormula, type Checked, type Problem } from './validation.ts';

export const IDENTITY_FIELDS = ['record_id', 'given_name', 'family_name', 'full_name', 'date_of_birth', 'sex', 'address', 'postcode', 'uprn', 'nhs_number', 'upn', 'ni_number'] as const;
export type IdentityField = (typeof IDENTITY_FIELDS)[number];

export const IDENTITY_LABELS: Record<IdentityField, string> = {
  record_id: 'Record identifier',
  given_name: 'Given name',
  family_name: 'Family name',
  full_name: 'Full name ("SURNAME, Forename")',
  date_of_birth: 'Date of birth',
  sex: 'Sex',
  address: 'Address (one or more columns)',
  postcode: 'Postcode',
  uprn: 'UPRN',
  nhs_number: 'NHS number',
  upn: 'Unique pupil number',
  ni_number: 'National Insurance number',
};

export interface MappingSpec {
  format: 'csv' | 'xlsx';
  /** CSV field separator. */
  delimiter: string;
  encoding: 'utf-8' | 'windows-1252';
  /** XLSX: the worksheet to read (the first when empty). */
  sheet?: string;
  /** Token string for every date column (DD MM YYYY MMM HH mm ss). */
  dateFormat: string;
  /** When the date of birth has a format of its own. */
  dobFormat?: string;
  /** The columns the source's header is expected to have (informational; the editor offers them). */
  columns: string[];
  /** Canonical identity field → column; address may take several columns, joined with ", ". */
  identity: Partial<Record<Exclude<IdentityField, 'address'>, string>> & { record_id: string; address?: string[] };
  /** Identity fields that must have a value (record_id always must). */
  required: IdentityField[];
  /** Column → (source code → canonical meaning). '' as a meaning means "not known". */
  codes: Record<string, Record<string, string>>;
  /** One dated event per row, or null for identity-only sources. */
  event: null | {
    /** A canonical event type (has a dot, e.g. "school.attendance") or a column whose codes give the type. */
    type: string;
    date: string;
    end_date?: string;
    /** Canonical attribute → column. */
    values: Record<string, string>;
    /** Attributes that hold numbers. */
    numeric: string[];
  };
}

export interface CanonicalRecord {
  record_key: string;
  given_name: string | null;
  family_name: string | null;
  date_of_birth: string | null;
  sex: string | null;
  address: string | null;
  postcode: string | null;
  uprn: string | null;
  nhs_number: string | null;
  upn: string | null;
  ni_number: string | null;
}

export interface CanonicalEvent {
  type: string;
  occurred_on: string;
  ended_on: string | null;
  attributes: Record<string, string | number>;
}

export type MappedRow = { ok: true; record: CanonicalRecord; event: CanonicalEvent | null } | { ok: false; problems: Problem[] };

export interface CompiledMapping {
  /** The header as delivered. */
  header: string[];
  map(values: string[]): MappedRow;
}

/** The header does not carry the columns the mapping needs. */
export class HeaderError extends Error {
  readonly missing: string[];
  constructor(missing: string[], header: string[]) {
    const looksLikeData = header.some((h) => /^\d[\d/.\- :]*$/.test(h.trim()));
    super(
      looksLikeData || missing.length === header.length
        ? `The first row is not a header row (expected columns such as ${missing.slice(0, 4).join(', ')}). Add the column names as the first row and deliver the file again.`
        : `The header row is missing the column${missing.length > 1 ? 's' : ''} ${missing.join(', ')} that the mapping uses. Found: ${header.slice(0, 30).join(', ')}.`,
    );
    this.missing = missing;
  }
}

/** Every column a mapping reads, with the canonical field it feeds. */
export function mappedColumns(spec: MappingSpec): Array<{ column: string; field: string }> {
  const out: Array<{ column: string; field: string }> = [];
  for (const f of IDENTITY_FIELDS) {
    if (f === 'address') for (const c of spec.identity.address ?? []) out.push({ column: c, field: 'address' });
    else {
      const c = spec.identity[f];
      if (c) out.push({ column: c, field: f });
    }
  }
  if (spec.event) {
    if (!spec.event.type.includes('.')) out.push({ column: spec.event.type, field: 'event.type' });
    out.push({ column: spec.event.date, field: 'event.date' });
    if (spec.event.end_date) out.push({ column: spec.event.end_date, field: 'event.end_date' });
    for (const [k, c] of Object.entries(spec.event.values)) out.push({ column: c, field: `event.${k}` });
  }
  return out;
}

/** Problems with a mapping itself (field → message, for the editor); empty when it can be used. */
export function checkMappingSpec(spec: MappingSpec, header?: string[]): Record<string, string> {
  const errors: Record<string, string> = {};
  if (spec.format === 'csv' && (spec.delimiter.length !== 1 || spec.delimiter === '"')) errors.delimiter = 'Enter one character that separates the fields, such as a comma';
  if (!isDateFormat(spec.dateFormat)) errors.dateFormat = 'Enter a date format with a day, a month and a year, such as DD/MM/YYYY';
  if (spec.dobFormat && !isDateFormat(spec.dobFormat)) errors.dobFormat = 'Enter a date of birth format with a day, a month and a year, such as DD/MM/YYYY';
  if (!spec.identity.record_id) errors.record_id = 'Select the column that identifies each record';
  if (spec.event) {
    if (!spec.event.type) errors.eventType = 'Enter the event type (such as school.attendance) or the column whose codes give it';
    else if (!spec.event.type.includes('.')) {
      const codes = spec.codes[spec.event.type];
      if (!codes || Object.keys(codes).length === 0) errors.eventType = `Give the codes of ${spec.event.type} and the event type each one means`;
      else if (Object.values(codes).some((t) => !/^[a-z_]+\.[a-z_.]+$/.test(t))) errors.eventType = `Each code of ${spec.event.type} must give an event type such as police.asb_incident`;
    } else if (!/^[a-z_]+\.[a-z_.]+$/.test(spec.event.type)) errors.eventType = 'Event types are lower case words joined by dots, such as school.attendance';
    if (!spec.event.date) errors.eventDate = 'Select the column with the date of the event';
    for (const n of spec.event.numeric) if (!(n in spec.event.values)) errors.eventValues = `${n} is marked as a number but is not one of the values`;
  }
  if (header) {
    const have = new Set(header.map(normaliseHeader));
    const missing = [...new Set(mappedColumns(spec).map((m) => m.column))].filter((c) => !have.has(normaliseHeader(c)));
    if (missing.length > 0 && !errors.record_id) errors.columns = `The delivery has no column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`;
  }
  return errors;
}

export function normaliseHeader(h: string): string {
  return h.replace(/^\uFEFF/, '').trim().toLowerCase();
}

const IGNORED_SEX = new Set(['', 'U', 'UNKNOWN', 'X', 'NK', 'NS']);

/**
 * The per-row function for one mapping and one delivered header. Throws HeaderError when the
 * header lacks a column the mapping reads. `today` (yyyy-mm-dd) bounds dates of birth and events.
 */
export function compileMapping(spec: MappingSpec, header: string[], today: string): CompiledMapping {
  const index = new Map<string, number>();
  header.forEach((h, i) => {
    const k = normaliseHeader(h);
    if (!index.has(k)) index.set(k, i);
  });
  const missing = [...new Set(mappedColumns(spec).map((m) => m.column))].filter((c) => !index.has(normaliseHeader(c)));
  if (missing.length > 0) throw new HeaderError(missing, header);
  const at = (column: string | undefined): number => (column === undefined || column === '' ? -1 : (index.get(normaliseHeader(column)) as number));
  const width = header.length;
  const id = spec.identity;
  const col = {
    record_id: at(id.record_id), given_name: at(id.given_name), family_name: at(id.family_name), full_name: at(id.full_name),
    date_of_birth: at(id.date_of_birth), sex: at(id.sex), postcode: at(id.postcode), uprn: at(id.uprn),
    nhs_number: at(id.nhs_number), upn: at(id.upn), ni_number: at(id.ni_number),
  };
  const addressAt = (id.address ?? []).map((c) => at(c));
  const required = new Set<IdentityField>(['record_id', ...spec.required]);
  const readDob = dobReader(spec.dobFormat || spec.dateFormat);
  const readDate = dateReader(spec.dateFormat);
  const sexCodes = id.sex ? spec.codes[id.sex] : undefined;
  const ev = spec.event;
  const typeAt = ev && !ev.type.includes('.') ? at(ev.type) : -1;
  const typeCodes = typeAt >= 0 && ev ? (spec.codes[ev.type] ?? {}) : null;
  const dateAt = ev ? at(ev.date) : -1;
  const endAt = ev?.end_date ? at(ev.end_date) : -1;
  const numeric = new Set(ev?.numeric ?? []);
  // A value read from the event-type column keeps the delivered code (ASBW, NOSP …): that column's
  // code list maps codes to event types, not to values, and rules need the code itself.
  const values = ev ? Object.entries(ev.values).map(([name, column]) => ({ name, column, i: at(column), codes: column === ev.type ? undefined : spec.codes[column], numeric: numeric.has(name) })) : [];

  const dateProblem = (column: string, field: string, raw: string, r: DateResult & { ok: false }): Problem => ({
    column,
    field,
    code: r.reason === 'impossible' ? 'impossible_date' : 'date_format',
    message: r.reason === 'impossible' ? `${raw} is not a real date` : `"${raw}" does not match the date format ${field === 'date_of_birth' ? spec.dobFormat || spec.dateFormat : spec.dateFormat}`,
  });

  return {
    header,
    map(row: string[]): MappedRow {
      const problems: Problem[] = [];
      if (row.length !== width) {
        problems.push({ column: null, field: 'row', code: 'column_count', message: `The row has ${row.length} fields; the header has ${width}` });
      }
      for (let i = 0; i < row.length; i++) {
        const v = row[i] as string;
        if (v.length > 0 && looksLikeFormula(v)) {
          problems.push({ column: header[i] ?? `column ${i + 1}`, field: 'cell', code: 'formula', message: `The value starts with "${v[0]}" and would run as a spreadsheet formula; check the value with the sender` });
        }
      }
      const get = (i: number): string => (i < 0 ? '' : (row[i] ?? '').trim());
      const need = (field: IdentityField, column: string | undefined, value: string): void => {
        if (value === '' && required.has(field)) problems.push({ column: column ?? null, field, code: 'missing_required', message: `${IDENTITY_LABELS[field]} is required` });
      };
      const checked = (field: IdentityField, check: (s: string) => Checked): string | null => {
        const i = col[field as keyof typeof col];
        const raw = get(i);
        need(field, id[field as keyof typeof id] as string | undefined, raw);
        if (raw === '') return null;
        const r = check(raw);
        if (r.ok) return r.value;
        problems.push({ column: header[i] as string, field, code: r.code, message: r.message });
        return null;
      };

      const recordKey = get(col.record_id);
      need('record_id', id.record_id, recordKey);
      let given = get(col.given_name);
      let family = get(col.family_name);
      if (col.full_name >= 0 && given === '' && family === '') [given, family] = splitFullName(get(col.full_name));
      need('given_name', id.given_name ?? id.full_name, given);
      need('family_name', id.family_name ?? id.full_name, family);
      if (required.has('full_name') && col.full_name >= 0) need('full_name', id.full_name, get(col.full_name));

      let dob: string | null = null;
      const dobRaw = get(col.date_of_birth);
      need('date_of_birth', id.date_of_birth, dobRaw);
      if (dobRaw !== '') {
        const r = readDob(dobRaw);
        if (!r.ok) problems.push(dateProblem(header[col.date_of_birth] as string, 'date_of_birth', dobRaw, r));
        else if (r.iso > today) problems.push({ column: header[col.date_of_birth] as string, field: 'date_of_birth', code: 'future_date', message: `Date of birth ${dobRaw} is in the future` });
        else if (r.iso < '1900') problems.push({ column: header[col.date_of_birth] as string, field: 'date_of_birth', code: 'impossible_date', message: `Date of birth ${dobRaw} is before 1900` });
        else dob = r.iso;
      }

      let sex: string | null = null;
      const sexRaw = get(col.sex);
      need('sex', id.sex, sexRaw);
      if (sexRaw !== '') {
        const coded = sexCodes ? (sexCodes[sexRaw] ?? sexCodes[sexRaw.toUpperCase()]) : undefined;
        const s = coded !== undefined ? canonicalSex(coded) : sexCodes ? null : IGNORED_SEX.has(sexRaw.toUpperCase()) ? '' : canonicalSex(sexRaw);
        if (s === null) problems.push({ column: header[col.sex] as string, field: 'sex', code: 'unknown_code', message: `"${sexRaw}" is not a known code for sex` });
        else sex = s === '' ? null : s;
      }

      const address = addressAt.map(get).filter((x) => x !== '').join(', ');
      need('address', id.address?.[0], address);
      const postcode = checked('postcode', checkPostcode);
      const uprn = checked('uprn', checkUprn);
      const nhs = checked('nhs_number', checkNhsNumber);
      const upn = checked('upn', checkUpn);
      const nino = checked('ni_number', checkNiNumber);

      let event: CanonicalEvent | null = null;
      if (ev) {
        let type = ev.type;
        if (typeCodes) {
          const code = get(typeAt);
          const t = typeCodes[code];
          if (code === '') problems.push({ column: header[typeAt] as string, field: 'event.type', code: 'missing_required', message: `${ev.type} is required: it gives the event type` });
          else if (t === undefined || t === '') problems.push({ column: header[typeAt] as string, field: 'event.type', code: 'unknown_code', message: `"${code}" is not a known code of ${ev.type} (known: ${Object.keys(typeCodes).join(', ')})` });
          type = t ?? '';
        }
        let occurred: string | null = null;
        const dateRaw = get(dateAt);
        if (dateRaw === '') problems.push({ column: header[dateAt] as string, field: 'event.date', code: 'missing_required', message: 'The event date is required' });
        else {
          const r = readDate(dateRaw);
          if (!r.ok) problems.push(dateProblem(header[dateAt] as string, 'event.date', dateRaw, r));
          else if (r.iso > today) problems.push({ column: header[dateAt] as string, field: 'event.date', code: 'future_date', message: `Event date ${dateRaw} is in the future` });
          else occurred = r.iso;
        }
        let ended: string | null = null;
        const endRaw = get(endAt);
        if (endRaw !== '') {
          const r = readDate(endRaw);
          if (!r.ok) problems.push(dateProblem(header[endAt] as string, 'event.end_date', endRaw, r));
          else if (occurred !== null && r.iso < occurred) problems.push({ column: header[endAt] as string, field: 'event.end_date', code: 'end_before_start', message: `End date ${endRaw} is before the start date ${dateRaw}` });
          else ended = r.iso;
        }
        const attributes: Record<string, string | number> = {};
        for (const v of values) {
          const raw = get(v.i);
          if (raw === '') continue;
          if (v.codes) {
            const meaning = v.codes[raw];
            if (meaning === undefined) problems.push({ column: v.column, field: `event.${v.name}`, code: 'unknown_code', message: `"${raw}" is not a known code of ${v.column}` });
            else if (meaning !== '') attributes[v.name] = meaning;
          } else if (v.numeric) {
            const n = checkNumber(raw);
            if (n.ok) attributes[v.name] = n.value;
            else problems.push({ column: v.column, field: `event.${v.name}`, code: n.code, message: n.message });
          } else attributes[v.name] = raw;
        }
        if (occurred !== null) event = { type, occurred_on: occurred, ended_on: ended, attributes };
      }

      if (problems.length > 0) return { ok: false, problems };
      return {
        ok: true,
        record: {
          record_key: recordKey,
          given_name: given || null,
          family_name: family || null,
          date_of_birth: dob,
          sex,
          address: address || null,
          postcode,
          uprn,
          nhs_number: nhs,
          upn,
          ni_number: nino,
        },
        event,
      };
    },
  };
}

/** Splits "SURNAME, Forename" (or "Forename Surname" without a comma) into [given, family]. */
export function splitFullName(s: string): [string, string] {
  const t = s.trim();
  const comma = t.indexOf(',');
  if (comma >= 0) return [t.slice(comma + 1).trim(), t.slice(0, comma).trim()];
  const space = t.lastIndexOf(' ');
  return space < 0 ? ['', t] : [t.slice(0, space).trim(), t.slice(space + 1).trim()];
}

/**
 * A first mapping for a `hearth synth` source, from its manifest entry. `sample` rows (column →
 * value) decide which event values are numbers: those whose every sample value is a plain number
 * without a leading zero.
 */
export function mappingFromManifest(src: SourceManifest, sample: Array<Record<string, string>> = []): MappingSpec {
  const { address, ...identity } = src.identity;
  const codes: Record<string, Record<string, string>> = { ...(src.event.codes ?? {}) };
  const values = src.event.values ?? {};
  const numeric = Object.entries(values)
    .filter(([, column]) => !codes[column])
    .filter(([, column]) => {
      const seen = sample.map((r) => (r[column] ?? '').trim()).filter((v) => v !== '');
      return seen.length > 0 && seen.every((v) => /^-?(0|[1-9]\d{0,5})(\.\d+)?$/.test(v));
    })
    .map(([name]) => name);
  return {
    format: src.format,
    delimiter: src.delimiter,
    encoding: 'utf-8',
    ...(src.sheet ? { sheet: src.sheet } : {}),
    dateFormat: src.dateFormat,
    ...(src.dobFormat ? { dobFormat: src.dobFormat } : {}),
    columns: src.columns,
    identity: { ...identity, ...(address === undefined ? {} : { address: Array.isArray(address) ? address : [address] }) },
    required: [],
    codes,
    event: { type: src.event.type, date: src.event.date, ...(src.event.end_date ? { end_date: src.event.end_date } : {}), values, numeric },
  };
}
