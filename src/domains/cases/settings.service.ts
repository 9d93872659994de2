// The council's casework settings: defaults from the seeds, changed by managers and administrators.
import type { RequestContext } from '../../auth/permissions.ts';
import type { Db } from '../../db/database.ts';
import { withTenant } from '../../db/tenant.ts';
import { ValidationError, type FieldErrors } from '../../platform/errors.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { SHAREABLE_AREAS, type ShareArea } from './case.access.ts';
import { parsePounds } from './form-helpers.ts';
import { settingsRepository, type CaseworkSettings } from './settings.repository.ts';

const INTS: Array<[keyof CaseworkSettings, string, number, number]> = [
  ['review_interval_days', 'The review interval', 7, 365],
  ['assessment_due_days', 'The time to complete an assessment', 7, 365],
  ['contact_norm_days', 'The contact norm', 1, 90],
  ['supervision_interval_days', 'The supervision interval', 7, 180],
  ['weight_intensive_pct', 'The weight of an intensive family', 0, 1000],
  ['weight_targeted_pct', 'The weight of a targeted family', 0, 1000],
  ['weight_light_touch_pct', 'The weight of a light-touch family', 0, 1000],
  ['large_family_size', 'The size of a large family', 1, 30],
  ['large_family_extra_pct', 'The extra weight of a large family', 0, 1000],
  ['high_complexity_extra_pct', 'The extra weight of high complexity', 0, 1000],
];

export function createSettingsService(db: Db, audit: AuditService) {
  return {
    async get(ctx: RequestContext) {
      return withTenant(db, ctx.actor.localAuthorityId, async (tx) => {
        const s = await settingsRepository.get(tx);
        await audit.record(tx, ctx, { action: 'settings.read', subjectType: 'casework_setting' });
        return s;
      });
    },

    async save(ctx: RequestContext, form: Record<string, string>, sharing: string[]) {
      const errors: FieldErrors = {};
      const out: Record<string, unknown> = {};
      for (const [key, label, min, max] of INTS) {
        const raw = (form[key] ?? '').trim();
        const n = Number(raw);
        if (!raw) errors[key] = `Enter ${label.toLowerCase()}`;
        else if (!/^\d+$/.test(raw) || n < min || n > max) errors[key] = `${label} must be a whole number from ${min} to ${max}`;
        out[key] = n;
      }
      const months = (form.follow_up_months ?? '').split(/[\s,]+/).filter(Boolean);
      if (months.length === 0 || months.some((m) => !/^\d+$/.test(m) || Number(m) < 1 || Number(m) > 36)) errors.follow_up_months = 'Follow-ups must be months after closure from 1 to 36, separated by commas, like 3, 6, 12';
      const limit = parsePounds(form.budget_limit ?? '');
      if (limit === null) errors.budget_limit = 'The budget limit must be a sum of money, like 4000';
      if (Object.keys(errors).length > 0) throw new ValidationError(errors);
      const settings = {
        ...(out as Omit<CaseworkSettings, 'follow_up_months' | 'budget_limit_pence' | 'partner_sharing' | 'updated_at'>),
        follow_up_months: [...new Set(months.map(Number))].sort((a, b) => a - b),
        budget_limit_pence: limit as number,
        partner_sharing: sharing.filter((s): s is ShareArea => (SHAREABLE_AREAS as readonly string[]).includes(s)),
      };
      return withTenant(db, ctx.actor.localAuthorityId, async (tx) => {
        await settingsRepository.save(tx, ctx.actor.localAuthorityId, settings, ctx.actor.id);
        await audit.record(tx, ctx, { action: 'settings.save', subjectType: 'casework_setting', details: settings });
      });
    },
  };
}

export type SettingsService = ReturnType<typeof createSettingsService>;
