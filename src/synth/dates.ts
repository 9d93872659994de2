// Dates as day numbers (days since 1970-01-01, UTC) and the token formats sources use.
// Tokens: YYYY, YY, MM, M, DD, D, MMM (Jan…Dec), HH, mm, ss; any other character is literal.

import { dayNumber, daysInMonth } from '../platform/dates.ts';

export const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export { dayNumber };

/** Civil date [y, m, d] of a day number. */
export function civil(day: number): [number, number, number] {
  const z = day + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return [m <= 2 ? era * 400 + yoe + 1 : era * 400 + yoe, m, d];
}

const p2 = (n: number): string => (n < 10 ? '0' : '') + n;

/** ISO yyyy-mm-dd of a day number. */
export function isoDate(day: number): string {
  const [y, m, d] = civil(day);
  return `${y}-${p2(m)}-${p2(d)}`;
}

/** Day number of an ISO yyyy-mm-dd string, or null. */
export function parseIso(s: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return null;
  const y = Number(m[1]), mo = Number(m[2]), d = Number(m[3]);
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return null;
  return dayNumber(y, mo, d);
}

const TOKEN = /YYYY|YY|MMM|MM|M|DD|D|HH|mm|ss/g;

/** Formats y-m-d (and optional seconds into the day) with a token string. */
export function formatParts(fmt: string, y: number, m: number, d: number, secs = 0): string {
  return fmt.replace(TOKEN, (t) => {
    switch (t) {
      case 'YYYY': return String(y);
      case 'YY': return p2(y % 100);
      case 'MMM': return MONTHS[m - 1] as string;
      case 'MM': return p2(m);
      case 'M': return String(m);
      case 'DD': return p2(d);
      case 'D': return String(d);
      case 'HH': return p2(Math.floor(secs / 3600));
      case 'mm': return p2(Math.floor(secs / 60) % 60);
      default: return p2(secs % 60);
    }
  });
}

/** A formatter for one token string, caching by day number (times are formatted uncached). */
export function dateFormatter(fmt: string): (day: number, secs?: number) => string {
  const cache = new Map<number, string>();
  const timed = /HH|mm|ss/.test(fmt);
  return (day, secs = 0) => {
    if (timed) { const [y, m, d] = civil(day); return formatParts(fmt, y, m, d, secs); }
    let s = cache.get(day);
    if (s === undefined) { const [y, m, d] = civil(day); s = formatParts(fmt, y, m, d); cache.set(day, s); }
    return s;
  };
}

/** A parser for one token string: text → ISO yyyy-mm-dd, or null if it does not fit or is impossible. */
export function dateParser(fmt: string): (s: string) => string | null {
  const order: string[] = [];
  const src = fmt.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(TOKEN, (t) => {
    order.push(t);
    switch (t) {
      case 'YYYY': return '(\\d{4})';
      case 'MMM': return '([A-Za-z]{3})';
      case 'M': case 'D': return '(\\d{1,2})';
      default: return '(\\d{2})';
    }
  });
  const re = new RegExp(`^${src}$`);
  return (s) => {
    const m = re.exec(s.trim());
    if (!m) return null;
    let y = 0, mo = 0, d = 0;
    order.forEach((t, i) => {
      const v = m[i + 1] as string;
      if (t === 'YYYY') y = Number(v);
      else if (t === 'YY') { const n = Number(v); y = n > 40 ? 1900 + n : 2000 + n; }
      else if (t === 'MMM') mo = MONTHS.findIndex((x) => x.toLowerCase() === v.toLowerCase()) + 1;
      else if (t === 'MM' || t === 'M') mo = Number(v);
      else if (t === 'DD' || t === 'D') d = Number(v);
    });
    if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return null;
    return `${y}-${p2(mo)}-${p2(d)}`;
  };
}

/**
 * A date of birth as the canonical identity string: ISO date, a partial 'yyyy-mm' or 'yyyy',
 * or '' when missing or unreadable. Partial dates appear in sources as "MM/YYYY", "YYYY-MM",
 * "MMM-YYYY" or "YYYY".
 */
export function dobParser(fmt: string): (s: string) => string {
  const full = dateParser(fmt);
  return (raw) => {
    const s = raw.trim();
    if (s === '') return '';
    const f = full(s);
    if (f !== null) return f;
    let m = /^(\d{1,2})[/.-](\d{4})$/.exec(s);
    if (m) { const mo = Number(m[1]); return mo >= 1 && mo <= 12 ? `${m[2]}-${p2(mo)}` : (m[2] as string); }
    m = /^(\d{4})-(\d{2})$/.exec(s);
    if (m) { const mo = Number(m[2]); return mo >= 1 && mo <= 12 ? `${m[1]}-${m[2]}` : (m[1] as string); }
    m = /^([A-Za-z]{3})[-/ ](\d{4})$/.exec(s);
    if (m) { const mo = MONTHS.findIndex((x) => x.toLowerCase() === (m as RegExpExecArray)[1]!.toLowerCase()) + 1; return mo > 0 ? `${m[2]}-${p2(mo)}` : (m[2] as string); }
    if (/^\d{4}$/.test(s)) return s;
    return '';
  };
}
