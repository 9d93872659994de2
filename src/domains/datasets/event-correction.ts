// Correcting the event an accepted record's row made: its date, its end date or one of its values,
// checked as the import checks them (dates real and not in the future, the end not before the
// start, numbers for numeric values, known codes for coded ones). A plain function of the event and
// the run's mapping, so the rules are table-tested (event-correction.test.ts).
import { dateReader } from './dates.ts';
import type { CanonicalEvent, MappingSpec } from './mapping.ts';
import { checkNumber, looksLikeFormula } from './validation.ts';

/** The event fields a data manager can correct: 'event_on', 'event_end', or 'event.' and a value's name from the mapping. */
export type EventField = 'event_on' | 'event_end' | `event.${string}`;

export function isEventField(column: string): column is EventField {
  return column === 'event_on' || column === 'event_end' || column.startsWith('event.');
}

/** The words for an event field in pages and messages ("event date", "event value sessions"). */
export function eventFieldLabel(field: EventField): string {
  if (field === 'event_on') return 'event date';
  if (field === 'event_end') return 'event end date';
  return `event value ${field.slice('event.'.length)}`;
}

/** The event fields of a mapping, in the order a page lists them. */
export function eventFields(spec: MappingSpec): EventField[] {
  return spec.event ? ['event_on', 'event_end', ...Object.keys(spec.event.values).map((name): EventField => `event.${name}`)] : [];
}

export type EventCorrection = { ok: true; event: CanonicalEvent; old: string | null; new: string | null } | { ok: false; message: string };

const readIsoDate = dateReader('YYYY-MM-DD');

/** The event with one field set to `raw` (yyyy-mm-dd for dates; empty removes an end date or a value), or why it cannot be. */
export function correctEvent(event: CanonicalEvent, field: EventField, raw: string, spec: MappingSpec, today: string): EventCorrection {
  const v = raw.trim();
  if (v !== '' && looksLikeFormula(v)) return { ok: false, message: 'The value starts with a character that spreadsheets run as a formula' };
  const result = (next: CanonicalEvent, old: string | number | null | undefined, value: string | number | null): EventCorrection =>
    (old ?? null) === value ? { ok: false, message: 'The new value is the same as the old one' } : { ok: true, event: next, old: old === null || old === undefined ? null : String(old), new: value === null ? null : String(value) };

  if (field === 'event_on' || field === 'event_end') {
    let iso: string | null = null;
    if (v !== '') {
      const r = readIsoDate(v);
      if (!r.ok) return { ok: false, message: r.reason === 'impossible' ? `${v} is not a real date` : 'Enter the date as yyyy-mm-dd' };
      iso = r.iso;
    }
    if (field === 'event_on') {
      if (iso === null) return { ok: false, message: 'Enter the event date as yyyy-mm-dd: an event must have one' };
      if (iso > today) return { ok: false, message: 'The event date cannot be in the future' };
      if (event.ended_on !== null && iso > event.ended_on) return { ok: false, message: `The event date cannot be after its end date (${event.ended_on}); correct the end date first` };
      return result({ ...event, occurred_on: iso }, event.occurred_on, iso);
    }
    if (iso !== null && iso < event.occurred_on) return { ok: false, message: `The end date cannot be before the event date (${event.occurred_on})` };
    return result({ ...event, ended_on: iso }, event.ended_on, iso);
  }

  const name = field.slice('event.'.length);
  const column = spec.event?.values[name];
  if (column === undefined) return { ok: false, message: 'Select the value to correct' };
  const attributes = { ...event.attributes };
  if (v === '') {
    delete attributes[name];
    return result({ ...event, attributes }, event.attributes[name], null);
  }
  let value: string | number = v;
  const codes = column === spec.event?.type ? undefined : spec.codes[column];
  if (spec.event?.numeric?.includes(name)) {
    const n = checkNumber(v);
    if (!n.ok) return { ok: false, message: `${name} is a number: ${n.message}` };
    value = n.value;
  } else if (codes) {
    // A code of the column is stored as its meaning, as the import stores it; a meaning is taken as it is.
    const meanings = new Set(Object.values(codes).filter((m) => m !== ''));
    const meaning = codes[v];
    if (meaning !== undefined && meaning !== '') value = meaning;
    else if (!meanings.has(v)) return { ok: false, message: `"${v}" is not a known code of ${column} (known: ${Object.keys(codes).join(', ')})` };
  }
  attributes[name] = value;
  return result({ ...event, attributes }, event.attributes[name], value);
}
