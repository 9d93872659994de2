// NYSIIS (New York State Identification and Intelligence System) phonetic code, original algorithm,
// truncated to 6 characters as usual. Chosen over Soundex because it keeps vowel position and handles
// common English and Irish/Scottish name prefixes (Mac/Mc) well; simpler and faster than Double Metaphone.

function isVowel(c: string): boolean {
  return c === 'A' || c === 'E' || c === 'I' || c === 'O' || c === 'U';
}

export function nysiis(raw: string, maxLength = 6): string {
  let s = raw.toUpperCase().replace(/[^A-Z]/g, '');
  if (!s) return '';
  // 1. first letters
  if (s.startsWith('MAC')) s = 'MCC' + s.slice(3);
  else if (s.startsWith('KN')) s = 'NN' + s.slice(2);
  else if (s.startsWith('K')) s = 'C' + s.slice(1);
  else if (s.startsWith('PH') || s.startsWith('PF')) s = 'FF' + s.slice(2);
  else if (s.startsWith('SCH')) s = 'SSS' + s.slice(3);
  // 2. last letters
  if (s.endsWith('EE') || s.endsWith('IE')) s = s.slice(0, -2) + 'Y';
  else if (s.endsWith('DT') || s.endsWith('RT') || s.endsWith('RD') || s.endsWith('NT') || s.endsWith('ND')) s = s.slice(0, -2) + 'D';
  const first = s[0]!;
  let key = first;
  const chars = s.split('');
  let i = 1;
  while (i < chars.length) {
    const c = chars[i]!;
    let rep: string;
    if (c === 'E' && chars[i + 1] === 'V') { rep = 'AF'; chars[i + 1] = 'F'; }
    else if (isVowel(c)) rep = 'A';
    else if (c === 'Q') rep = 'G';
    else if (c === 'Z') rep = 'S';
    else if (c === 'M') rep = 'N';
    else if (c === 'K') { if (chars[i + 1] === 'N') { rep = 'N'; } else rep = 'C'; }
    else if (c === 'S' && chars[i + 1] === 'C' && chars[i + 2] === 'H') { rep = 'SSS'; chars[i + 1] = 'S'; chars[i + 2] = 'S'; }
    else if (c === 'P' && chars[i + 1] === 'H') { rep = 'FF'; chars[i + 1] = 'F'; }
    else if (c === 'H' && (!isVowel(chars[i - 1]!) || (i + 1 < chars.length && !isVowel(chars[i + 1]!)))) rep = chars[i - 1]!;
    else if (c === 'W' && isVowel(chars[i - 1]!)) rep = chars[i - 1]!;
    else rep = c;
    chars[i] = rep[rep.length - 1]!;
    // append unless the same as the last key character
    for (const r of rep) {
      if (key[key.length - 1] !== r) key += r;
    }
    i++;
  }
  // 3. end tidy-up
  if (key.length > 1 && key.endsWith('S')) key = key.slice(0, -1);
  if (key.length > 2 && key.endsWith('AY')) key = key.slice(0, -2) + 'Y';
  if (key.length > 1 && key.endsWith('A')) key = key.slice(0, -1);
  return key.slice(0, maxLength);
}
