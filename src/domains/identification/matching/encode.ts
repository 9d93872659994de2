// Normalised records in columnar form: every field value interned to a small integer id per field
// (0 = blank), so the hot loop compares integers and only falls back to strings for fuzzy levels.
import type { IdentityRecord } from './types.ts';
import {
  addressTokens, firstToken, normaliseIdentifier, normaliseName, normaliseNhsNumber, normaliseNiNumber,
  normalisePostcode, normaliseSex, normaliseUprn, parseDate,
} from './normalise.ts';
import { nysiis } from './phonetic.ts';
import { nicknameKey } from './nicknames.ts';

/** A dictionary of distinct strings for one field; id 0 is the blank value. */
export class Dict {
  readonly values: string[] = [''];
  private readonly ids = new Map<string, number>([['', 0]]);
  id(value: string): number {
    let id = this.ids.get(value);
    if (id === undefined) {
      id = this.values.length;
      this.values.push(value);
      this.ids.set(value, id);
    }
    return id;
  }
  get size(): number { return this.values.length; }
}

/** Growable Int32 buffer. */
class IntList {
  data = new Int32Array(1024);
  length = 0;
  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new Int32Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
  toArray(): Int32Array { return this.data.slice(0, this.length); }
}

export interface EncodedRecords {
  n: number;
  sources: string[];
  source: Int32Array;
  recordIds: string[];
  given: Int32Array; givenFirst: Int32Array; givenPhon: Int32Array; givenNick: Int32Array;
  family: Int32Array; familyPhon: Int32Array;
  names: string[]; // shared dictionary of given and family names (so swaps compare ids)
  phon: string[];
  dob: Int32Array; dobId: Int32Array;
  sex: Int8Array; // 0 unknown, 1 M, 2 F
  pcFull: Int32Array; pcSector: Int32Array; pcDistrict: Int32Array; pcArea: Int32Array;
  addr: Int32Array; addrTokOff: Int32Array; addrTok: Int32Array;
  uprn: Int32Array; nhs: Int32Array; upn: Int32Array; ni: Int32Array;
  identifiers: string[]; // dictionary shared by uprn/nhs/upn/ni values (prefixed by kind)
  /** value frequencies per field, indexed by that field's ids */
  givenCount: Int32Array; familyCount: Int32Array; dobCount: Int32Array; pcCount: Int32Array; addrCount: Int32Array;
  /** number of non-blank values per field (denominators for term frequencies) */
  givenTotal: number; familyTotal: number; dobTotal: number; pcTotal: number; addrTotal: number;
}

function counts(ids: Int32Array, size: number): { count: Int32Array; total: number } {
  const count = new Int32Array(size);
  let total = 0;
  for (let i = 0; i < ids.length; i++) {
    const v = ids[i]!;
    if (v !== 0) { count[v]!++; total++; }
  }
  return { count, total };
}

/** Normalise and encode records. Stable: record i of the input is row i of the result. */
export function encodeRecords(records: Iterable<IdentityRecord>): EncodedRecords {
  const names = new Dict();
  const phon = new Dict();
  const dobs = new Map<number, number>();
  const pcFullD = new Dict();
  const pcSectorD = new Dict();
  const pcDistrictD = new Dict();
  const pcAreaD = new Dict();
  const addrD = new Dict();
  const tokD = new Dict();
  const idD = new Dict();
  const sourceD = new Map<string, number>();
  const sources: string[] = [];
  const recordIds: string[] = [];
  const cols = {
    source: new IntList(), given: new IntList(), givenFirst: new IntList(), givenPhon: new IntList(), givenNick: new IntList(),
    family: new IntList(), familyPhon: new IntList(), dob: new IntList(), dobId: new IntList(), sex: new IntList(),
    pcFull: new IntList(), pcSector: new IntList(), pcDistrict: new IntList(), pcArea: new IntList(),
    addr: new IntList(), uprn: new IntList(), nhs: new IntList(), upn: new IntList(), ni: new IntList(),
  };
  const addrTokOff = new IntList();
  const addrTok = new IntList();
  addrTokOff.push(0);
  // caches for the costly per-name work
  const phonCache = new Map<string, number>();
  const phonOf = (name: string): number => {
    if (!name) return 0;
    let p = phonCache.get(name);
    if (p === undefined) {
      // phonetic code of the whole name, spaces removed (double-barrelled names stay distinctive)
      p = phon.id(nysiis(name.replace(/ /g, '')));
      phonCache.set(name, p);
    }
    return p;
  };
  const nameCache = new Map<string, string>();
  const normName = (raw: string): string => {
    let v = nameCache.get(raw);
    if (v === undefined) { v = normaliseName(raw); nameCache.set(raw, v); }
    return v;
  };
  const pcCache = new Map<string, [number, number, number, number]>();
  const addrCache = new Map<string, [number, number[]]>();
  const tokScratch: number[] = [];

  for (const r of records) {
    let s = sourceD.get(r.source);
    if (s === undefined) { s = sources.length; sources.push(r.source); sourceD.set(r.source, s); }
    cols.source.push(s);
    recordIds.push(r.record_id);
    const g = normName(r.given_name);
    const f = normName(r.family_name);
    const gid = names.id(g);
    cols.given.push(gid);
    const gFirst = firstToken(g);
    cols.givenFirst.push(gFirst === g ? gid : names.id(gFirst));
    cols.givenPhon.push(phonOf(gFirst));
    cols.givenNick.push(nicknameKey(gFirst) + 1);
    cols.family.push(names.id(f));
    cols.familyPhon.push(phonOf(f));
    const d = parseDate(r.date_of_birth);
    cols.dob.push(d);
    let did = 0;
    if (d !== 0) {
      did = dobs.get(d) ?? 0;
      if (did === 0) { did = dobs.size + 1; dobs.set(d, did); }
    }
    cols.dobId.push(did);
    const sex = normaliseSex(r.sex);
    cols.sex.push(sex === 'M' ? 1 : sex === 'F' ? 2 : 0);
    let pc = pcCache.get(r.postcode);
    if (!pc) {
      const p = normalisePostcode(r.postcode);
      pc = [pcFullD.id(p.full), pcSectorD.id(p.sector), pcDistrictD.id(p.district), pcAreaD.id(p.area)];
      pcCache.set(r.postcode, pc);
    }
    cols.pcFull.push(pc[0]); cols.pcSector.push(pc[1]); cols.pcDistrict.push(pc[2]); cols.pcArea.push(pc[3]);
    let ad = addrCache.get(r.address);
    if (!ad) {
      const toks = addressTokens(r.address);
      tokScratch.length = 0;
      for (const t of toks) tokScratch.push(tokD.id(t));
      const uniq = [...new Set(tokScratch)].sort((a, b) => a - b);
      ad = [addrD.id(toks.join(' ')), uniq];
      if (addrCache.size < 2_000_000) addrCache.set(r.address, ad);
    }
    cols.addr.push(ad[0]);
    for (const t of ad[1]) addrTok.push(t);
    addrTokOff.push(addrTok.length);
    const uprn = normaliseUprn(r.uprn);
    cols.uprn.push(uprn ? idD.id('R' + uprn) : 0);
    const nhs = normaliseNhsNumber(r.nhs_number);
    cols.nhs.push(nhs ? idD.id('H' + nhs) : 0);
    const upn = normaliseIdentifier(r.upn);
    cols.upn.push(upn ? idD.id('P' + upn) : 0);
    const ni = normaliseNiNumber(r.ni_number);
    cols.ni.push(ni ? idD.id('N' + ni) : 0);
  }
  const given = cols.given.toArray();
  const family = cols.family.toArray();
  const dobId = cols.dobId.toArray();
  const pcFull = cols.pcFull.toArray();
  const addr = cols.addr.toArray();
  const gc = counts(given, names.size);
  const fc = counts(family, names.size);
  const dc = counts(dobId, dobs.size + 1);
  const pcc = counts(pcFull, pcFullD.size);
  const ac = counts(addr, addrD.size);
  return {
    n: recordIds.length, sources, source: cols.source.toArray(), recordIds,
    given, givenFirst: cols.givenFirst.toArray(), givenPhon: cols.givenPhon.toArray(), givenNick: cols.givenNick.toArray(),
    family, familyPhon: cols.familyPhon.toArray(), names: names.values, phon: phon.values,
    dob: cols.dob.toArray(), dobId, sex: Int8Array.from(cols.sex.toArray()),
    pcFull, pcSector: cols.pcSector.toArray(), pcDistrict: cols.pcDistrict.toArray(), pcArea: cols.pcArea.toArray(),
    addr, addrTokOff: addrTokOff.toArray(), addrTok: addrTok.toArray(),
    uprn: cols.uprn.toArray(), nhs: cols.nhs.toArray(), upn: cols.upn.toArray(), ni: cols.ni.toArray(),
    identifiers: idD.values,
    givenCount: gc.count, familyCount: fc.count, dobCount: dc.count, pcCount: pcc.count, addrCount: ac.count,
    givenTotal: gc.total, familyTotal: fc.total, dobTotal: dc.total, pcTotal: pcc.total, addrTotal: ac.total,
  };
}
