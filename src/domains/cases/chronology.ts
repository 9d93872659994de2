// One timeline of everything that happened to a family, so the family tells its story once
// (seed 001 L689-691). Entries come from every casework table and from partner data (events);
// this module merges, filters and applies the sharing decision to each entry.
import { canSee, type ShareArea, type SharingContext, type Viewer } from './case.access.ts';

export const CHRONOLOGY_KINDS = ['request', 'case', 'contact', 'consent', 'assessment', 'plan', 'meeting', 'review', 'supervision', 'budget', 'closure', 'follow_up', 'event'] as const;
export type ChronologyKind = (typeof CHRONOLOGY_KINDS)[number];

export const CHRONOLOGY_KIND_LABELS: Record<ChronologyKind, string> = {
  request: 'Requests for support',
  case: 'Case status and allocation',
  contact: 'Contacts',
  consent: 'Consent',
  assessment: 'Assessment, needs and scores',
  plan: 'Family plan',
  meeting: 'TAF meetings',
  review: 'Reviews',
  supervision: 'Supervision',
  budget: 'Family budget',
  closure: 'Closure and step-up or down',
  follow_up: 'Follow-ups',
  event: 'Events from partner data',
};

export interface ChronologyEntry {
  on: string;
  /** for ordering entries on the same day */
  at: string;
  kind: ChronologyKind;
  area: ShareArea;
  title: string;
  detail: string | null;
  by: string | null;
  personIds: string[];
  specialCategory: boolean;
  caseReference: string | null;
}

export interface ChronologyFilter {
  kinds?: readonly ChronologyKind[];
  from?: string | null;
  to?: string | null;
  personId?: string | null;
}

export function buildChronology(entries: readonly ChronologyEntry[], viewer: Viewer, sharing: SharingContext, filter: ChronologyFilter = {}): { entries: ChronologyEntry[]; withheld: number } {
  let withheld = 0;
  const kinds = filter.kinds && filter.kinds.length > 0 ? new Set(filter.kinds) : null;
  const shown = entries.filter((e) => {
    if (!canSee(viewer, { area: e.area, personIds: e.personIds, specialCategory: e.specialCategory }, sharing)) {
      withheld++;
      return false;
    }
    if (kinds && !kinds.has(e.kind)) return false;
    if (filter.from && e.on < filter.from) return false;
    if (filter.to && e.on > filter.to) return false;
    if (filter.personId && e.personIds.length > 0 && !e.personIds.includes(filter.personId)) return false;
    return true;
  });
  shown.sort((a, b) => (b.on === a.on ? b.at.localeCompare(a.at) : b.on.localeCompare(a.on)));
  return { entries: shown, withheld };
}
