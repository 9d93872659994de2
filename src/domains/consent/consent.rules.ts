// Consent as it stood on a given day: the pure rules behind what partners may see.
// A person's latest record for a purpose decides (given or refused); a given consent stops counting
// from the day it is withdrawn or the day after it expires. Sharing consent names the services it
// allows; an agency not named is not covered. Withdrawal recorded today takes effect today.
import type { ConsentPurpose } from './consent.tables.ts';

export interface ConsentRecord {
  id?: string;
  person_id: string;
  purpose: ConsentPurpose;
  decision: 'given' | 'refused';
  services: string[];
  given_on: string;
  expires_on: string | null;
  withdrawn_on: string | null;
  created_at?: Date | string;
}

export type ConsentState = 'given' | 'refused' | 'withdrawn' | 'expired' | 'not_yet' | 'none' | 'not_named';

export const CONSENT_STATE_LABELS: Record<ConsentState, { text: string; colour: string }> = {
  given: { text: 'Given', colour: 'green' },
  refused: { text: 'Refused', colour: 'red' },
  withdrawn: { text: 'Withdrawn', colour: 'orange' },
  expired: { text: 'Expired', colour: 'grey' },
  not_yet: { text: 'Not yet in force', colour: 'blue' },
  none: { text: 'Not recorded', colour: 'grey' },
  not_named: { text: 'Service not named', colour: 'yellow' },
};

export function sameAgency(a: string, b: string): boolean {
  const norm = (s: string) => s.trim().toLowerCase().replace(/\s+/g, ' ');
  return norm(a) !== '' && norm(a) === norm(b);
}

function order(r: ConsentRecord): string {
  const created = r.created_at instanceof Date ? r.created_at.toISOString() : (r.created_at ?? '');
  return `${r.given_on}|${created}`;
}

/** The latest record for this person and purpose that had started by `on`. */
export function latestRecord(records: readonly ConsentRecord[], personId: string, purpose: ConsentPurpose, on: string): ConsentRecord | undefined {
  return records
    .filter((r) => r.person_id === personId && r.purpose === purpose && r.given_on <= on)
    .sort((a, b) => order(a).localeCompare(order(b)))
    .at(-1);
}

/** The state of one person's consent for one purpose on a day; for sharing, for one agency. */
export function consentState(records: readonly ConsentRecord[], personId: string, purpose: ConsentPurpose, on: string, agency?: string | null): ConsentState {
  const record = latestRecord(records, personId, purpose, on);
  if (!record) {
    return records.some((r) => r.person_id === personId && r.purpose === purpose) ? 'not_yet' : 'none';
  }
  if (record.decision === 'refused') return 'refused';
  if (record.withdrawn_on !== null && record.withdrawn_on <= on) return 'withdrawn';
  if (record.expires_on !== null && record.expires_on < on) return 'expired';
  if (purpose === 'share_information' && agency !== undefined) {
    if (!agency || !record.services.some((s) => sameAgency(s, agency))) return 'not_named';
  }
  return 'given';
}

/** The people whose information may be shared with this agency today. */
export function consentedToShare(records: readonly ConsentRecord[], personIds: readonly string[], agency: string | null, on: string): Set<string> {
  return new Set(personIds.filter((p) => consentState(records, p, 'share_information', on, agency) === 'given'));
}
