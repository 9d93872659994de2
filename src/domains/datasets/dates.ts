// Dates as partners write them: a token string per source (YYYY, YY, MM, M, DD, D, MMM, HH, mm, ss;
// any other character literal) read into ISO yyyy-mm-dd, telling a value that does not fit the
// format apart from one that fits but is no real date (31/02/2024). Pure; table-tested.
import { daysInMonth } from '../../platform/dates.ts';

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const TOKEN = /YYYY|YY|MMM|MM|M|DD|D|HH|mm|ss/g;

export type DateResult = { ok: true; iso: string } | { ok: false; reason: 'format' | 'impossible' };

const p2 = (n: number): string => (n < 10 ? '0' : '') + n;

/** True when fmt is a usable date format: it has a year, a month and a day token. */
export function isDateFormat(fmt: string): boolean {
  const tokens = fmt.match(TOKEN) ?? [];
  return tokens.some((t) => t === 'YYYY' || t === 'YY') && tokens.some((t) => t === 'MM' || t === 'M' || t === 'MMM') && tokens.some((t) => t === 'DD' || t === 'D');
}

/** A parser for one format. ISO (yyyy-mm-dd, optionally with a time) is always accepted too, as spreadsheets give it. */
export function dateReader(fmt: string): (s: string) => DateResult {
  const order: string[] = [];
  const src = fmt.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(TOKEN, (t) => {
    order.push(t);
    if (t === 'YYYY') return '(\\d{4})';
    if (t === 'MMM') return '([A-Za-z]{3})';
    if (t === 'M' || t === 'D') return '(\\d{1,2})';
    return '(\\d{2})';
  });
  const re = new RegExp(`^${src}$`);
  const iso = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?$/;
  return remembered((raw) => {
    const s = raw.trim();
    let y = 0;
    let mo = 0;
    let d = 0;
    let h = 0;
    let mi = 0;
    let se = 0;
    const m = re.exec(s);
    if (m) {
      for (let i = 0; i < order.length; i++) {
        const t = order[i] as string;
        const v = m[i + 1] as string;
        if (t === 'YYYY') y = Number(v);
        else if (t === 'YY') { const n = Number(v); y = n > 40 ? 1900 + n : 2000 + n; }
        else if (t === 'MMM') mo = MONTHS.indexOf(v.toLowerCase()) + 1;
        else if (t === 'MM' || t === 'M') mo = Number(v);
        else if (t === 'DD' || t === 'D') d = Number(v);
        else if (t === 'HH') h = Number(v);
        else if (t === 'mm') mi = Number(v);
        else se = Number(v);
      }
    } else {
      const i = iso.exec(s);
      if (!i) return { ok: false, reason: 'format' };
      y = Number(i[1]);
      mo = Number(i[2]);
      d = Number(i[3]);
      h = Number(i[4] ?? 0);
      mi = Number(i[5] ?? 0);
      se = Number(i[6] ?? 0);
    }
    if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo) || h > 23 || mi > 59 || se > 59) return { ok: false, reason: 'impossible' };
    return { ok: true, iso: `${y}-${p2(mo)}-${p2(d)}` };
  });
}

/**
 * A date reader that remembers its last few thousand answers. A delivery repeats the same dates
 * (term starts, dates of birth) thousands of times, and a remembered answer is cheaper than a
 * regular expression. Answers are shared: callers only read them.
 */
function remembered(read: (s: string) => DateResult, size = 8192): (s: string) => DateResult {
  const answers = new Map<string, DateResult>();
  return (s) => {
    let answer = answers.get(s);
    if (answer === undefined) {
      answer = read(s);
      if (answers.size >= size) answers.clear();
      answers.set(s, answer);
    }
    return answer;
  };
}

/**
 * A date of birth: a full date in the format, or a partial date as sources give it
 * ("MM/YYYY", "YYYY-MM", "MMM-YYYY", "YYYY") kept as 'yyyy-mm' or 'yyyy'.
 */
export function dobReader(fmt: string): (s: string) => DateResult {
  const full = dateReader(fmt);
  return (raw) => {
    const s = raw.trim();
    const f = full(s);
    if (f.ok || f.reason === 'impossible') return f;
    let m = /^(\d{1,2})[/.-](\d{4})$/.exec(s) ?? null;
    if (m) return monthYear(Number(m[2]), Number(m[1]));
    m = /^(\d{4})-(\d{2})$/.exec(s);
    if (m) return monthYear(Number(m[1]), Number(m[2]));
    m = /^([A-Za-z]{3})[-/ ](\d{4})$/.exec(s);
    if (m) return monthYear(Number(m[2]), MONTHS.indexOf((m[1] as string).toLowerCase()) + 1);
    if (/^\d{4}$/.test(s)) return { ok: true, iso: s };
    return f;
  };
}

function monthYear(y: number, mo: number): DateResult {
  return mo >= 1 && mo <= 12 ? { ok: true, iso: `${y}-${p2(mo)}` } : { ok: false, reason: 'impossible' };
}
