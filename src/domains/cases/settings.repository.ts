import type { Tx } from '../../db/tenant.ts';
import { DEFAULT_WEIGHTS } from './allocation.ts';
import type { ShareArea } from './case.access.ts';

export interface CaseworkSettings {
  review_interval_days: number;
  assessment_due_days: number;
  contact_norm_days: number;
  supervision_interval_days: number;
  follow_up_months: number[];
  budget_limit_pence: number;
  weight_intensive_pct: number;
  weight_targeted_pct: number;
  weight_light_touch_pct: number;
  large_family_size: number;
  large_family_extra_pct: number;
  high_complexity_extra_pct: number;
  partner_sharing: ShareArea[];
  updated_at: Date | null;
}

/** The seeds' defaults (DOMAIN.md, "Working norms"): councils change them on the settings page. */
export const DEFAULT_SETTINGS: CaseworkSettings = {
  review_interval_days: 42,
  assessment_due_days: 42,
  contact_norm_days: 7,
  supervision_interval_days: 28,
  follow_up_months: [3, 6, 12],
  budget_limit_pence: 400_000,
  ...DEFAULT_WEIGHTS,
  partner_sharing: ['members', 'contacts', 'plan', 'meetings', 'assessment', 'reviews'],
  updated_at: null,
};

export const settingsRepository = {
  async get(tx: Tx): Promise<CaseworkSettings> {
    const row = await tx.selectFrom('casework_setting').selectAll().executeTakeFirst();
    if (!row) return { ...DEFAULT_SETTINGS };
    const { local_authority_id: _la, updated_by: _by, ...rest } = row;
    return { ...rest, follow_up_months: rest.follow_up_months.map(Number), partner_sharing: rest.partner_sharing as ShareArea[] };
  },

  async save(tx: Tx, localAuthorityId: string, settings: Omit<CaseworkSettings, 'updated_at'>, userId: string): Promise<void> {
    const values = { ...settings, follow_up_months: JSON.stringify(settings.follow_up_months), partner_sharing: JSON.stringify(settings.partner_sharing), updated_by: userId, updated_at: new Date() };
    await tx
      .insertInto('casework_setting')
      .values({ local_authority_id: localAuthorityId, ...values })
      .onConflict((oc) => oc.column('local_authority_id').doUpdateSet(values))
      .execute();
  },
};
