// The mapping editor's form fields ↔ a MappingSpec. Pure; tested in mapping-form.test.ts.
import { IDENTITY_FIELDS, type IdentityField, type MappingSpec } from './mapping.ts';

export type MappingForm = Record<string, string | string[]>;

const list = (s: string): string[] => s.split(',').map((x) => x.trim()).filter((x) => x !== '');

export function specToForm(spec: MappingSpec): Record<string, string | string[]> {
  const form: Record<string, string | string[]> = {
    format: spec.format, delimiter: spec.delimiter === '\t' ? '\\t' : spec.delimiter, encoding: spec.encoding, sheet: spec.sheet ?? '', dateFormat: spec.dateFormat, dobFormat: spec.dobFormat ?? '',
    address: (spec.identity.address ?? []).join(', '), required: spec.required,
    eventType: spec.event?.type ?? '', eventDate: spec.event?.date ?? '', eventEndDate: spec.event?.end_date ?? '',
    eventValues: Object.entries(spec.event?.values ?? {}).map(([k, v]) => `${k} = ${v}`).join('\n'),
    numeric: (spec.event?.numeric ?? []).join(', '),
    codes: Object.entries(spec.codes).flatMap(([column, codes]) => Object.entries(codes).map(([code, meaning]) => `${column}: ${code} = ${meaning}`)).join('\n'),
    columns: spec.columns.join(', '),
  };
  for (const f of IDENTITY_FIELDS) if (f !== 'address') form[`id_${f}`] = spec.identity[f] ?? '';
  return form;
}

/** Reads the editor's fields; lines it cannot read are reported as errors. */
export function formToSpec(form: MappingForm): { spec: MappingSpec; errors: Record<string, string> } {
  const one = (k: string): string => {
    const v = form[k];
    return (Array.isArray(v) ? (v.at(-1) ?? '') : (v ?? '')).trim();
  };
  const many = (k: string): string[] => {
    const v = form[k];
    return v === undefined ? [] : Array.isArray(v) ? v : [v];
  };
  const errors: Record<string, string> = {};
  const codes: Record<string, Record<string, string>> = {};
  one('codes').split(/\r?\n/).forEach((line, i) => {
    if (!line.trim()) return;
    const m = /^([^:]+):\s*(.*?)\s*=\s*(.*)$/.exec(line.trim());
    if (!m) {
      errors.codes ??= `Line ${i + 1} of the codes is not "Column: CODE = meaning"`;
      return;
    }
    const column = (m[1] as string).trim();
    (codes[column] ??= {})[m[2] as string] = (m[3] as string).trim();
  });
  const values: Record<string, string> = {};
  one('eventValues').split(/\r?\n/).forEach((line, i) => {
    if (!line.trim()) return;
    const m = /^([a-z][a-z0-9_]*)\s*=\s*(.+)$/.exec(line.trim());
    if (!m) {
      errors.eventValues ??= `Line ${i + 1} of the values is not "name = Column" (names are lower case words joined by _)`;
      return;
    }
    values[m[1] as string] = (m[2] as string).trim();
  });
  const identity: MappingSpec['identity'] = { record_id: one('id_record_id') };
  for (const f of IDENTITY_FIELDS) {
    if (f === 'address' || f === 'record_id') continue;
    const v = one(`id_${f}`);
    if (v) identity[f] = v;
  }
  const address = list(one('address'));
  if (address.length > 0) identity.address = address;
  const delimiter = one('delimiter') === '\\t' ? '\t' : (form.delimiter as string | undefined) ?? ',';
  const eventType = one('eventType');
  const spec: MappingSpec = {
    format: one('format') === 'xlsx' ? 'xlsx' : 'csv',
    delimiter: delimiter === '' ? ',' : delimiter,
    encoding: one('encoding') === 'windows-1252' ? 'windows-1252' : 'utf-8',
    ...(one('sheet') ? { sheet: one('sheet') } : {}),
    dateFormat: one('dateFormat'),
    ...(one('dobFormat') ? { dobFormat: one('dobFormat') } : {}),
    columns: list(one('columns')),
    identity,
    required: many('required').filter((r): r is IdentityField => (IDENTITY_FIELDS as readonly string[]).includes(r)),
    codes,
    event: eventType || one('eventDate') ? { type: eventType, date: one('eventDate'), ...(one('eventEndDate') ? { end_date: one('eventEndDate') } : {}), values, numeric: list(one('numeric')) } : null,
  };
  return { spec, errors };
}
