// Normalising the raw strings of an IdentityRecord into comparable values. Pure functions.

const TITLES = new Set(['mr', 'mrs', 'ms', 'miss', 'mx', 'dr', 'prof', 'sir', 'rev', 'master', 'lady', 'lord']);
const SUFFIXES = new Set(['jr', 'jnr', 'junior', 'sr', 'snr', 'senior', 'ii', 'iii', 'iv']);

/** Lower case, accents removed, punctuation dropped, hyphens and apostrophes handled, titles removed. */
export function normaliseName(raw: string): string {
  if (!raw) return '';
  let s = raw.toLowerCase();
  // strip accents only when needed (fast path for plain ASCII)
  if (/[^ -~]/.test(s)) s = s.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
  s = s.replace(/['’`]/g, '').replace(/[^a-z]+/g, ' ').trim();
  if (!s) return '';
  const tokens = s.split(' ');
  const kept = tokens.filter((t) => !TITLES.has(t) && !SUFFIXES.has(t));
  return (kept.length > 0 ? kept : tokens).join(' ');
}

/** The first token of a normalised name ('mary ann' → 'mary'). */
export function firstToken(name: string): string {
  const i = name.indexOf(' ');
  return i < 0 ? name : name.slice(0, i);
}

/**
 * A date of birth as an integer yyyymmdd, with 00 for an unknown month or day (partial dates);
 * 0 when blank or unreadable. Accepts yyyy-mm-dd, yyyy-mm, yyyy, yyyymmdd, dd/mm/yyyy, dd-mm-yyyy, dd.mm.yyyy.
 */
export function parseDate(raw: string): number {
  const s = raw.trim();
  if (!s) return 0;
  let y: number;
  let m = 0;
  let d = 0;
  let match: RegExpExecArray | null;
  if ((match = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?$/.exec(s))) {
    y = +match[1]!; m = +match[2]!; d = +match[3]!;
  } else if ((match = /^(\d{4})-(\d{1,2})$/.exec(s))) {
    y = +match[1]!; m = +match[2]!;
  } else if ((match = /^(\d{4})$/.exec(s))) {
    y = +match[1]!;
  } else if ((match = /^(\d{4})(\d{2})(\d{2})$/.exec(s))) {
    y = +match[1]!; m = +match[2]!; d = +match[3]!;
  } else if ((match = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(s))) {
    d = +match[1]!; m = +match[2]!; y = +match[3]!;
  } else {
    return 0;
  }
  if (y < 1000 || y > 2999) return 0;
  if (m < 0 || m > 12) m = 0;
  if (d < 0 || d > 31 || m === 0) d = 0;
  return y * 10000 + m * 100 + d;
}

export function dateYear(date: number): number { return Math.floor(date / 10000); }
export function dateMonth(date: number): number { return Math.floor(date / 100) % 100; }
export function dateDay(date: number): number { return date % 100; }

/** Format a yyyymmdd integer (0 parts = unknown) as ISO, partial where unknown. */
export function formatDate(date: number): string {
  if (!date) return '';
  const y = String(dateYear(date)).padStart(4, '0');
  const m = dateMonth(date);
  const d = dateDay(date);
  if (!m) return y;
  if (!d) return `${y}-${String(m).padStart(2, '0')}`;
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

export interface PostcodeParts {
  /** 'SW1A1AA' (no space) */
  full: string;
  /** sector 'SW1A 1' */
  sector: string;
  /** district (outward code) 'SW1A' */
  district: string;
  /** area 'SW' */
  area: string;
}

const UK_POSTCODE = /^([A-Z]{1,2}[0-9][A-Z0-9]?)([0-9][A-Z]{2})$/;

/**
 * UK postcodes split into full / sector / district / area. Anything else (e.g. FEBRL's Australian
 * four-digit codes) is kept whole, with shorter prefixes standing in for sector, district and area.
 */
export function normalisePostcode(raw: string): PostcodeParts {
  const s = raw.toUpperCase().replace(/[^A-Z0-9]/g, '');
  if (!s) return { full: '', sector: '', district: '', area: '' };
  const m = UK_POSTCODE.exec(s);
  if (m) {
    const outward = m[1]!;
    const inward = m[2]!;
    const area = /^[A-Z]+/.exec(outward)![0];
    return { full: s, sector: `${outward} ${inward[0]}`, district: outward, area };
  }
  if (/^[0-9]+$/.test(s) && s.length >= 3) {
    return { full: s, sector: s.slice(0, -1), district: s.slice(0, -2), area: s.slice(0, 1) };
  }
  // A bare outward code or an unrecognised code: only what we can trust.
  if (/^[A-Z]{1,2}[0-9][A-Z0-9]?$/.test(s)) return { full: '', sector: '', district: s, area: /^[A-Z]+/.exec(s)![0] };
  return { full: s, sector: '', district: '', area: '' };
}

const ADDRESS_ABBREVIATIONS: Record<string, string> = {
  st: 'street', str: 'street', rd: 'road', ave: 'avenue', av: 'avenue', ln: 'lane', cl: 'close', ct: 'court',
  crt: 'court', cres: 'crescent', cr: 'crescent', dr: 'drive', gdns: 'gardens', gr: 'grove', pl: 'place',
  sq: 'square', ter: 'terrace', terr: 'terrace', hse: 'house', ho: 'house', apt: 'flat', apartment: 'flat',
  pk: 'park', wy: 'way', hwy: 'highway', cir: 'circuit', cct: 'circuit', mt: 'mount', nth: 'north', sth: 'south',
  e: 'east', w: 'west', n: 'north', s: 'south', bldg: 'building', est: 'estate', pde: 'parade', rdg: 'ridge',
};
const ADDRESS_STOP = new Set(['the', 'of', 'and']);

/** Address tokens: lower case, punctuation dropped, common abbreviations expanded, numbers kept. */
export function addressTokens(raw: string): string[] {
  if (!raw) return [];
  const s = raw.toLowerCase().replace(/['’]/g, '').replace(/[^a-z0-9]+/g, ' ').trim();
  if (!s) return [];
  const out: string[] = [];
  for (const t of s.split(' ')) {
    if (ADDRESS_STOP.has(t)) continue;
    out.push(ADDRESS_ABBREVIATIONS[t] ?? t);
  }
  return out;
}

export function normaliseAddress(raw: string): string {
  return addressTokens(raw).join(' ');
}

/** NHS number: ten digits with a valid modulus-11 check digit, else '' (a wrong check digit is not evidence). */
export function normaliseNhsNumber(raw: string): string {
  const s = raw.replace(/[\s-]/g, '');
  if (!/^\d{10}$/.test(s)) return '';
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += (s.charCodeAt(i) - 48) * (10 - i);
  let check = 11 - (sum % 11);
  if (check === 11) check = 0;
  if (check === 10 || check !== s.charCodeAt(9) - 48) return '';
  return s;
}

/** Generic identifier (UPN, NI number, UPRN, others): upper case letters and digits only. */
export function normaliseIdentifier(raw: string): string {
  return raw.toUpperCase().replace(/[^A-Z0-9]/g, '');
}

/** UPRN: digits without leading zeros. */
export function normaliseUprn(raw: string): string {
  const s = raw.replace(/\D/g, '').replace(/^0+/, '');
  return s;
}

/** National Insurance number: two letters, six digits, optional suffix A–D; temporary 'TN' numbers and blanks → ''. */
export function normaliseNiNumber(raw: string): string {
  const s = raw.toUpperCase().replace(/[^A-Z0-9]/g, '');
  const m = /^([A-Z]{2}\d{6})[A-D]?$/.exec(s);
  if (!m) return s.length >= 6 ? s : '';
  if (m[1]!.startsWith('TN')) return '';
  return m[1]!;
}

export function normaliseSex(raw: string): string {
  const s = raw.trim().toUpperCase();
  if (s === 'M' || s === 'MALE' || s === '1') return 'M';
  if (s === 'F' || s === 'FEMALE' || s === '2') return 'F';
  return '';
}
