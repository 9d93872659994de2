// Who sees what inside a family's case: the sharing decision as a pure function. Services call it
// for every item they return (never only templates), so a partner's page, the chronology and any
// export apply the same rule.
//
// - Case holders (the keyworker, their team's managers) see everything, special category included.
// - A data manager sees the record but not special-category items (no need to see health notes).
// - A partner practitioner (a current TAF member) sees an item only when
//   1. the council's sharing agreement lets partners see that area (budget, supervision and
//      closure approvals are internal and never shared);
//   2. it is not special category, unless their TAF membership records a need to see it;
//   3. everyone it concerns has consented, today, to share information with the partner's agency.
//      An item about the whole family needs every current adult's consent (seed 002, L1257: a
//      family document could not be shared once one member withdrew).
import type { Role } from '../../auth/permissions.ts';

export const SHARE_AREAS = ['members', 'contacts', 'plan', 'meetings', 'assessment', 'reviews', 'consent', 'events', 'budget', 'supervision', 'closure', 'request'] as const;
export type ShareArea = (typeof SHARE_AREAS)[number];
/** Areas a council may open to partners in its settings. */
export const SHAREABLE_AREAS: readonly ShareArea[] = ['members', 'contacts', 'plan', 'meetings', 'assessment', 'reviews', 'consent', 'events'];
export const INTERNAL_AREAS: readonly ShareArea[] = ['budget', 'supervision', 'closure', 'request'];

export const AREA_LABELS: Record<ShareArea, string> = {
  members: 'Family members',
  contacts: 'Contacts',
  plan: 'Family plan',
  meetings: 'TAF meetings',
  assessment: 'Assessment',
  reviews: 'Reviews',
  consent: 'Consent records',
  events: 'Events from partner data',
  budget: 'Family budget',
  supervision: 'Supervision',
  closure: 'Closure',
  request: 'Request for support',
};

export type Viewer =
  | { kind: 'case_holder' }
  | { kind: 'data' }
  | { kind: 'partner'; agency: string | null; seesSpecialCategory: boolean };

export interface SharingContext {
  /** people who have consented today to share with this viewer's agency */
  consented: ReadonlySet<string>;
  /** the family's current adult members */
  adults: readonly string[];
  /** areas the council's sharing agreement opens to partners */
  sharedAreas: ReadonlySet<ShareArea>;
}

export interface SharedItem {
  area: ShareArea;
  /** the people the item is about; empty for the whole family */
  personIds: readonly string[];
  specialCategory: boolean;
}

export type Decision = 'show' | 'hide_agreement' | 'hide_special' | 'hide_consent';

export function viewerFor(role: Role, tafMembership: { agency: string; sees_special_category: boolean } | null, organisation: string | null): Viewer | null {
  switch (role) {
    case 'keyworker':
    case 'team_manager':
      return { kind: 'case_holder' };
    case 'data_manager':
      return { kind: 'data' };
    case 'partner':
      return tafMembership ? { kind: 'partner', agency: tafMembership.agency || organisation, seesSpecialCategory: tafMembership.sees_special_category } : null;
    case 'administrator':
      return null;
  }
}

export function decide(viewer: Viewer, item: SharedItem, ctx: SharingContext): Decision {
  if (viewer.kind === 'case_holder') return 'show';
  if (viewer.kind === 'data') return item.specialCategory ? 'hide_special' : 'show';
  if (INTERNAL_AREAS.includes(item.area) || !ctx.sharedAreas.has(item.area)) return 'hide_agreement';
  if (item.specialCategory && !viewer.seesSpecialCategory) return 'hide_special';
  const needed = item.personIds.length > 0 ? item.personIds : ctx.adults;
  if (needed.length === 0 || !needed.every((p) => ctx.consented.has(p))) return 'hide_consent';
  return 'show';
}

export function canSee(viewer: Viewer, item: SharedItem, ctx: SharingContext): boolean {
  return decide(viewer, item, ctx) === 'show';
}

/** Filters a list, counting what was withheld so pages can say so without saying what. */
export function shareable<T>(viewer: Viewer, ctx: SharingContext, items: readonly T[], describe: (item: T) => SharedItem): { items: T[]; withheld: number } {
  const shown = items.filter((i) => canSee(viewer, describe(i), ctx));
  return { items: shown, withheld: items.length - shown.length };
}
