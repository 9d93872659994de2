// The front door: a request for support (from a partner, the family or a step-down from children's
// social care), linked to a known family when there is one; triage with a safeguarding screen and
// a recorded decision; a case opened for allocation when the decision is support.
import { randomBytes } from 'node:crypto';
import type { RequestContext } from '../../auth/permissions.ts';
import type { Db } from '../../db/database.ts';
import { withTenant } from '../../db/tenant.ts';
import { isoDate, type Clock } from '../../platform/clock.ts';
import { ConflictError, NotFoundError, ValidationError, type FieldErrors } from '../../platform/errors.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { caseRepository } from '../cases/case.repository.ts';
import type { CaseComplexity, CaseTier } from '../cases/case.tables.ts';
import { caseworkEventRepository } from '../cases/casework-event.repository.ts';
import { oneOf, optionalText, readDate, requireText } from '../cases/form-helpers.ts';
import { consentRepository } from '../consent/consent.repository.ts';
import { registerFamilyInTx } from '../people/family.service.ts';
import { isUuid } from '../../platform/ids.ts';
import { referralRepository } from './referral.repository.ts';
import { REQUEST_SOURCES, TRIAGE_DECISIONS, type TriageDecision } from './referral.tables.ts';

export const SOURCE_LABELS = { partner: 'A partner agency', family: 'The family themselves', step_down: "Step-down from children's social care" } as const;
export const DECISION_LABELS: Record<TriageDecision, string> = {
  step_up: "Step up to children's social care",
  allocate: 'Allocate to a keyworker',
  short_intervention: 'Short intervention (up to four weeks)',
  signpost: 'Signpost to another service',
  no_further_action: 'No further action',
};
export const TIER_LABELS: Record<CaseTier, string> = { intensive: 'Intensive', targeted: 'Targeted', light_touch: 'Light touch' };

function reference(prefix: string): string {
  return `${prefix}-${randomBytes(4).toString('hex').toUpperCase()}`;
}

export function createReferralService(db: Db, audit: AuditService, clock: Clock) {
  return {
    async create(ctx: RequestContext, form: Record<string, string>) {
      const errors: FieldErrors = {};
      const today = isoDate(clock.now());
      const source = oneOf(form.source ?? '', REQUEST_SOURCES, 'source', 'Select who the request comes from', errors);
      const receivedOn = readDate(form, 'receivedOn', 'the date the request was received', errors);
      if (receivedOn && receivedOn > today) errors.receivedOn = 'The date the request was received must be today or in the past';
      const referrerName = requireText(form.referrerName ?? '', 'referrerName', 'Enter the name of the person making the request', errors, 200);
      const referrerAgency = optionalText(form.referrerAgency ?? '', 'referrerAgency', 'Agency', errors, 200);
      const referrerContact = optionalText(form.referrerContact ?? '', 'referrerContact', 'Contact details', errors, 300);
      const familyReference = (form.familyReference ?? '').trim();
      const familyName = optionalText(form.familyName ?? '', 'familyName', 'Family name', errors, 200) ?? '';
      const leadGivenName = requireText(form.leadGivenName ?? '', 'leadGivenName', 'Enter the first name of the main contact in the family', errors, 100);
      const leadFamilyName = requireText(form.leadFamilyName ?? '', 'leadFamilyName', 'Enter the last name of the main contact in the family', errors, 100);
      const leadDob = readDate(form, 'leadDob', 'their date of birth', errors, { optional: true });
      if (leadDob && leadDob > today) errors.leadDob = 'Their date of birth must be in the past';
      const address = optionalText(form.address ?? '', 'address', 'Address', errors, 500);
      const postcode = optionalText(form.postcode ?? '', 'postcode', 'Postcode', errors, 10);
      const reason = requireText(form.reason ?? '', 'reason', 'Enter why the family needs support', errors, 5000);
      const consent = oneOf(form.consentToContact ?? '', ['yes', 'no'] as const, 'consentToContact', 'Select whether the family agreed to be contacted', errors);
      const consentGivenBy = consent === 'yes' ? requireText(form.consentGivenBy ?? '', 'consentGivenBy', 'Enter who in the family agreed to be contacted', errors, 200) : null;
      if (Object.keys(errors).length > 0) throw new ValidationError(errors);
      return withTenant(db, ctx.actor.localAuthorityId, async (tx) => {
        let familyUnitId: string | null = null;
        let personId: string | null = null;
        let knownName: string | null = null;
        if (familyReference) {
          const family = await referralRepository.familyByReference(tx, familyReference);
          if (!family) throw new ValidationError({ familyReference: 'No family has that reference. Check it, or leave it blank and enter the family’s details' });
          familyUnitId = family.id;
          knownName = family.name;
          personId = (await referralRepository.leadPersonInFamily(tx, family.id, leadGivenName, leadFamilyName))?.id ?? null;
        } else if (leadDob) {
          const match = await referralRepository.matchLeadPerson(tx, leadGivenName, leadFamilyName, leadDob);
          if (match) ({ family_unit_id: familyUnitId, person_id: personId } = match);
        }
        const ref = reference('REQ');
        const id = await referralRepository.insert(tx, {
          local_authority_id: ctx.actor.localAuthorityId,
          reference: ref,
          received_on: receivedOn as string,
          source,
          referrer_name: referrerName,
          referrer_agency: referrerAgency ?? (ctx.actor.role === 'partner' ? ctx.actor.organisation : null),
          referrer_contact: referrerContact,
          reason,
          consent_to_contact: consent === 'yes',
          consent_given_by: consentGivenBy,
          family_unit_id: familyUnitId,
          person_id: personId,
          family_name: familyName || knownName || `${leadFamilyName} family`,
          lead_given_name: leadGivenName,
          lead_family_name: leadFamilyName,
          lead_date_of_birth: leadDob,
          address,
          postcode: postcode?.toUpperCase() ?? null,
          created_by: ctx.actor.id,
        });
        await audit.record(tx, ctx, { action: 'request.create', subjectType: 'support_request', subjectId: id, details: { reference: ref, source, knownFamily: familyUnitId } });
        return { id, reference: ref, knownFamily: familyUnitId !== null };
      });
    },

    async queue(ctx: RequestContext) {
      return withTenant(db, ctx.actor.localAuthorityId, async (tx) => {
        const q = await referralRepository.queue(tx);
        await audit.record(tx, ctx, { action: 'request.queue.read', subjectType: 'support_request', details: { waiting: q.waiting.length } });
        return q;
      });
    },

    async view(ctx: RequestContext, id: string) {
      if (!isUuid(id)) throw new NotFoundError('Request');
      return withTenant(db, ctx.actor.localAuthorityId, async (tx) => {
        const request = await referralRepository.find(tx, id);
        if (!request) throw new NotFoundError('Request');
        const [episodes, members] = request.family_unit_id ? await Promise.all([caseRepository.episodes(tx, request.family_unit_id), referralRepository.members(tx, request.family_unit_id)]) : [[], []];
        await audit.record(tx, ctx, { action: 'request.read', subjectType: 'support_request', subjectId: id, details: { family: request.family_unit_id } });
        return { request, episodes: episodes.filter((e) => e.id !== request.case_id), members };
      });
    },

    async triage(ctx: RequestContext, id: string, form: Record<string, string>) {
      if (!isUuid(id)) throw new NotFoundError('Request');
      const errors: FieldErrors = {};
      const risk = oneOf(form.safeguardingRisk ?? '', ['yes', 'no'] as const, 'safeguardingRisk', 'Select whether there is a risk of significant harm to a child', errors);
      const notes = risk === 'yes' ? requireText(form.safeguardingNotes ?? '', 'safeguardingNotes', 'Describe the safeguarding concern', errors) : optionalText(form.safeguardingNotes ?? '', 'safeguardingNotes', 'Safeguarding notes', errors);
      const decision = oneOf(form.decision ?? '', TRIAGE_DECISIONS, 'decision', 'Select a decision', errors);
      if (risk === 'yes' && decision && decision !== 'step_up' && !errors.decision) errors.decision = "A child at risk of significant harm must be stepped up to children's social care";
      const reasons = requireText(form.reasons ?? '', 'reasons', 'Enter the reasons for the decision', errors);
      const opensCase = decision === 'allocate' || decision === 'short_intervention';
      const tier = opensCase ? (decision === 'short_intervention' ? 'light_touch' : oneOf(form.tier ?? '', ['intensive', 'targeted', 'light_touch'] as const, 'tier', 'Select the level of support', errors)) : null;
      const complexity = opensCase ? oneOf(form.complexity ?? 'standard', ['standard', 'high'] as const, 'complexity', 'Select the complexity', errors) : null;
      const signpostedTo = decision === 'signpost' ? requireText(form.signpostedTo ?? '', 'signpostedTo', 'Enter the service the family was signposted to', errors, 300) : null;
      if (Object.keys(errors).length > 0) throw new ValidationError(errors);
      return withTenant(db, ctx.actor.localAuthorityId, async (tx) => {
        const today = isoDate(clock.now());
        const request = await referralRepository.find(tx, id);
        if (!request) throw new NotFoundError('Request');
        if (request.status === 'triaged') throw new ConflictError('This request has already been triaged.');
        let familyUnitId = request.family_unit_id;
        let personId = request.person_id;
        let caseId: string | null = null;
        if (opensCase) {
          if (!ctx.actor.teamId) throw new ConflictError('You need to belong to a team to open a case.');
          if (!familyUnitId) {
            const created = await registerFamilyInTx(tx, ctx.actor.localAuthorityId, { name: request.family_name, address: request.address, postcode: request.postcode, lead: { givenName: request.lead_given_name, familyName: request.lead_family_name, dateOfBirth: request.lead_date_of_birth }, fromDate: today });
            familyUnitId = created.familyUnitId;
            personId = created.personId;
          }
          const episodes = await caseRepository.episodes(tx, familyUnitId);
          if (episodes.some((e) => e.status !== 'closed')) throw new ConflictError('This family already has an open case. Add the request to that case instead.');
          caseId = await caseRepository.insert(tx, {
            local_authority_id: ctx.actor.localAuthorityId,
            reference: reference('CASE'),
            family_unit_id: familyUnitId,
            team_id: ctx.actor.teamId,
            keyworker_id: null,
            status: 'awaiting_allocation',
            tier: tier as CaseTier,
            complexity: complexity as CaseComplexity,
            opened_on: today,
            request_id: request.id,
            previous_case_id: episodes[0]?.id ?? null,
          });
          await caseRepository.insertHistory(tx, { local_authority_id: ctx.actor.localAuthorityId, case_id: caseId, kind: 'status', from_value: null, to_value: 'awaiting_allocation', note: `Opened from request ${request.reference}${episodes[0] ? `; returning family, previous case ${episodes[0].reference}` : ''}`, changed_by: ctx.actor.id });
          if (request.consent_to_contact && personId) {
            await consentRepository.insert(tx, { local_authority_id: ctx.actor.localAuthorityId, case_id: caseId, person_id: personId, purpose: 'contact', decision: 'given', services: '[]', method: 'on_request', given_by: request.consent_given_by ?? `${request.lead_given_name} ${request.lead_family_name}`, obtained_by: request.created_by, given_on: request.received_on });
          }
          await caseworkEventRepository.record(tx, { localAuthorityId: ctx.actor.localAuthorityId, type: 'casework.case_opened', occurredOn: today, familyUnitId, attributes: { case_id: caseId, request: request.reference, tier, complexity, source: request.source, returning: episodes.length > 0 } });
        } else if (decision === 'step_up' && familyUnitId) {
          await caseworkEventRepository.record(tx, { localAuthorityId: ctx.actor.localAuthorityId, type: 'casework.stepped_up', occurredOn: today, familyUnitId, attributes: { request: request.reference, at: 'front_door' } });
        }
        await referralRepository.update(tx, request.id, {
          status: 'triaged',
          safeguarding_risk: risk,
          safeguarding_notes: notes,
          decision,
          decision_reasons: reasons,
          decision_tier: tier as CaseTier | null,
          decision_complexity: complexity as CaseComplexity | null,
          signposted_to: signpostedTo,
          decided_by: ctx.actor.id,
          decided_at: new Date(clock.now()),
          case_id: caseId,
          family_unit_id: familyUnitId,
          person_id: personId,
        });
        await audit.record(tx, ctx, { action: 'request.triage', subjectType: 'support_request', subjectId: request.id, details: { decision, risk, caseId } });
        return { decision, caseId, familyUnitId, reference: request.reference };
      });
    },
  };
}

export type ReferralService = ReturnType<typeof createReferralService>;
