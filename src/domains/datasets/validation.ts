// Checks on one delivered value at a time, each giving the canonical value or a problem a data
// manager can act on. Pure and total; the identifier algorithms are in src/platform/identifiers.ts.
import { isValidNhsNumber, isValidUpn, isValidUprn, normaliseNiNumber, normalisePostcode } from '../../platform/identifiers.ts';

export type ProblemCode =
  | 'missing_required'
  | 'nhs_number_check_digit'
  | 'nhs_number_format'
  | 'upn_check_letter'
  | 'upn_format'
  | 'postcode_format'
  | 'ni_number_format'
  | 'uprn_format'
  | 'date_format'
  | 'impossible_date'
  | 'future_date'
  | 'end_before_start'
  | 'unknown_code'
  | 'not_a_number'
  | 'formula'
  | 'column_count';

export interface Problem {
  /** The delivered column, or null when the problem is with the row as a whole. */
  column: string | null;
  /** The canonical field it maps to (e.g. nhs_number, event.date). */
  field: string;
  code: ProblemCode;
  message: string;
}

export const PROBLEM_LABELS: Record<ProblemCode, string> = {
  missing_required: 'Missing required field',
  nhs_number_check_digit: 'NHS number check digit is wrong',
  nhs_number_format: 'NHS number is not 10 digits',
  upn_check_letter: 'Pupil number check letter is wrong',
  upn_format: 'Pupil number is not 13 characters',
  postcode_format: 'Postcode is not a UK postcode',
  ni_number_format: 'National Insurance number is malformed',
  uprn_format: 'UPRN is not 1 to 12 digits',
  date_format: 'Date does not match the format',
  impossible_date: 'Date does not exist',
  future_date: 'Date is in the future',
  end_before_start: 'End date is before start date',
  unknown_code: 'Unknown code',
  not_a_number: 'Not a number',
  formula: 'Looks like a spreadsheet formula',
  column_count: 'Wrong number of columns',
};

export type Checked = { ok: true; value: string } | { ok: false; code: ProblemCode; message: string };

const ok = (value: string): Checked => ({ ok: true, value });
const bad = (code: ProblemCode, message: string): Checked => ({ ok: false, code, message });

/** NHS number (modulus 11): stored as 10 digits without spaces. */
export function checkNhsNumber(raw: string): Checked {
  const c = raw.replace(/[\s-]/g, '');
  if (!/^\d{10}$/.test(c)) return bad('nhs_number_format', `"${raw}" is not a 10-digit NHS number`);
  if (!isValidNhsNumber(c)) return bad('nhs_number_check_digit', `NHS number ${raw} fails the modulus 11 check`);
  return ok(c);
}

/** Unique Pupil Number (modulus 23 check letter): stored in upper case. */
export function checkUpn(raw: string): Checked {
  const c = raw.replace(/\s/g, '').toUpperCase();
  if (!/^[A-Z]\d{11}[\dA-Z]$/.test(c)) return bad('upn_format', `"${raw}" is not a 13-character pupil number`);
  if (!isValidUpn(c)) return bad('upn_check_letter', `Pupil number ${raw} has the wrong check letter`);
  return ok(c);
}

/** UK postcode: stored upper case with one space ("BS1 4DJ"). */
export function checkPostcode(raw: string): Checked {
  const n = normalisePostcode(raw);
  return n === null ? bad('postcode_format', `"${raw}" is not a UK postcode`) : ok(n);
}

export function checkNiNumber(raw: string): Checked {
  const n = normaliseNiNumber(raw);
  return n === null ? bad('ni_number_format', `"${raw}" is not a National Insurance number`) : ok(n);
}

export function checkUprn(raw: string): Checked {
  return isValidUprn(raw) ? ok(raw.trim().replace(/^0+(?=\d)/, '')) : bad('uprn_format', `"${raw}" is not a UPRN (1 to 12 digits)`);
}

/** A plain decimal number (commas as thousands separators allowed). */
export function checkNumber(raw: string): { ok: true; value: number } | { ok: false; code: ProblemCode; message: string } {
  if (isDigits(raw)) return { ok: true, value: Number(raw) }; // most values: a count, read without a regular expression
  const c = raw.replace(/,/g, '').trim();
  if (!/^[-+]?(\d+\.?\d*|\.\d+)$/.test(c)) return { ok: false, code: 'not_a_number', message: `"${raw}" is not a number` };
  return { ok: true, value: Number(c) };
}

/** Whether s is one to fifteen decimal digits (a whole number that Number reads exactly). */
function isDigits(s: string): boolean {
  if (s.length === 0 || s.length > 15) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/**
 * True when a spreadsheet would run the value as a formula (CSV injection): it starts with = or @,
 * or with + or - followed by something other than a number ("-5" and "+44 20" are fine).
 */
export function looksLikeFormula(value: string): boolean {
  const c = value.charCodeAt(0);
  if (c === 61 || c === 64) return true; // = @
  if (c === 43 || c === 45) {
    const n = value.charCodeAt(1);
    return !Number.isNaN(n) && !(n >= 48 && n <= 57) && n !== 32 && n !== 46; // digit, space, '.'
  }
  return false;
}

/** Canonical sex: 'M', 'F', or '' for not known; null when the value is not a recognised one. */
export function canonicalSex(raw: string): string | null {
  switch (raw.trim().toUpperCase()) {
    case 'M': case 'MALE': case '1': return 'M';
    case 'F': case 'FEMALE': case '2': return 'F';
    case '': case 'U': case 'UNKNOWN': case 'X': case 'I': case 'N': case 'NK': case 'NS': case '0': case '9': return '';
    default: return null;
  }
}
