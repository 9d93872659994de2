// Payment-by-results claim rules, as plain functions over one family's attachment, needs and
// progress. Every parameter (how many needs, which routes, how long an outcome must be sustained,
// the amounts per year) comes from the claim scheme of a framework version, which is data with
// provenance (outcome.tables.ts: claim_scheme, payment_rate) and never a constant here.
//
// What the rules check, in order:
// - the family was attached (worked with) inside the scheme's period, and before any outcome it
//   claims: a retrospective claim for a family never worked with is refused;
// - eligibility at attachment: the family-level rule (at least N needs or N headlines, national
//   headlines, a dependent child);
// - a route: an outcome against each and every identified need, sustained for the scheme's period
//   (from closure, or from when the outcome was first met), or continuous employment where the
//   scheme has that route;
// - no double counting: each claim carries keys person + outcome + scheme period; a key already
//   claimed (another family unit holding the same person, a split or merged family, a re-referral)
//   refuses the claim.

export type ClaimRoute = 'every_need' | 'continuous_employment';

export interface ClaimScheme {
  frameworkCode: string;
  version: string;
  /** The programme period: attachments inside it may be claimed. */
  period: { from: string; to: string };
  eligibility: {
    minNeeds: number;
    countBy: 'need' | 'headline';
    requireDependentChild: boolean;
    /** At least this many of the counted headlines must be national ones (TF 2012: two of three plus the local one). */
    minNational?: number;
  };
  routes: ClaimRoute[];
  sustainment: { months: number; from: 'closure' | 'outcome' };
  continuousEmployment?: { weeks: number };
  /** Whether this scheme pays an attachment fee per family (TF 2012-15 and 2015-20). */
  attachmentFee: boolean;
}

export interface PaymentRate {
  yearLabel: string;
  from: string;
  to: string;
  attachmentFeePence: number;
  resultPence: number;
  employmentResultPence: number | null;
  provenance: string;
}

export interface NeedProgress {
  code: string;
  headline: string;
  national: boolean;
  /** null for a family-level need. */
  personId: string | null;
  identifiedOn: string;
  evidenceEventIds: string[];
  /** The first date the outcome was met after attachment, and the start of the current unbroken run (null if not met now). */
  firstMetOn: string | null;
  metSince: string | null;
}

export interface EmploymentSpell {
  personId: string;
  from: string;
  to: string | null;
  evidenceEventIds: string[];
}

export interface ClaimCase {
  familyUnitId: string;
  caseId: string | null;
  attachedOn: string | null;
  closedOn: string | null;
  /** People in the family at attachment. */
  memberIds: string[];
  hasDependentChild: boolean;
  needs: NeedProgress[];
  employment: EmploymentSpell[];
  /**
   * The framework's own family-level rule evaluated at attachment (frameworks domain), when known.
   * It decides eligibility; the scheme's eligibility numbers are the fallback for schemes without one.
   */
  familyRule?: { eligible: boolean; summary: string };
}

export type ReasonCode =
  | 'not_attached'
  | 'attached_outside_period'
  | 'retrospective'
  | 'not_eligible'
  | 'no_dependent_child'
  | 'need_not_met'
  | 'not_sustained'
  | 'sustainment_pending'
  | 'case_open'
  | 'no_route'
  | 'double_count'
  | 'no_rate';

export interface Reason {
  code: ReasonCode;
  text: string;
}

export interface ClaimDecision {
  kind: 'attachment' | 'result';
  claimable: boolean;
  route: ClaimRoute | null;
  amountPence: number;
  rate: PaymentRate | null;
  reasons: Reason[];
  keys: string[];
  /** For each need: whether its outcome counts, and since when. */
  needs: Array<{ code: string; personId: string | null; met: boolean; sustainedFrom: string | null; sustainedUntil: string | null }>;
}

const monthShifts = new Map<string, string>();

/** Calendar months later (or earlier), clamped to the month's length; memoised, since claim builds ask the same few thousand dates again and again. */
export function addMonthsToDate(iso: string, months: number): string {
  const key = `${iso}|${months}`;
  let out = monthShifts.get(key);
  if (out === undefined) {
    out = shiftMonths(iso, months);
    if (monthShifts.size > 200_000) monthShifts.clear();
    monthShifts.set(key, out);
  }
  return out;
}

function shiftMonths(iso: string, months: number): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  const target = new Date(Date.UTC(y, m - 1 + months, 1));
  const last = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d, last));
  return target.toISOString().slice(0, 10);
}

export function addDays(iso: string, days: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export function rateFor(rates: readonly PaymentRate[], on: string): PaymentRate | null {
  return rates.find((r) => r.from <= on && on <= r.to) ?? null;
}

function key(personId: string, outcome: string, scheme: ClaimScheme): string {
  return `${personId}|${outcome}|${scheme.frameworkCode}`;
}

/** Eligibility at attachment: the family-level rule of the scheme. */
export function eligibilityAtAttachment(scheme: ClaimScheme, claim: ClaimCase): Reason[] {
  if (claim.familyRule) return claim.familyRule.eligible ? [] : [{ code: 'not_eligible', text: `Not eligible at attachment: ${claim.familyRule.summary}` }];
  const reasons: Reason[] = [];
  const counted = scheme.eligibility.countBy === 'headline' ? new Set(claim.needs.map((n) => n.headline)) : new Set(claim.needs.map((n) => n.code));
  if (counted.size < scheme.eligibility.minNeeds) {
    reasons.push({ code: 'not_eligible', text: `${counted.size} ${scheme.eligibility.countBy === 'headline' ? 'headlines' : 'needs'} identified at attachment; the scheme needs at least ${scheme.eligibility.minNeeds}` });
  }
  if (scheme.eligibility.minNational !== undefined) {
    const national = new Set(claim.needs.filter((n) => n.national).map((n) => n.headline));
    if (national.size < scheme.eligibility.minNational) {
      reasons.push({ code: 'not_eligible', text: `${national.size} national headlines at attachment; the scheme needs at least ${scheme.eligibility.minNational}` });
    }
  }
  if (scheme.eligibility.requireDependentChild && !claim.hasDependentChild) {
    reasons.push({ code: 'no_dependent_child', text: 'The family has no dependent child or expectant parent' });
  }
  return reasons;
}

function attachmentReasons(scheme: ClaimScheme, claim: ClaimCase): Reason[] {
  if (!claim.attachedOn) return [{ code: 'not_attached', text: 'The family was never attached to the programme (no case): a retrospective claim is refused' }];
  if (claim.attachedOn < scheme.period.from || claim.attachedOn > scheme.period.to) {
    return [{ code: 'attached_outside_period', text: `Attached on ${claim.attachedOn}, outside the scheme period ${scheme.period.from} to ${scheme.period.to}` }];
  }
  return [];
}

function conflicts(keys: readonly string[], claimed: ReadonlySet<string>): Reason[] {
  const taken = keys.filter((k) => claimed.has(k));
  if (taken.length === 0) return [];
  return [{ code: 'double_count', text: `Already claimed: ${taken.join(', ')}` }];
}

/** The attachment fee decision (schemes that pay one). */
export function decideAttachment(scheme: ClaimScheme, rates: readonly PaymentRate[], claim: ClaimCase, claimed: ReadonlySet<string>): ClaimDecision | null {
  if (!scheme.attachmentFee) return null;
  const reasons = [...attachmentReasons(scheme, claim)];
  if (reasons.length === 0) reasons.push(...eligibilityAtAttachment(scheme, claim));
  const keys = [...new Set(claim.memberIds)].sort().map((p) => key(p, 'attachment', scheme));
  reasons.push(...conflicts(keys, claimed));
  const rate = claim.attachedOn ? rateFor(rates, claim.attachedOn) : null;
  if (claim.attachedOn && !rate) reasons.push({ code: 'no_rate', text: `No payment rate covers ${claim.attachedOn}` });
  const claimable = reasons.length === 0;
  return { kind: 'attachment', claimable, route: null, amountPence: claimable && rate ? rate.attachmentFeePence : 0, rate, reasons, keys, needs: [] };
}

/** The results payment decision: every need met and sustained, or continuous employment. */
export function decideResult(scheme: ClaimScheme, rates: readonly PaymentRate[], claim: ClaimCase, asOf: string, claimed: ReadonlySet<string>): ClaimDecision {
  const base = attachmentReasons(scheme, claim);
  const rate = claim.attachedOn ? rateFor(rates, claim.attachedOn) : null;
  if (base.length > 0) return { kind: 'result', claimable: false, route: null, amountPence: 0, rate, reasons: base, keys: [], needs: [] };
  const attachedOn = claim.attachedOn as string;
  const eligibility = eligibilityAtAttachment(scheme, claim);

  const routes: Array<{ route: ClaimRoute; reasons: Reason[]; keys: string[]; needs: ClaimDecision['needs'] }> = [];
  if (scheme.routes.includes('every_need')) routes.push(everyNeed(scheme, claim, attachedOn, asOf));
  if (scheme.routes.includes('continuous_employment') && scheme.continuousEmployment) routes.push(continuousEmployment(scheme, claim, attachedOn, asOf));
  if (routes.length === 0) return { kind: 'result', claimable: false, route: null, amountPence: 0, rate, reasons: [{ code: 'no_route', text: 'The scheme has no results route' }], keys: [], needs: [] };

  const ok = eligibility.length === 0 ? routes.find((r) => r.reasons.length === 0) : undefined;
  const chosen = ok ?? routes[0]!;
  const reasons = [...eligibility, ...(ok ? [] : routes.flatMap((r) => r.reasons))];
  reasons.push(...conflicts(chosen.keys, claimed));
  if (!rate) reasons.push({ code: 'no_rate', text: `No payment rate covers ${attachedOn}` });
  const claimable = reasons.length === 0;
  const amount = !claimable || !rate ? 0 : chosen.route === 'continuous_employment' ? (rate.employmentResultPence ?? rate.resultPence) : rate.resultPence;
  return { kind: 'result', claimable, route: claimable ? chosen.route : ok ? chosen.route : null, amountPence: amount, rate, reasons: dedupe(reasons), keys: chosen.keys, needs: chosen.needs };
}

function everyNeed(scheme: ClaimScheme, claim: ClaimCase, attachedOn: string, asOf: string) {
  const reasons: Reason[] = [];
  const needs: ClaimDecision['needs'] = [];
  const keys: string[] = [];
  if (claim.needs.length === 0) reasons.push({ code: 'not_eligible', text: 'No needs were identified at attachment' });
  if (scheme.sustainment.from === 'closure' && !claim.closedOn) reasons.push({ code: 'case_open', text: `Outcomes are judged ${scheme.sustainment.months} months after closure; the case is open` });
  for (const need of claim.needs) {
    const who = need.personId ? [need.personId] : claim.memberIds;
    for (const p of who) keys.push(key(p, need.code, scheme));
    const label = `${need.code}${need.personId ? ` (${need.personId.slice(0, 8)})` : ''}`;
    if (need.metSince === null) {
      reasons.push({ code: 'need_not_met', text: `${label}: not met on ${asOf}` });
      needs.push({ code: need.code, personId: need.personId, met: false, sustainedFrom: null, sustainedUntil: null });
      continue;
    }
    if (need.metSince < attachedOn || (need.firstMetOn !== null && need.firstMetOn < attachedOn)) {
      reasons.push({ code: 'retrospective', text: `${label}: met on ${need.firstMetOn ?? need.metSince}, before the family was attached on ${attachedOn}` });
    }
    const anchor = scheme.sustainment.from === 'closure' ? claim.closedOn : need.metSince;
    let until: string | null = null;
    if (anchor) {
      until = addMonthsToDate(anchor, scheme.sustainment.months);
      if (need.metSince > anchor) reasons.push({ code: 'not_sustained', text: `${label}: met only since ${need.metSince}, after closure on ${anchor}` });
      else if (until > asOf) reasons.push({ code: 'sustainment_pending', text: `${label}: must be sustained until ${until}` });
    }
    needs.push({ code: need.code, personId: need.personId, met: true, sustainedFrom: need.metSince, sustainedUntil: until });
  }
  return { route: 'every_need' as const, reasons: dedupe(reasons), keys: [...new Set(keys)].sort(), needs };
}

function continuousEmployment(scheme: ClaimScheme, claim: ClaimCase, attachedOn: string, asOf: string) {
  const weeks = scheme.continuousEmployment?.weeks ?? 0;
  const adults = new Set(claim.memberIds);
  const spell = claim.employment
    .filter((s) => adults.has(s.personId) && s.from >= attachedOn && s.from <= asOf)
    .map((s) => ({ ...s, end: s.to && s.to < asOf ? s.to : asOf }))
    .find((s) => addDays(s.from, weeks * 7) <= s.end);
  if (!spell) {
    return {
      route: 'continuous_employment' as const,
      reasons: [{ code: 'no_route' as const, text: `No adult in ${weeks} weeks' continuous employment started after attachment` }],
      keys: [],
      needs: [],
    };
  }
  return { route: 'continuous_employment' as const, reasons: [], keys: [key(spell.personId, 'continuous_employment', scheme)], needs: [] };
}

function dedupe(reasons: Reason[]): Reason[] {
  const seen = new Set<string>();
  return reasons.filter((r) => (seen.has(r.text) ? false : (seen.add(r.text), true)));
}

/**
 * Decide a list of families in a stable order, so the same data always give the same batch: keys
 * claimed earlier (locked claims, then earlier families in this batch) refuse later ones.
 */
export function decideBatch(scheme: ClaimScheme, rates: readonly PaymentRate[], claims: readonly ClaimCase[], asOf: string, alreadyClaimed: ReadonlySet<string>) {
  const claimed = new Set(alreadyClaimed);
  const ordered = [...claims].sort((a, b) => (a.attachedOn ?? '9999').localeCompare(b.attachedOn ?? '9999') || a.familyUnitId.localeCompare(b.familyUnitId));
  return ordered.map((claim) => {
    const attachment = decideAttachment(scheme, rates, claim, claimed);
    if (attachment?.claimable) for (const k of attachment.keys) claimed.add(k);
    const result = decideResult(scheme, rates, claim, asOf, claimed);
    if (result.claimable) for (const k of result.keys) claimed.add(k);
    return { claim, attachment, result };
  });
}
