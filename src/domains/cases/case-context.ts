// Opening one case for one person: the record-level check (404 when not theirs), who they are to
// this case (case holder, data manager, partner in its TAF), whose information they may see today
// and the council's settings. Every casework service starts here, inside its transaction.
import { recordScope, type Actor } from '../../auth/permissions.ts';
import type { Tx } from '../../db/tenant.ts';
import { ConflictError, NotFoundError } from '../../platform/errors.ts';
import { consentRepository } from '../consent/consent.repository.ts';
import { consentedToShare } from '../consent/consent.rules.ts';
import { familyRepository } from '../people/family.repository.ts';
import { isUuid } from '../../platform/ids.ts';
import { canSee, INTERNAL_AREAS, viewerFor, type ShareArea, type SharedItem, type SharingContext, type Viewer } from './case.access.ts';
import { caseRepository } from './case.repository.ts';
import { settingsRepository, type CaseworkSettings } from './settings.repository.ts';

export const ADULT_ROLES = ['parent', 'carer', 'other_adult'];

export const CASE_TABS: Array<{ key: string; text: string; path: string; area: ShareArea | null }> = [
  { key: 'overview', text: 'Overview', path: '', area: null },
  { key: 'chronology', text: 'Chronology', path: '/chronology', area: null },
  { key: 'contacts', text: 'Contacts', path: '/contacts', area: 'contacts' },
  { key: 'assessment', text: 'Assessment', path: '/assessment', area: 'assessment' },
  { key: 'plan', text: 'Plan', path: '/plan', area: 'plan' },
  { key: 'taf', text: 'Team around the family', path: '/taf', area: 'meetings' },
  { key: 'consent', text: 'Consent', path: '/consent', area: 'consent' },
  { key: 'reviews', text: 'Reviews', path: '/reviews', area: 'reviews' },
  { key: 'budget', text: 'Budget', path: '/budget', area: 'budget' },
  { key: 'closure', text: 'Closure', path: '/closure', area: 'closure' },
];

export type CaseRow = NonNullable<Awaited<ReturnType<typeof caseRepository.find>>>;
export type MemberRow = Awaited<ReturnType<typeof familyRepository.members>>[number] & { current: boolean };

export interface CaseContext {
  actor: Actor;
  today: string;
  kase: CaseRow;
  family: NonNullable<Awaited<ReturnType<typeof familyRepository.findVisible>>>;
  /** every member, for the case holder; for partners only those whose information they may see */
  members: MemberRow[];
  allMembers: MemberRow[];
  viewer: Viewer;
  sharing: SharingContext;
  settings: CaseworkSettings;
  /** may record work on this case (case holders with family:write, case not closed) */
  canWrite: boolean;
  see(item: SharedItem): boolean;
  header: CaseHeader;
}

export interface CaseHeader {
  caseId: string;
  reference: string;
  status: string;
  keyworkerName: string | null;
  family: { id: string; name: string; reference: string; locality: string | null };
  tabs: Array<{ key: string; text: string; href: string }>;
  isPartner: boolean;
}

export async function loadCaseContext(tx: Tx, actor: Actor, caseId: string, today: string, options: { allowPastKeyworker?: boolean } = {}): Promise<CaseContext> {
  if (!isUuid(caseId)) throw new NotFoundError('Case');
  const kase = await caseRepository.find(tx, caseId);
  if (!kase) throw new NotFoundError('Case');
  let family = await familyRepository.findVisible(tx, recordScope(actor), today, kase.family_unit_id);
  // A keyworker keeps the closed case they held, to make the follow-up calls after closure.
  if (!family && options.allowPastKeyworker && actor.role === 'keyworker' && kase.keyworker_id === actor.id) {
    family = await familyRepository.findVisible(tx, { kind: 'all' }, today, kase.family_unit_id);
  }
  if (!family) throw new NotFoundError('Case');
  const taf = actor.role === 'partner' ? await caseRepository.activeTafMembership(tx, kase.id, actor.id, today) : null;
  const viewer = viewerFor(actor.role, taf ?? null, actor.organisation);
  if (!viewer) throw new NotFoundError('Case');
  const [memberRows, consents, settings] = await Promise.all([familyRepository.members(tx, family.id), consentRepository.forCase(tx, kase.id), settingsRepository.get(tx)]);
  const allMembers = memberRows.map((m) => ({ ...m, current: m.from_date <= today && (m.to_date === null || m.to_date >= today) }));
  const current = allMembers.filter((m) => m.current);
  const agency = viewer.kind === 'partner' ? viewer.agency : null;
  const sharing: SharingContext = {
    consented: consentedToShare(consents, current.map((m) => m.person_id), agency, today),
    adults: current.filter((m) => ADULT_ROLES.includes(m.role)).map((m) => m.person_id),
    sharedAreas: new Set(settings.partner_sharing),
  };
  const see = (item: SharedItem) => canSee(viewer, item, sharing);
  const members = allMembers.filter((m) => see({ area: 'members', personIds: [m.person_id], specialCategory: false }));
  const canWrite = viewer.kind === 'case_holder' && actor.permissions.has('family:write') && kase.status !== 'closed';
  const tabs = CASE_TABS.filter((t) => {
    if (viewer.kind !== 'partner' || t.area === null) return true;
    return !INTERNAL_AREAS.includes(t.area) && sharing.sharedAreas.has(t.area);
  }).map((t) => ({ key: t.key, text: t.text, href: t.key === 'overview' ? `/families/${family.id}` : `/cases/${kase.id}${t.path}` }));
  return {
    actor,
    today,
    kase,
    family,
    members,
    allMembers,
    viewer,
    sharing,
    settings,
    canWrite,
    see,
    header: {
      caseId: kase.id,
      reference: kase.reference,
      status: kase.status,
      keyworkerName: kase.keyworker_name ?? null,
      family: { id: family.id, name: family.name, reference: family.reference, locality: family.locality },
      tabs,
      isPartner: viewer.kind === 'partner',
    },
  };
}

/** Refuses work on a case that is closed or that this person may only read. */
export function requireWritable(c: CaseContext): void {
  if (c.viewer.kind !== 'case_holder' || !c.actor.permissions.has('family:write')) throw new NotFoundError('Case');
  if (c.kase.status === 'closed') throw new ConflictError('This case is closed. Open a new request for support to work with the family again.');
}

/** An area a partner may not open at all is the same 404 as a case they are not in. */
export function requireArea(c: CaseContext, area: ShareArea): void {
  if (c.viewer.kind === 'partner' && (INTERNAL_AREAS.includes(area) || !c.sharing.sharedAreas.has(area))) throw new NotFoundError('Case');
}

export function personName(c: CaseContext, personId: string | null): string {
  if (!personId) return 'Whole family';
  const m = c.allMembers.find((x) => x.person_id === personId);
  return m ? `${m.given_name} ${m.family_name}` : 'Former member';
}
