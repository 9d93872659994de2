// Consent per person and purpose: recorded with how, by whom, when and until when; withdrawn at
// once. What partners see is decided from these records on every request (case-context.ts).
import type { RequestContext } from '../../auth/permissions.ts';
import type { Db } from '../../db/database.ts';
import { withTenant, type Tx } from '../../db/tenant.ts';
import { isoDate, type Clock } from '../../platform/clock.ts';
import { NotFoundError, ValidationError, type FieldErrors } from '../../platform/errors.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { loadCaseContext, personName, requireArea, requireWritable } from '../cases/case-context.ts';
import { caseRepository } from '../cases/case.repository.ts';
import { oneOf, optionalText, readDate, requireText } from '../cases/form-helpers.ts';
import { isUuid } from '../../platform/ids.ts';
import { consentRepository } from './consent.repository.ts';
import { CONSENT_STATE_LABELS, consentState, consentedToShare, type ConsentRecord } from './consent.rules.ts';
import { CONSENT_METHODS, CONSENT_PURPOSES, type ConsentMethod, type ConsentPurpose } from './consent.tables.ts';

export const PURPOSE_LABELS: Record<ConsentPurpose, string> = {
  contact: 'To be contacted',
  participate: 'To take part',
  assess_children: 'To assess the children',
  share_information: 'To share information between named services',
};
export const METHOD_LABELS: Record<ConsentMethod, string> = {
  written: 'Written (signed form)',
  verbal: 'Verbal, recorded by the practitioner',
  digital: 'Digital (email or online form)',
  on_request: 'Given with the request for support',
};

export function createConsentService(db: Db, audit: AuditService, clock: Clock) {
  return {
    async overview(ctx: RequestContext, caseId: string) {
      return withTenant(db, ctx.actor.localAuthorityId, async (tx) => {
        const c = await loadCaseContext(tx, ctx.actor, caseId, isoDate(clock.now()));
        requireArea(c, 'consent');
        const [records, taf] = await Promise.all([consentRepository.forCase(tx, c.kase.id), caseRepository.tafMembers(tx, c.kase.id)]);
        const visible = records.filter((r) => c.see({ area: 'consent', personIds: [r.person_id], specialCategory: false }));
        const people = c.members.filter((m) => m.current);
        const matrix = people.map((m) => ({
          personId: m.person_id,
          name: `${m.given_name} ${m.family_name}`,
          role: m.role,
          states: CONSENT_PURPOSES.map((p) => {
            const state = consentState(records, m.person_id, p, c.today);
            return { purpose: p, state, label: CONSENT_STATE_LABELS[state] };
          }),
        }));
        const agencies = [...new Set(taf.map((t) => t.agency))];
        const sharingByAgency = agencies.map((agency) => ({
          agency,
          people: people.map((m) => ({ name: `${m.given_name} ${m.family_name}`, state: consentState(records, m.person_id, 'share_information', c.today, agency) })).map((x) => ({ ...x, label: CONSENT_STATE_LABELS[x.state] })),
        }));
        await audit.record(tx, ctx, { action: 'consent.read', subjectType: 'support_case', subjectId: c.kase.id, details: { family: c.family.reference } });
        return {
          header: c.header,
          canWrite: c.canWrite,
          matrix,
          sharingByAgency,
          records: visible.map((r) => ({ ...r, person_name: personName(c, r.person_id), purpose_label: PURPOSE_LABELS[r.purpose], method_label: METHOD_LABELS[r.method], state: consentState(records.filter((x) => x.id === r.id), r.person_id, r.purpose, c.today) })),
          withheld: records.length - visible.length,
        };
      });
    },

    async formOptions(ctx: RequestContext, caseId: string) {
      return withTenant(db, ctx.actor.localAuthorityId, async (tx) => {
        const c = await loadCaseContext(tx, ctx.actor, caseId, isoDate(clock.now()));
        requireWritable(c);
        const taf = await caseRepository.tafMembers(tx, c.kase.id);
        await audit.record(tx, ctx, { action: 'consent.form.read', subjectType: 'support_case', subjectId: c.kase.id });
        return {
          header: c.header,
          today: c.today,
          people: c.members.filter((m) => m.current).map((m) => ({ id: m.person_id, name: `${m.given_name} ${m.family_name}`, role: m.role })),
          agencies: [...new Set(taf.filter((t) => t.to_date === null || t.to_date >= c.today).map((t) => t.agency))].sort(),
        };
      });
    },

    async record(ctx: RequestContext, caseId: string, form: Record<string, string>, services: string[]) {
      const errors: FieldErrors = {};
      const personId = form.personId ?? '';
      if (!personId) errors.personId = 'Select the person whose consent this is';
      const purpose = oneOf(form.purpose ?? '', CONSENT_PURPOSES, 'purpose', 'Select what the consent is for', errors);
      const decision = oneOf(form.decision ?? '', ['given', 'refused'] as const, 'decision', 'Select whether consent was given or refused', errors);
      const method = oneOf(form.method ?? '', CONSENT_METHODS, 'method', 'Select how consent was given', errors);
      const givenBy = requireText(form.givenBy ?? '', 'givenBy', 'Enter who gave or refused consent', errors, 200);
      const givenOn = readDate(form, 'givenOn', 'the date of consent', errors);
      const expiresOn = readDate(form, 'expiresOn', 'the expiry date', errors, { optional: true });
      const others = (form.otherServices ?? '').split(/\n|,/).map((s) => s.trim()).filter(Boolean);
      const named = [...new Set([...services, ...others])];
      if (purpose === 'share_information' && decision === 'given' && named.length === 0) errors.services = 'Select or enter the services information may be shared with';
      const note = optionalText(form.note ?? '', 'note', 'Notes', errors, 2000);
      const today = isoDate(clock.now());
      if (givenOn && givenOn > today) errors.givenOn = 'The date of consent must be today or in the past';
      if (givenOn && expiresOn && expiresOn < givenOn) errors.expiresOn = 'The expiry date must be on or after the date of consent';
      if (Object.keys(errors).length > 0) throw new ValidationError(errors);
      return withTenant(db, ctx.actor.localAuthorityId, async (tx) => {
        const c = await loadCaseContext(tx, ctx.actor, caseId, today);
        requireWritable(c);
        const person = c.members.find((m) => m.person_id === personId && m.current);
        if (!person) throw new ValidationError({ personId: 'Select a person in this family' });
        const id = await consentRepository.insert(tx, {
          local_authority_id: ctx.actor.localAuthorityId,
          case_id: c.kase.id,
          person_id: person.person_id,
          purpose,
          decision,
          services: JSON.stringify(purpose === 'share_information' ? named : []),
          method,
          given_by: givenBy,
          obtained_by: ctx.actor.id,
          given_on: givenOn as string,
          expires_on: expiresOn,
          note,
        });
        await audit.record(tx, ctx, { action: 'consent.record', subjectType: 'consent', subjectId: id, details: { case: c.kase.id, person: person.person_id, purpose, decision, services: named } });
        return { personName: `${person.given_name} ${person.family_name}`, purpose: PURPOSE_LABELS[purpose], decision };
      });
    },

    async withdrawal(ctx: RequestContext, caseId: string, consentId: string) {
      if (!isUuid(consentId)) throw new NotFoundError('Consent');
      return withTenant(db, ctx.actor.localAuthorityId, async (tx) => {
        const c = await loadCaseContext(tx, ctx.actor, caseId, isoDate(clock.now()));
        requireWritable(c);
        const record = (await consentRepository.forCase(tx, c.kase.id)).find((r) => r.id === consentId);
        if (!record || record.withdrawn_on || record.decision !== 'given') throw new NotFoundError('Consent');
        await audit.record(tx, ctx, { action: 'consent.read', subjectType: 'consent', subjectId: record.id });
        return { header: c.header, record: { ...record, person_name: personName(c, record.person_id), purpose_label: PURPOSE_LABELS[record.purpose] } };
      });
    },

    async withdraw(ctx: RequestContext, caseId: string, consentId: string, reasonInput: string) {
      const errors: FieldErrors = {};
      const reason = requireText(reasonInput, 'reason', 'Enter why consent was withdrawn', errors, 2000);
      if (Object.keys(errors).length > 0) throw new ValidationError(errors);
      if (!isUuid(consentId)) throw new NotFoundError('Consent');
      return withTenant(db, ctx.actor.localAuthorityId, async (tx) => {
        const today = isoDate(clock.now());
        const c = await loadCaseContext(tx, ctx.actor, caseId, today);
        requireWritable(c);
        const changed = await consentRepository.withdraw(tx, c.kase.id, consentId, today, reason, ctx.actor.id);
        if (changed === 0) throw new NotFoundError('Consent');
        await audit.record(tx, ctx, { action: 'consent.withdraw', subjectType: 'consent', subjectId: consentId, details: { case: c.kase.id, reason } });
      });
    },
  };
}

export type ConsentService = ReturnType<typeof createConsentService>;
export type { ConsentRecord };

/**
 * For the family page: which members a partner practitioner may see, from consent to share with
 * their agency on the cases whose TAF they are in today. Case holders and data managers see all.
 * Runs inside the caller's transaction (the family service's read).
 */
export async function partnerVisiblePersonIds(tx: Tx, actor: RequestContext['actor'], familyUnitId: string, today: string): Promise<Set<string> | null> {
  if (actor.role !== 'partner') return null;
  const visible = new Set<string>();
  const cases = await caseRepository.episodes(tx, familyUnitId);
  for (const kase of cases) {
    if (kase.status === 'closed') continue;
    const taf = await caseRepository.activeTafMembership(tx, kase.id, actor.id, today);
    if (!taf) continue;
    const records = await consentRepository.forCase(tx, kase.id);
    for (const p of consentedToShare(records, [...new Set(records.map((r) => r.person_id))], taf.agency || actor.organisation, today)) visible.add(p);
  }
  return visible;
}
