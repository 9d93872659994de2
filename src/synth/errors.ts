// The errors real partner extracts carry, as pure functions of a PRNG and a value, and the
// default rates (scaled by --error-rate). docs/synth.md lists them with their meaning.
import { nicknamesOf } from './nicknames.ts';
import type { Rng } from './prng.ts';
import { Weighted } from './prng.ts';

export type ErrorKind =
  | 'typo' | 'phonetic' | 'nickname' | 'swapped_names' | 'diacritics' | 'transposed_dob' | 'partial_dob' | 'missing_dob'
  | 'missing_sex' | 'stale_address' | 'postcode_error' | 'missing_postcode' | 'missing_identifier' | 'identifier_typo';

/**
 * Share of identity errors by kind. A row carries an identity error with probability R
 * (--error-rate, default 0.1); the kind is drawn from these shares; one error row in five has a second.
 */
export const ERROR_SHARES: readonly (readonly [ErrorKind, number])[] = [
  ['typo', 0.16], ['phonetic', 0.1], ['nickname', 0.1], ['swapped_names', 0.04], ['diacritics', 0.02],
  ['transposed_dob', 0.06], ['partial_dob', 0.05], ['missing_dob', 0.04], ['missing_sex', 0.04],
  ['stale_address', 0.1], ['postcode_error', 0.1], ['missing_postcode', 0.04], ['missing_identifier', 0.12], ['identifier_typo', 0.03],
];
export const ERROR_KINDS = new Weighted(ERROR_SHARES);
/** Rows written twice (new record id, same content), as a fraction of R. */
export const DUPLICATE_FACTOR = 0.2;
/** Rows with the wrong number of fields, as a fraction of R. */
export const MALFORMED_FACTOR = 0.01;
/** Probability that a source dated after a marriage still uses the birth name (not scaled by R). */
export const PREVIOUS_NAME_RATE = 0.15;

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';
const KEYBOARD: Record<string, string> = {
  a: 'sqz', b: 'vn', c: 'xv', d: 'sf', e: 'wr', f: 'dg', g: 'fh', h: 'gj', i: 'uo', j: 'hk', k: 'jl', l: 'k', m: 'n', n: 'bm',
  o: 'ip', p: 'o', q: 'w', r: 'et', s: 'ad', t: 'ry', u: 'yi', v: 'cb', w: 'qe', x: 'zc', y: 'tu', z: 'x',
};

function matchCase(ch: string, like: string): string {
  return like === like.toUpperCase() ? ch.toUpperCase() : ch;
}

/** One keyboard slip: a letter dropped, doubled, swapped with its neighbour, or mistyped. Never the first letter. */
export function typo(r: Rng, s: string): string {
  if (s.length < 3) return s;
  const i = r.int(1, s.length - 1);
  const c = s[i] as string;
  switch (r.int(0, 3)) {
    case 0: return s.slice(0, i) + s.slice(i + 1);
    case 1: return s.slice(0, i) + c + s.slice(i);
    case 2: return i < s.length - 1 ? s.slice(0, i) + (s[i + 1] as string) + c + s.slice(i + 2) : s.slice(0, i - 1) + c + (s[i - 1] as string);
    default: {
      const near = KEYBOARD[c.toLowerCase()] ?? LETTERS;
      return s.slice(0, i) + matchCase(near[r.int(0, near.length - 1)] as string, c) + s.slice(i + 1);
    }
  }
}

// Sound-alike spellings clerks write down: [pattern, replacement].
const PHONETIC: readonly (readonly [RegExp, string])[] = [
  [/ph/, 'f'], [/ff/, 'ph'], [/ck/, 'k'], [/ey$/, 'y'], [/ie$/, 'y'], [/y$/, 'ie'], [/ll/, 'l'], [/nn/, 'n'], [/tt/, 't'], [/rr/, 'r'],
  [/son$/, 'sen'], [/^Mc/, 'Mac'], [/^Mac/, 'Mc'], [/^C(?=[aou])/, 'K'], [/^K(?=[aou])/, 'C'], [/th/, 't'], [/ei/, 'ie'], [/ie(?!$)/, 'ei'],
  [/ai/, 'ay'], [/ou/, 'ow'], [/z/, 's'], [/s(?=[aeiou])/, 'z'], [/ee/, 'ea'], [/ea/, 'ee'], [/wh/, 'w'], [/ph/, 'v'], [/ohamm/, 'uhamm'],
  [/ohamme/, 'ohama'], [/ai$/, 'ay'], [/ine$/, 'yn'], [/yn$/, 'ine'], [/ae/, 'a'], [/er$/, 'a'], [/a$/, 'ah'], [/i$/, 'ee'], [/([^aeiou])e$/, '$1'],
];

/** A sound-alike misspelling, or the name unchanged if no rule applies. */
export function phonetic(r: Rng, s: string): string {
  const rules = PHONETIC.filter(([re]) => re.test(s));
  if (rules.length === 0) return s;
  const [re, rep] = r.pick(rules);
  return s.replace(re, rep);
}

/** A short form of a given name, or the name unchanged if it has none. */
export function nickname(r: Rng, given: string): string {
  const n = nicknamesOf(given);
  return n.length ? r.pick(n) : given;
}

/** The name with accents and Polish/Baltic letters reduced to ASCII (Wiśniewski → Wisniewski). */
export function stripDiacritics(s: string): string {
  return s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/ł/g, 'l').replace(/Ł/g, 'L');
}

/** A mis-keyed postcode: space dropped, lower case, a unit letter wrong, O for 0, or the inward code lost. */
export function postcodeError(r: Rng, pc: string): string {
  switch (r.int(0, 4)) {
    case 0: return pc.replace(' ', '');
    case 1: return pc.toLowerCase();
    case 2: { const i = pc.length - r.int(1, 2); return pc.slice(0, i) + r.pick([...'ABDEFGHJLNPQRSTUWXYZ']) + pc.slice(i + 1); }
    case 3: return pc.replace(/0/g, 'O').replace(/ (\d)/, (_m, d: string) => ` ${d === '0' ? 'O' : d === '1' ? 'I' : String((Number(d) + 1) % 10)}`);
    default: return pc.split(' ')[0] as string;
  }
}

/** Two adjacent digits swapped (the identifier then fails its check). */
export function identifierTypo(r: Rng, id: string): string {
  const digits = [...id].map((c, i) => (c >= '0' && c <= '9' ? i : -1)).filter((i) => i >= 0);
  if (digits.length < 4) return id;
  for (let t = 0; t < 5; t++) {
    const j = r.int(0, digits.length - 2);
    const a = digits[j] as number, b = digits[j + 1] as number;
    if (id[a] !== id[b]) return id.slice(0, a) + (id[b] as string) + id.slice(a + 1, b) + (id[a] as string) + id.slice(b + 1);
  }
  return id;
}
