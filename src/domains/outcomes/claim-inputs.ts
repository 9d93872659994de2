// Assembles, for one attachment (a case), what the claim rules and the outcome view need from the
// rows a repository returns: members at attachment, their events, needs identified at attachment by
// the framework's rules (plus needs recorded at assessment), each need's progress, employment
// spells, and the evidence snapshot a locked claim freezes.
import type { ClaimCase, ClaimScheme, EmploymentSpell, NeedProgress, PaymentRate } from './claim-rules.ts';
import { addMonthsToDate } from './claim-rules.ts';
import { needsAtAttachment, outcomesOfNeeds, progressOfNeeds, type EventFact, type FrameworkAtDate, type IdentifiedNeed, type MemberFact, type NeedWithOutcome } from './need-source.ts';
import type { CaseRow, EventRow, MemberRow } from './outcome.repository.ts';

/** Event type for a spell of employment (imported or recorded in casework): occurred_on = start, ended_on = end. */
export const EMPLOYMENT_EVENT_TYPE = 'employment.spell';

export interface AssessmentNeedRow {
  id: string;
  case_id: string;
  person_id: string | null;
  headline: string;
  description: string;
  identified_on: string;
  status: string;
  closed_on: string | null;
  goal_achieved_on: string | null;
}

export interface FamilyRows {
  members: MemberRow[];
  events: EventRow[];
  assessmentNeeds: AssessmentNeedRow[];
}

// The database returns rows in no fixed order (a large scan can start anywhere in a table). Each
// function below puts its input in one order first, so the same data gives the same decisions,
// reasons and evidence on every build.
const byPersonAndDate = (a: MemberRow, b: MemberRow): number => a.person_id.localeCompare(b.person_id) || a.from_date.localeCompare(b.from_date) || a.role.localeCompare(b.role);

export function membersAt(members: readonly MemberRow[], date: string): MemberRow[] {
  const seen = new Set<string>();
  return [...members].sort(byPersonAndDate).filter((m) => m.from_date <= date && (m.to_date === null || m.to_date >= date) && (seen.has(m.person_id) ? false : (seen.add(m.person_id), true)));
}

export function toEventFacts(events: readonly EventRow[]): EventFact[] {
  return [...events].sort((a, b) => a.occurred_on.localeCompare(b.occurred_on) || a.id.localeCompare(b.id)).map((e) => ({ id: e.id, type: e.type, occurredOn: e.occurred_on, endedOn: e.ended_on, personId: e.person_id, attributes: e.attributes ?? {} }));
}

function assessmentNeeds(rows: readonly AssessmentNeedRow[], caseId: string): Array<IdentifiedNeed & { metOn: string | null }> {
  return rows
    .filter((r) => r.case_id === caseId && r.status !== 'no_longer_relevant')
    .sort((a, b) => a.identified_on.localeCompare(b.identified_on) || a.id.localeCompare(b.id))
    .map((r) => ({
      code: `assessment.${r.headline}`,
      headline: r.headline,
      name: r.description,
      national: true,
      personId: r.person_id,
      identifiedOn: r.identified_on,
      evidenceEventIds: [],
      source: 'assessment' as const,
      metOn: r.status === 'met' ? (r.closed_on ?? r.goal_achieved_on) : r.goal_achieved_on,
    }));
}

export interface AttachmentProgress {
  case: CaseRow;
  members: MemberRow[];
  eligible: boolean;
  familyRuleSummary: string;
  needs: NeedWithOutcome[];
  employment: EmploymentSpell[];
}

/**
 * Needs at attachment and their outcomes up to asOf for one case. In claim mode, `sustainment` says
 * how far back outcomes must hold, so families whose claim is already decided (not eligible, case
 * open under a from-closure scheme, sustainment not yet reached) are not evaluated further.
 */
export function attachmentProgress(fw: FrameworkAtDate, rows: FamilyRows, c: CaseRow, asOf: string, mode: 'full' | 'claim', sustainment: { months: number; from: 'closure' | 'outcome' }): AttachmentProgress {
  const attachedOn = c.opened_on;
  const at = membersAt(rows.members, attachedOn);
  const people = new Set(at.map((m) => m.person_id));
  const facts = toEventFacts(rows.events.filter((e) => (e.person_id === null ? e.family_unit_id === c.family_unit_id : people.has(e.person_id))));
  const memberFacts: MemberFact[] = at.map((m) => ({ personId: m.person_id, role: m.role, dateOfBirth: m.date_of_birth }));
  const { needs: ruled, result } = needsAtAttachment(fw, memberFacts, facts, attachedOn);
  const recorded = assessmentNeeds(rows.assessmentNeeds, c.id);
  const metOn = new Map(recorded.map((n) => [`${n.code}|${n.personId ?? ''}`, n.metOn]));
  const extra = c.closed_on ? [c.closed_on, addMonthsToDate(c.closed_on, sustainment.months)] : [];
  const all = [...ruled, ...recorded.map(({ metOn: _m, ...n }) => n)];
  let progress;
  if (mode === 'full') {
    progress = progressOfNeeds(fw, memberFacts, facts, all, attachedOn, asOf, { mode, extraDates: extra });
  } else {
    let stopAt: string | null = null;
    if (result.eligible) {
      // From closure: nothing to judge while the case is open; until the window has passed, only whether each need holds today.
      if (sustainment.from === 'closure') stopAt = c.closed_on ? (addMonthsToDate(c.closed_on, sustainment.months) <= asOf ? c.closed_on : asOf) : null;
      else stopAt = addMonthsToDate(asOf, -sustainment.months);
    }
    progress = progressOfNeeds(fw, memberFacts, facts, all, attachedOn, asOf, { mode, stopAt, extraDates: extra });
  }
  const needs = outcomesOfNeeds(progress, asOf, (n) => metOn.get(`${n.code}|${n.personId ?? ''}`) ?? null, { segments: mode === 'full' });
  const employment = facts
    .filter((e) => e.type === EMPLOYMENT_EVENT_TYPE && e.personId !== null)
    .map((e) => ({ personId: e.personId as string, from: e.occurredOn, to: e.endedOn, evidenceEventIds: [e.id] }));
  const summary = result.trace.children?.map((t) => `${t.label}: ${t.ok ? 'yes' : 'no'}${t.value !== undefined ? ` (${t.value})` : ''}`).join('; ') ?? result.trace.label;
  return { case: c, members: at, eligible: result.eligible, familyRuleSummary: summary, needs, employment };
}

export function toClaimCase(p: AttachmentProgress): ClaimCase {
  const needs: NeedProgress[] = p.needs.map((n) => ({
    code: n.code,
    headline: n.headline,
    national: n.national,
    personId: n.personId,
    identifiedOn: n.identifiedOn,
    evidenceEventIds: n.evidenceEventIds,
    firstMetOn: n.outcome.firstMetOn,
    metSince: n.outcome.metSince,
  }));
  return {
    familyUnitId: p.case.family_unit_id,
    caseId: p.case.id,
    attachedOn: p.case.opened_on,
    closedOn: p.case.closed_on,
    memberIds: p.members.map((m) => m.person_id),
    hasDependentChild: p.members.some((m) => m.role === 'child' || m.role === 'expected_child'),
    needs,
    employment: p.employment,
    familyRule: { eligible: p.eligible, summary: p.familyRuleSummary },
  };
}

/** What a claim freezes: needs with their evidence events and values, the rules, the framework version and the rate used. */
export function evidenceSnapshot(input: {
  progress: AttachmentProgress;
  family: { id: string; reference: string; name: string } | undefined;
  events: ReadonlyMap<string, EventRow>;
  scheme: ClaimScheme;
  /** The council's framework version whose rules identified the needs and judged their outcomes. */
  framework: { code: string; versionId: string; version: number; name: string };
  rate: PaymentRate | null;
  asOf: string;
  decision: { kind: string; route: string | null; amountPence: number; reasons: Array<{ code: string; text: string }>; keys: string[] };
  full: boolean;
}) {
  const { progress: p } = input;
  const evidence = (ids: readonly string[]) =>
    ids.map((id) => {
      const e = input.events.get(id);
      return e ? { id, type: e.type, occurred_on: e.occurred_on, ended_on: e.ended_on, person_id: e.person_id, attributes: e.attributes } : { id };
    });
  return {
    asOf: input.asOf,
    family: input.family ?? { id: p.case.family_unit_id },
    case: { id: p.case.id, reference: p.case.reference, opened_on: p.case.opened_on, closed_on: p.case.closed_on },
    members: p.members.map((m) => ({ person_id: m.person_id, role: m.role, from_date: m.from_date, to_date: m.to_date })),
    scheme: { frameworkCode: input.scheme.frameworkCode, version: input.scheme.version, sustainment: input.scheme.sustainment },
    framework: input.framework,
    familyRule: { eligible: p.eligible, summary: p.familyRuleSummary },
    needs: p.needs.map((n) => ({
      code: n.code,
      name: n.name,
      headline: n.headline,
      person_id: n.personId,
      source: n.source,
      identified_on: n.identifiedOn,
      evidence_at_attachment: input.full ? evidence(n.evidenceEventIds) : n.evidenceEventIds.map((id) => ({ id })),
      first_met_on: n.outcome.firstMetOn,
      met_since: n.outcome.metSince,
      outcome_source: n.outcome.source,
      latest_evidence: input.full ? evidence(n.outcome.latest?.evidenceEventIds ?? []) : [],
    })),
    employment: p.employment,
    decision: input.decision,
    rate: input.rate,
  };
}
