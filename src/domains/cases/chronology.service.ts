// The family's chronology: every source merged into one filterable, printable timeline, with the
// sharing decision applied to each entry (partners see only what consent and the agreement allow).
import type { RequestContext } from '../../auth/permissions.ts';
import type { Db } from '../../db/database.ts';
import { withTenant } from '../../db/tenant.ts';
import { isoDate, type Clock } from '../../platform/clock.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { loadCaseContext, personName, type CaseContext } from './case-context.ts';
import { caseRepository } from './case.repository.ts';
import { caseworkEventRepository } from './casework-event.repository.ts';
import { chronologyRepository } from './chronology.repository.ts';
import { buildChronology, CHRONOLOGY_KINDS, CHRONOLOGY_KIND_LABELS, type ChronologyEntry, type ChronologyFilter, type ChronologyKind } from './chronology.ts';
import { CONTACT_KIND_LABELS } from './contact.service.ts';
import { formatPounds } from '../../platform/money.ts';

const money = formatPounds;
const iso = (d: Date | string | null | undefined) => (d instanceof Date ? d.toISOString() : (d ?? ''));
const words = (s: string) => s.replace(/_/g, ' ');

export function createChronologyService(db: Db, audit: AuditService, clock: Clock) {
  async function entriesFor(c: CaseContext, caseIds: string[], refs: Map<string, string>, tx: Parameters<typeof chronologyRepository.sources>[0]): Promise<ChronologyEntry[]> {
    const s = await chronologyRepository.sources(tx, caseIds, c.family.id);
    if (!s) return [];
    const by = (id: string | null | undefined) => (id ? (s.users.get(id) ?? null) : null);
    const ref = (caseId: string | null) => (caseId ? (refs.get(caseId) ?? null) : null);
    const out: ChronologyEntry[] = [];
    const push = (e: Omit<ChronologyEntry, 'specialCategory' | 'personIds'> & Partial<Pick<ChronologyEntry, 'specialCategory' | 'personIds'>>) => out.push({ specialCategory: false, personIds: [], ...e });
    for (const r of s.requests) {
      push({ on: r.received_on, at: iso(r.created_at), kind: 'request', area: 'request', title: `Request for support from ${r.referrer_name}${r.referrer_agency ? ` (${r.referrer_agency})` : ''}`, detail: r.reason, by: by(r.created_by), caseReference: ref(r.case_id) });
      if (r.decision && r.decided_at) push({ on: isoDate(r.decided_at), at: iso(r.decided_at), kind: 'request', area: 'request', title: `Triage decision: ${words(r.decision)}`, detail: r.decision_reasons, by: by(r.decided_by), caseReference: ref(r.case_id) });
    }
    for (const h of s.history) {
      const title = h.kind === 'allocation' ? `Allocated to ${h.to_value ?? ''}${h.from_value ? ` from ${h.from_value}` : ''}` : h.kind === 'closure' ? `Closed: ${words(h.to_value ?? '')}` : `Status: ${words(h.to_value ?? '')}`;
      push({ on: isoDate(h.changed_at), at: iso(h.changed_at), kind: 'case', area: 'request', title, detail: h.note, by: by(h.changed_by), caseReference: ref(h.case_id) });
    }
    for (const x of s.contacts) push({ on: x.occurred_on, at: iso(x.created_at), kind: 'contact', area: 'contacts', title: `${CONTACT_KIND_LABELS[x.kind]} (${x.duration_minutes} minutes)${x.seen.length ? `: saw ${x.seen.map((p) => personName(c, p)).join(', ')}` : ''}`, detail: x.note, by: by(x.recorded_by), personIds: x.seen, specialCategory: x.special_category, caseReference: ref(x.case_id) });
    for (const x of s.consents) {
      push({ on: x.given_on, at: iso(x.created_at), kind: 'consent', area: 'consent', title: `${personName(c, x.person_id)}: consent ${x.decision} to ${words(x.purpose)}`, detail: x.services.length ? `Services: ${x.services.join(', ')}` : null, by: by(x.obtained_by), personIds: [x.person_id], caseReference: ref(x.case_id) });
      if (x.withdrawn_on) push({ on: x.withdrawn_on, at: `${x.withdrawn_on}T23:59`, kind: 'consent', area: 'consent', title: `${personName(c, x.person_id)}: consent to ${words(x.purpose)} withdrawn`, detail: x.withdrawn_reason, by: by(x.withdrawn_by), personIds: [x.person_id], caseReference: ref(x.case_id) });
    }
    for (const a of s.assessments) {
      push({ on: a.started_on, at: iso(a.updated_at), kind: 'assessment', area: 'assessment', title: `Assessment started (${a.form_name})`, detail: null, by: by(a.created_by), caseReference: ref(a.case_id) });
      if (a.completed_on) push({ on: a.completed_on, at: iso(a.updated_at), kind: 'assessment', area: 'assessment', title: 'Assessment completed', detail: null, by: by(a.created_by), caseReference: ref(a.case_id) });
    }
    for (const n of s.needs) push({ on: n.identified_on, at: iso(n.created_at), kind: 'assessment', area: 'assessment', title: `Need identified for ${personName(c, n.person_id)}: ${n.headline}`, detail: n.description, by: by(n.recorded_by), personIds: n.person_id ? [n.person_id] : [], specialCategory: n.special_category, caseReference: ref(n.case_id) });
    for (const sc of s.scores) push({ on: sc.scored_on, at: iso(sc.created_at as Date | string | null), kind: 'assessment', area: 'assessment', title: `${Number(sc.n)} scaled scores recorded (${sc.rater === 'family' ? "the family's view" : "the worker's view"})`, detail: null, by: by(sc.recorded_by), caseReference: ref(sc.case_id) });
    for (const g of s.goals) push({ on: isoDate(g.created_at), at: iso(g.created_at), kind: 'plan', area: 'plan', title: `Goal: ${g.title}`, detail: `Target: ${g.target}. Owner: ${g.owner_label}. Due ${g.due_on}. Status: ${words(g.status)}.`, by: by(g.created_by), personIds: g.person_id ? [g.person_id] : [], specialCategory: g.special_category, caseReference: ref(g.case_id) });
    for (const a of s.actions) {
      push({ on: isoDate(a.created_at), at: iso(a.created_at), kind: 'plan', area: 'plan', title: `Action for ${a.owner_label}: ${a.description}`, detail: `Due ${a.due_on}`, by: by(a.created_by), caseReference: ref(a.case_id) });
      if (a.completed_on) push({ on: a.completed_on, at: `${a.completed_on}T23:00`, kind: 'plan', area: 'plan', title: `Action done: ${a.description}`, detail: null, by: null, caseReference: ref(a.case_id) });
    }
    for (const v of s.versions) push({ on: isoDate(v.created_at), at: iso(v.created_at), kind: 'plan', area: 'plan', title: `Family plan version ${v.version} saved`, detail: v.reason, by: by(v.created_by), caseReference: ref(v.case_id) });
    for (const m of s.meetings) push({ on: m.held_on, at: iso(m.created_at), kind: 'meeting', area: 'meetings', title: `TAF meeting (${words(m.mode)}) ${m.status === 'held' ? 'held' : 'planned'}`, detail: m.decisions, by: by(m.created_by), caseReference: ref(m.case_id) });
    for (const r of s.reviews) push({ on: r.held_on, at: iso(r.created_at), kind: 'review', area: 'reviews', title: `Review: ${words(r.decision)}`, detail: r.progress, by: by(r.recorded_by), caseReference: ref(r.case_id) });
    for (const r of s.supervisions) push({ on: r.held_on, at: iso(r.created_at), kind: 'supervision', area: 'supervision', title: `Supervision${r.case_drift ? ' (drift flagged)' : ''}`, detail: [r.discussion, r.decisions].filter(Boolean).join(' Decisions: '), by: by(r.recorded_by), caseReference: ref(r.case_id) });
    for (const b of s.budget) {
      push({ on: b.requested_on, at: iso(b.created_at), kind: 'budget', area: 'budget', title: `Budget request: ${b.description} (${money(b.amount_pence)})`, detail: null, by: by(b.requested_by), caseReference: ref(b.case_id) });
      if (b.decided_on) push({ on: b.decided_on, at: `${b.decided_on}T23:00`, kind: 'budget', area: 'budget', title: `Budget ${b.status}: ${b.description}`, detail: null, by: by(b.decided_by), caseReference: ref(b.case_id) });
    }
    for (const x of s.closures) {
      push({ on: x.requested_on, at: iso(x.created_at), kind: 'closure', area: 'closure', title: `Closure requested: ${words(x.reason)}${x.handover_to ? `, handed over to ${x.handover_to}` : ''}`, detail: x.summary, by: by(x.requested_by), caseReference: ref(x.case_id) });
      if (x.decided_on) push({ on: x.decided_on, at: `${x.decided_on}T23:00`, kind: 'closure', area: 'closure', title: `Closure ${x.status}`, detail: x.decision_note, by: by(x.decided_by), caseReference: ref(x.case_id) });
    }
    for (const f of s.followUps) push({ on: f.done_on as string, at: `${f.done_on}T12:00`, kind: 'follow_up', area: 'closure', title: `${f.months}-month follow-up`, detail: f.outcome, by: by(f.done_by), caseReference: ref(f.case_id) });
    const events = await caseworkEventRepository.importedFor(tx, c.family.id, c.allMembers.map((m) => m.person_id));
    for (const e of events) push({ on: e.occurred_on, at: iso(e.created_at), kind: 'event', area: 'events', title: `${words(e.type)}${e.person_id ? `: ${personName(c, e.person_id)}` : ''}`, detail: Object.entries(e.attributes ?? {}).map(([k, v]) => `${words(k)}: ${String(v)}`).join('; ') || null, by: null, personIds: e.person_id ? [e.person_id] : [], specialCategory: e.type.startsWith('health.'), caseReference: null });
    return out;
  }

  return {
    async forCase(ctx: RequestContext, caseId: string, filter: ChronologyFilter) {
      return withTenant(db, ctx.actor.localAuthorityId, async (tx) => {
        const c = await loadCaseContext(tx, ctx.actor, caseId, isoDate(clock.now()), { allowPastKeyworker: true });
        // Case holders see every episode of the family; partners only the case whose TAF they are in.
        const episodes = c.viewer.kind === 'partner' ? [{ id: c.kase.id, reference: c.kase.reference }] : await caseRepository.episodes(tx, c.family.id);
        const refs = new Map(episodes.map((e) => [e.id, e.reference]));
        const all = await entriesFor(c, episodes.map((e) => e.id), refs, tx);
        const result = buildChronology(all, c.viewer, c.sharing, filter);
        await audit.record(tx, ctx, { action: 'chronology.read', subjectType: 'family_unit', subjectId: c.family.id, details: { case: c.kase.id, entries: result.entries.length, filter } });
        return {
          header: c.header,
          entries: result.entries,
          withheld: result.withheld,
          people: c.members.map((m) => ({ id: m.person_id, name: `${m.given_name} ${m.family_name}` })),
          kinds: CHRONOLOGY_KINDS.filter((k) => all.some((e) => e.kind === k)).map((k) => ({ value: k as ChronologyKind, text: CHRONOLOGY_KIND_LABELS[k] })),
          kindLabels: CHRONOLOGY_KIND_LABELS,
        };
      });
    },
  };
}

export type ChronologyService = ReturnType<typeof createChronologyService>;
