// Small helpers shared by every form: GOV.UK error summaries and reading posted fields safely.
import type { FieldErrors } from '../platform/errors.ts';

export function errorList(errors: FieldErrors | undefined): Array<{ text: string; href: string }> {
  return Object.entries(errors ?? {}).map(([field, text]) => ({ text, href: `#${field}` }));
}

/** A posted form as plain strings, naming the fields a route reads: arrays keep their last value, missing fields are ''. */
export type Form<K extends string> = Record<K, string>;

export function readForm<K extends string>(body: unknown): Form<K> {
  const form: Record<string, string> = {};
  if (body && typeof body === 'object') {
    for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
      if (key === '_csrf') continue;
      const last = Array.isArray(value) ? value.at(-1) : value;
      form[key] = typeof last === 'string' ? last : last === undefined || last === null ? '' : String(last);
    }
  }
  return new Proxy(form, { get: (target, key) => (typeof key === 'string' ? (target[key] ?? '') : undefined) }) as Form<K>;
}

export function readQuery<K extends string>(query: unknown): Form<K> {
  return readForm<K>(query);
}

export function positiveInt(value: string, fallback: number, max = 100_000): number {
  const n = Number(value);
  return Number.isInteger(n) && n >= 1 && n <= max ? n : fallback;
}
