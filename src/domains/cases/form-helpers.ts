// Reading what GOV.UK forms post: lists from checkboxes, dates from date inputs, pence from pounds.
import { parseDateParts } from '../../platform/dates.ts';
import type { FieldErrors } from '../../platform/errors.ts';

/** Every value of a field that may be posted more than once (checkboxes). */
export function readList(body: unknown, key: string): string[] {
  if (!body || typeof body !== 'object') return [];
  const value = (body as Record<string, unknown>)[key];
  const list = Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
  return list.map((v) => String(v)).filter((v) => v !== '');
}

export type DateFields<P extends string> = `${P}-day` | `${P}-month` | `${P}-year`;

/** A GOV.UK date input posted as prefix-day, prefix-month, prefix-year; errors are keyed by prefix. */
export function readDate(form: Record<string, string>, prefix: string, label: string, errors: FieldErrors, options: { optional?: boolean } = {}): string | null {
  const day = form[`${prefix}-day`] ?? '';
  const month = form[`${prefix}-month`] ?? '';
  const year = form[`${prefix}-year`] ?? '';
  if (options.optional && [day, month, year].every((p) => p.trim() === '')) return null;
  const parsed = parseDateParts(day, month, year, label);
  if (!parsed.ok) {
    errors[prefix] = parsed.error;
    return null;
  }
  return parsed.value;
}

/** Values for a date input from an ISO date, to prefill a form. */
export function dateValues(prefix: string, iso: string | null): Record<string, string> {
  if (!iso) return {};
  const [y, m, d] = iso.split('-');
  return { [`${prefix}-day`]: String(Number(d)), [`${prefix}-month`]: String(Number(m)), [`${prefix}-year`]: y ?? '' };
}

/** "£12.50", "12.5", "12" → pence; null when not a sum of money. */
export function parsePounds(value: string): number | null {
  const cleaned = value.trim().replace(/^£/, '').replace(/,/g, '');
  if (!/^\d+(\.\d{1,2})?$/.test(cleaned)) return null;
  const [pounds, pence = ''] = cleaned.split('.');
  return Number(pounds) * 100 + Number(pence.padEnd(2, '0'));
}

export function requireText(value: string, field: string, message: string, errors: FieldErrors, max = 5000): string {
  const text = value.trim();
  if (!text) errors[field] = message;
  else if (text.length > max) errors[field] = `${message.replace(/^Enter /, '').replace(/^./, (c) => c.toUpperCase())} must be ${max} characters or fewer`;
  return text;
}

export function optionalText(value: string, field: string, label: string, errors: FieldErrors, max = 5000): string | null {
  const text = value.trim();
  if (text.length > max) errors[field] = `${label} must be ${max} characters or fewer`;
  return text || null;
}

export function oneOf<T extends string>(value: string, allowed: readonly T[], field: string, message: string, errors: FieldErrors): T {
  if (!(allowed as readonly string[]).includes(value)) errors[field] = message;
  return value as T;
}
