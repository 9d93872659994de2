// UK identifiers used across Hearth: NHS number, Unique Pupil Number, postcode, National Insurance number.
// Algorithms and examples: docs/research/standards.md §6 (L669–L804).
// Every function is pure and total: bad input gives false / null, never a throw.

const DIGITS = /^\d+$/;

/** Strips the spaces and hyphens people put in identifiers ("943 476 5919", "943-476-5919"). */
function compact(s: string): string {
  return s.replace(/[\s-]/g, '');
}

// ---------------------------------------------------------------- NHS number (§6.1, L671–L700)

/**
 * The modulus-11 check digit for the first nine digits of an NHS number,
 * or null when no valid number starts with them (check would be 10).
 */
export function nhsNumberCheckDigit(first9: string): number | null {
  if (first9.length !== 9 || !DIGITS.test(first9)) return null;
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += (first9.charCodeAt(i) - 48) * (10 - i);
  const check = 11 - (sum % 11);
  if (check === 11) return 0;
  if (check === 10) return null;
  return check;
}

/** True when s (spaces or hyphens allowed) is a 10-digit NHS number with a correct check digit. */
export function isValidNhsNumber(s: string): boolean {
  const c = compact(s);
  if (c.length !== 10 || !DIGITS.test(c)) return false;
  return nhsNumberCheckDigit(c.slice(0, 9)) === c.charCodeAt(9) - 48;
}

/** Formats a valid NHS number as 3-3-4 with spaces; null if invalid. */
export function formatNhsNumber(s: string): string | null {
  const c = compact(s);
  if (!isValidNhsNumber(c)) return null;
  return `${c.slice(0, 3)} ${c.slice(3, 6)} ${c.slice(6)}`;
}

/**
 * A valid NHS number drawn from rand (a function returning floats in [0,1)).
 * First digit 4–6 (the range England issues); never the 999 test range.
 */
export function generateNhsNumber(rand: () => number): string {
  for (;;) {
    let body = String(4 + Math.floor(rand() * 3));
    for (let i = 0; i < 8; i++) body += String(Math.floor(rand() * 10));
    const check = nhsNumberCheckDigit(body);
    if (check !== null) return body + String(check);
  }
}

// ---------------------------------------------------------------- UPN (§6.2, L702–L750)

/** The 23 letters used for UPN check letters (no I, O, S), indexed by remainder. */
export const UPN_LETTERS = 'ABCDEFGHJKLMNPQRTUVWXYZ';

/**
 * The check letter for the 12 characters after it (positions 2–13): 11 digits and a
 * final digit, or a final letter for a temporary UPN. Null if body12 is malformed.
 */
export function upnCheckLetter(body12: string): string | null {
  const b = body12.toUpperCase();
  if (b.length !== 12 || !/^\d{11}[\dA-HJ-NP-RT-Z]$/.test(b)) return null;
  let sum = 0;
  for (let i = 0; i < 12; i++) {
    const ch = b.charCodeAt(i);
    const v = ch >= 48 && ch <= 57 ? ch - 48 : UPN_LETTERS.indexOf(b[i] as string);
    sum += (i + 2) * v;
  }
  return UPN_LETTERS[sum % 23] as string;
}

/** True when s is a 13-character UPN (permanent or temporary) whose check letter is right. */
export function isValidUpn(s: string): boolean {
  const c = compact(s).toUpperCase();
  if (c.length !== 13) return false;
  const letter = upnCheckLetter(c.slice(1));
  return letter !== null && letter === c[0];
}

/**
 * A valid permanent UPN for a pupil first allocated a UPN in `year` (4-digit) at
 * school `estab` (4 digits) of local authority `la` (3 digits), serial drawn from rand.
 */
export function generateUpn(rand: () => number, la: string, estab: string, year: number): string {
  const serial = String(Math.floor(rand() * 1000)).padStart(3, '0');
  const body = `${la}${estab}${String(year % 100).padStart(2, '0')}${serial}`;
  const letter = upnCheckLetter(body);
  if (letter === null) throw new Error(`generateUpn: bad LA/establishment ${la}/${estab}`);
  return letter + body;
}

// ---------------------------------------------------------------- Postcode (§6.4, L764–L795)

// Strict form with the letter restrictions of §6.4 (L787–L793), GIR 0AA allowed.
const POSTCODE =
  /^(?:GIR0AA|(?:[A-PR-UWYZ][0-9][0-9]?|[A-PR-UWYZ][A-HK-Y][0-9][0-9]?|[A-PR-UWYZ][0-9][A-HJKPSTUW]|[A-PR-UWYZ][A-HK-Y][0-9][ABEHMNPRVWXY])[0-9][ABD-HJLNP-UW-Z]{2})$/;

/**
 * The postcode in canonical form (upper case, one space before the inward code: "BS1 4DJ",
 * "SW1A 1AA"), or null if it is not a well-formed UK postcode.
 */
export function normalisePostcode(s: string): string | null {
  const c = s.replace(/\s+/g, '').toUpperCase();
  if (c.length < 5 || c.length > 7 || !POSTCODE.test(c)) return null;
  return `${c.slice(0, -3)} ${c.slice(-3)}`;
}

/** True when s is a well-formed UK postcode (any spacing or case). */
export function isValidPostcode(s: string): boolean {
  return normalisePostcode(s) !== null;
}

/** Outward code ("BS1" of "BS1 4DJ", "SW1A" of "SW1A 1AA"); null if not a postcode. */
export function postcodeOutward(s: string): string | null {
  const n = normalisePostcode(s);
  return n === null ? null : (n.split(' ')[0] as string);
}

/** Postcode district: the outward code without a sub-district letter ("SW1" of "SW1A 1AA", "BS1" of "BS1 4DJ"). */
export function postcodeDistrict(s: string): string | null {
  const out = postcodeOutward(s);
  if (out === null) return null;
  return /[A-Z]$/.test(out) && out !== 'GIR' ? out.slice(0, -1) : out;
}

/** Postcode sector: outward code, space, sector digit ("BS1 4" of "BS1 4DJ"). */
export function postcodeSector(s: string): string | null {
  const n = normalisePostcode(s);
  return n === null ? null : n.slice(0, -2);
}

/** Postcode area: the leading letters ("BS", "SW"). */
export function postcodeArea(s: string): string | null {
  const out = postcodeOutward(s);
  return out === null ? null : (/^[A-Z]+/.exec(out)?.[0] ?? null);
}

// ---------------------------------------------------------------- NI number

// HMRC format: two prefix letters, six digits, suffix A–D. First letter not D F I Q U V;
// second not D F I O Q U V; prefixes BG GB KN NK NT TN ZZ never issued (ZZ is administrative).
const NINO = /^(?!BG|GB|KN|NK|NT|TN|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]\d{6}[A-D]$/;

/** True when s (any spacing or case) is a well-formed National Insurance number. */
export function isValidNiNumber(s: string): boolean {
  return NINO.test(compact(s).toUpperCase());
}

/** The NI number without spaces in upper case ("QQ123456C"), or null if malformed. */
export function normaliseNiNumber(s: string): string | null {
  const c = compact(s).toUpperCase();
  return NINO.test(c) ? c : null;
}

/** A well-formed NI number drawn from rand. */
export function generateNiNumber(rand: () => number): string {
  const first = 'ABCEGHJKLMNOPRSTWXYZ';
  const second = 'ABCEGHJKLMNPRSTWXYZ';
  for (;;) {
    const p = (first[Math.floor(rand() * first.length)] as string) + (second[Math.floor(rand() * second.length)] as string);
    let d = '';
    for (let i = 0; i < 6; i++) d += String(Math.floor(rand() * 10));
    const n = p + d + ('ABCD'[Math.floor(rand() * 4)] as string);
    if (NINO.test(n)) return n;
  }
}

// ---------------------------------------------------------------- UPRN (§6.3, L752–L762)

/** True when s is a UPRN: 1–12 digits, no check digit. */
export function isValidUprn(s: string): boolean {
  return /^\d{1,12}$/.test(s.trim());
}
