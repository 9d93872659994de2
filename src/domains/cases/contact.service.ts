// Contacts: visits, calls, video and meetings, recorded in one page and shown against the norm.
import type { RequestContext } from '../../auth/permissions.ts';
import type { Db } from '../../db/database.ts';
import { withTenant } from '../../db/tenant.ts';
import { isoDate, type Clock } from '../../platform/clock.ts';
import { ValidationError, type FieldErrors } from '../../platform/errors.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { loadCaseContext, personName, requireArea, requireWritable } from './case-context.ts';
import { CONTACT_KINDS, type ContactKind } from './case.tables.ts';
import { caseworkEventRepository } from './casework-event.repository.ts';
import { contactFrequency, FREQUENCY_LABELS } from './contact-frequency.ts';
import { contactRepository } from './contact.repository.ts';
import { oneOf, optionalText, readDate, requireText } from './form-helpers.ts';

export const CONTACT_KIND_LABELS: Record<ContactKind, string> = {
  home_visit: 'Home visit',
  office_visit: 'Visit elsewhere (school, office, community)',
  phone: 'Phone call',
  video: 'Video call',
  meeting: 'Meeting with the family',
  text_message: 'Text or message',
};

export interface ContactInput {
  form: Record<string, string>;
  seen: string[];
}

export function createContactService(db: Db, audit: AuditService, clock: Clock) {
  return {
    async list(ctx: RequestContext, caseId: string) {
      return withTenant(db, ctx.actor.localAuthorityId, async (tx) => {
        const c = await loadCaseContext(tx, ctx.actor, caseId, isoDate(clock.now()));
        requireArea(c, 'contacts');
        const rows = await contactRepository.forCase(tx, c.kase.id);
        const visible = rows.filter((r) => c.see({ area: 'contacts', personIds: r.seen, specialCategory: r.special_category }));
        const started = c.kase.allocated_on ?? c.kase.opened_on;
        const frequency = contactFrequency(rows.map((r) => r.occurred_on), started, c.kase.closed_on ?? c.today, c.settings.contact_norm_days);
        await audit.record(tx, ctx, { action: 'contact.list', subjectType: 'support_case', subjectId: c.kase.id, details: { shown: visible.length } });
        return {
          header: c.header,
          canWrite: c.canWrite,
          normDays: c.settings.contact_norm_days,
          frequency: { ...frequency, label: FREQUENCY_LABELS[frequency.status] },
          totalMinutes: visible.reduce((s, r) => s + r.duration_minutes, 0),
          contacts: visible.map((r) => ({ ...r, kind_label: CONTACT_KIND_LABELS[r.kind], seen_names: r.seen.map((p) => personName(c, p)) })),
          withheld: rows.length - visible.length,
        };
      });
    },

    async formOptions(ctx: RequestContext, caseId: string) {
      return withTenant(db, ctx.actor.localAuthorityId, async (tx) => {
        const c = await loadCaseContext(tx, ctx.actor, caseId, isoDate(clock.now()));
        requireWritable(c);
        await audit.record(tx, ctx, { action: 'contact.form.read', subjectType: 'support_case', subjectId: c.kase.id });
        return { header: c.header, today: c.today, people: c.members.filter((m) => m.current).map((m) => ({ id: m.person_id, name: `${m.given_name} ${m.family_name}` })) };
      });
    },

    async record(ctx: RequestContext, caseId: string, input: ContactInput) {
      const { form } = input;
      const errors: FieldErrors = {};
      const today = isoDate(clock.now());
      const occurredOn = readDate(form, 'occurredOn', 'the date of the contact', errors);
      if (occurredOn && occurredOn > today) errors.occurredOn = 'The date of the contact must be today or in the past';
      const kind = oneOf(form.kind ?? '', CONTACT_KINDS, 'kind', 'Select the type of contact', errors);
      const minutesText = (form.duration ?? '').trim();
      const minutes = Number(minutesText);
      if (!minutesText) errors.duration = 'Enter how long the contact took, in minutes';
      else if (!/^\d+$/.test(minutesText)) errors.duration = 'How long the contact took must be a whole number of minutes, like 45';
      else if (minutes > 1440) errors.duration = 'How long the contact took must be 1440 minutes or fewer';
      const othersPresent = optionalText(form.othersPresent ?? '', 'othersPresent', 'Others present', errors, 500);
      const note = requireText(form.note ?? '', 'note', 'Enter a note of the contact', errors, 10_000);
      if (Object.keys(errors).length > 0) throw new ValidationError(errors);
      return withTenant(db, ctx.actor.localAuthorityId, async (tx) => {
        const c = await loadCaseContext(tx, ctx.actor, caseId, today);
        requireWritable(c);
        const members = new Set(c.allMembers.map((m) => m.person_id));
        const seen = [...new Set(input.seen)].filter((p) => members.has(p));
        const special = form.specialCategory === 'yes';
        const id = await contactRepository.insert(tx, {
          local_authority_id: ctx.actor.localAuthorityId,
          case_id: c.kase.id,
          occurred_on: occurredOn as string,
          kind,
          duration_minutes: minutes,
          seen: JSON.stringify(seen),
          others_present: othersPresent,
          note,
          special_category: special,
          recorded_by: ctx.actor.id,
        });
        await caseworkEventRepository.record(tx, { localAuthorityId: ctx.actor.localAuthorityId, type: 'casework.contact', occurredOn: occurredOn as string, familyUnitId: c.family.id, attributes: { case_id: c.kase.id, contact_id: id, kind, duration_minutes: minutes, seen } });
        await audit.record(tx, ctx, { action: 'contact.record', subjectType: 'contact', subjectId: id, details: { case: c.kase.id, kind, seen: seen.length, special } });
        return { kindLabel: CONTACT_KIND_LABELS[kind], occurredOn: occurredOn as string };
      });
    },
  };
}

export type ContactService = ReturnType<typeof createContactService>;
