// The family page's casework panel: the case's areas as sub-navigation, what is due, contact
// against the norm. Partners get the areas they may open and nothing internal.
import type { RequestContext } from '../../auth/permissions.ts';
import type { Db } from '../../db/database.ts';
import { withTenant } from '../../db/tenant.ts';
import { isoDate, type Clock } from '../../platform/clock.ts';
import { NotFoundError } from '../../platform/errors.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { isUuid } from '../../platform/ids.ts';
import { loadCaseContext, type CaseContext } from './case-context.ts';
import { caseRepository } from './case.repository.ts';
import { contactFrequency, FREQUENCY_LABELS } from './contact-frequency.ts';
import { dueRepository } from './due.repository.ts';
import { DUE_KIND_LABELS, DUE_STATUS_LABELS, dueItems } from './due.ts';

export function createCaseOverviewService(db: Db, audit: AuditService, clock: Clock) {
  return {
    /** The family's current case (or latest) as this person may see it; null when there is none they may open. */
    async forFamily(ctx: RequestContext, familyUnitId: string) {
      if (!isUuid(familyUnitId)) throw new NotFoundError('Family');
      return withTenant(db, ctx.actor.localAuthorityId, async (tx) => {
        const today = isoDate(clock.now());
        const episodes = await caseRepository.episodes(tx, familyUnitId);
        const ordered = [...episodes.filter((e) => e.status !== 'closed'), ...episodes.filter((e) => e.status === 'closed')];
        let c: CaseContext | null = null;
        for (const e of ordered) {
          try {
            c = await loadCaseContext(tx, ctx.actor, e.id, today, { allowPastKeyworker: true });
            break;
          } catch (error) {
            if (!(error instanceof NotFoundError)) throw error;
          }
        }
        if (!c) return null;
        await audit.record(tx, ctx, { action: 'case.overview.read', subjectType: 'support_case', subjectId: c.kase.id });
        const started = c.kase.allocated_on ?? c.kase.opened_on;
        const holder = c.viewer.kind === 'case_holder';
        let due: Array<ReturnType<typeof dueItems>[number] & { kindLabel: string; statusLabel: { text: string; colour: string }; href: string }> = [];
        let frequency = null;
        if (holder) {
          const facts = (await dueRepository.forCases(tx, [c.kase.id])).get(c.kase.id);
          if (facts) {
            due = dueItems({ status: c.kase.status, startedOn: started, ...facts }, c.settings, today, 42).map((i) => ({ ...i, kindLabel: DUE_KIND_LABELS[i.kind], statusLabel: DUE_STATUS_LABELS[i.status], href: `/cases/${c.kase.id}${i.path}` }));
            const f = contactFrequency(facts.lastContactOn ? [facts.lastContactOn] : [], started, c.kase.closed_on ?? today, c.settings.contact_norm_days);
            frequency = { ...f, label: FREQUENCY_LABELS[f.status] };
          }
        }
        return {
          header: c.header,
          caseId: c.kase.id,
          canWrite: c.canWrite,
          isHolder: holder,
          episodes: episodes.length,
          due,
          frequency,
        };
      });
    },
  };
}

export type CaseOverviewService = ReturnType<typeof createCaseOverviewService>;
