// Dates as people type them on GOV.UK date inputs (day, month, year), checked strictly.

export type DateParseResult = { ok: true; value: string } | { ok: false; error: string };

export function parseDateParts(day: string, month: string, year: string, label: string): DateParseResult {
  const parts = [day, month, year].map((p) => p.trim());
  if (parts.every((p) => p === '')) return { ok: false, error: `Enter ${label}` };
  const [d, m, y] = parts as [string, string, string];
  if (!d) return { ok: false, error: `${capitalise(label)} must include a day` };
  if (!m) return { ok: false, error: `${capitalise(label)} must include a month` };
  if (!y) return { ok: false, error: `${capitalise(label)} must include a year` };
  if (![d, m, y].every((p) => /^\d+$/.test(p)) || y.length !== 4) {
    return { ok: false, error: `${capitalise(label)} must be a real date` };
  }
  const iso = `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;
  if (!isRealDate(iso)) return { ok: false, error: `${capitalise(label)} must be a real date` };
  return { ok: true, value: iso };
}

/** Day number of a civil date: days since 1970-01-01 (proleptic Gregorian; H. Hinnant's days_from_civil). */
export function dayNumber(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Days in month m (1–12) of year y, by the Gregorian calendar. */
export function daysInMonth(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

export function isRealDate(iso: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!match) return false;
  const [, y, m, d] = match.map(Number) as [number, number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

export function ageOn(dateOfBirth: string, on: string): number {
  const [by, bm, bd] = dateOfBirth.split('-').map(Number) as [number, number, number];
  const [oy, om, od] = on.split('-').map(Number) as [number, number, number];
  return oy - by - (om < bm || (om === bm && od < bd) ? 1 : 0);
}

// Built once: constructing an Intl formatter per call costs milliseconds on a busy page.
const DATE_FORMAT = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/London' });
const DATE_TIME_FORMAT = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', hour: 'numeric', minute: '2-digit', hour12: true, timeZone: 'Europe/London' });

/** "3 March 2026", the GOV.UK style (a 'yyyy-mm-dd' is midnight UTC, the same day in London). */
export function formatDate(iso: string | Date | null | undefined): string {
  if (!iso) return '';
  const date = typeof iso === 'string' ? new Date(`${iso.slice(0, 10)}T00:00:00Z`) : iso;
  return DATE_FORMAT.format(date);
}

export function formatDateTime(date: Date | string | null | undefined): string {
  if (!date) return '';
  const d = typeof date === 'string' ? new Date(date) : date;
  return DATE_TIME_FORMAT.format(d).replace(' at ', ', ');
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
