// Building blocks shared by the shipped frameworks. They are data (JSON-shaped objects), named here
// only so the three frameworks say the same thing the same way. Attribute values list both the
// source code and its canonical meaning (docs/synth.md: an import may keep either).
import type { AttributeCondition, Clause, Provenance, Who } from '../rule.types.ts';
import { WHO_PRESETS } from '../rule.types.ts';

export const who = (preset: keyof typeof WHO_PRESETS): Who => ({ ...WHO_PRESETS[preset]!.who });

export const P = {
  hearth: (note: string): Provenance => ({ status: 'default', source: 'Hearth default (configurable)', note }),
  standards: (section: string, status: Provenance['status'], note?: string): Provenance => ({ status, source: `research/standards.md ${section}`, ...(note ? { note } : {}) }),
  seed003: (lines: string, note?: string): Provenance => ({ status: 'confirmed', source: `seeds/003_4b7e594c35926914.txt ${lines} (research/seed-003.md)`, ...(note ? { note } : {}) }),
  seed001: (lines: string, note?: string): Provenance => ({ status: 'confirmed', source: `seeds/001_57376a394ea359be.txt ${lines} (research/seed-001.md)`, ...(note ? { note } : {}) }),
};

export const PROVEN_OUTCOMES = ['CHG', 'CAU', 'YC', 'YCC', 'charged or summonsed (proven)', 'adult caution (proven)', 'youth caution (proven)', 'youth conditional caution (proven)'];
export const ROLE_OFFENDER: AttributeCondition = { attr: 'role', in: ['OFF', 'offender'] };
export const ROLE_SUSPECT: AttributeCondition = { attr: 'role', in: ['SUSP', 'suspect'] };
export const UC_OUT_OF_WORK = ['SFW', 'PFW', 'PREP', 'searching for work (out of work)', 'planning for work (out of work)', 'preparing for work (out of work)'];
export const ASB_NOTICE = ['ASBW', 'asb', 'anti-social behaviour'];

const twelveMonths = (match: 'occurred' | 'overlaps', provenance: Provenance) => ({ kind: 'last_months' as const, months: 12, match, provenance });

export const clauses = {
  provenOffence(provenance: Provenance, whoOverride?: Who): Clause[] {
    return [
      { label: 'A proven offence (charge, caution or youth caution) in the last 12 months', types: ['police.offence'], where: [ROLE_OFFENDER, { attr: 'outcome', in: PROVEN_OUTCOMES }], window: twelveMonths('occurred', provenance), threshold: { kind: 'count', min: 1 }, ...(whoOverride ? { who: whoOverride } : {}) },
      { label: 'A youth justice disposal in the last 12 months', types: ['yot.youth_offending'], window: twelveMonths('occurred', provenance), threshold: { kind: 'count', min: 1 }, ...(whoOverride ? { who: whoOverride } : {}) },
    ];
  },
  asb(provenance: Provenance): Clause[] {
    return [
      { label: 'Anti-social behaviour as a suspect in the last 12 months', types: ['police.asb_incident'], where: [ROLE_SUSPECT], window: twelveMonths('occurred', provenance), threshold: { kind: 'count', min: 1 } },
      { label: 'A housing notice for anti-social behaviour in the last 12 months', types: ['housing.notice_seeking_possession'], where: [{ attr: 'reason', in: ASB_NOTICE }], window: twelveMonths('occurred', provenance), threshold: { kind: 'count', min: 1 } },
    ];
  },
  absence(min: number, attr: 'sessions_missed' | 'sessions_unauthorised', provenance: Provenance, termsProvenance: Provenance): Clause {
    return {
      label: `${Math.round(min * 100)}% or more of sessions ${attr === 'sessions_missed' ? 'missed' : 'missed without authority'} over the last 3 terms`,
      types: ['school.attendance'],
      window: { kind: 'last_terms', terms: 3, match: 'within', provenance: termsProvenance },
      threshold: { kind: 'ratio', numerator: attr, denominator: 'sessions_possible', min, provenance },
    };
  },
  exclusions(min: number, provenance: Provenance, termsProvenance: Provenance): Clause[] {
    return [
      { label: 'Permanently excluded in the last 3 terms', types: ['school.permanent_exclusion'], window: { kind: 'last_terms', terms: 3, match: 'occurred', provenance: termsProvenance }, threshold: { kind: 'count', min: 1 } },
      { label: `${min} or more suspensions in the last 3 terms`, types: ['school.suspension'], window: { kind: 'last_terms', terms: 3, match: 'occurred', provenance: termsProvenance }, threshold: { kind: 'count', min, provenance } },
    ];
  },
  outOfWork(provenance: Provenance): Clause[] {
    return [
      { label: 'On an out-of-work benefit on the date', types: ['dwp.out_of_work_benefit'], window: { kind: 'on_date', provenance }, threshold: { kind: 'count', min: 1 } },
      { label: 'On Universal Credit in an out-of-work regime on the date', types: ['dwp.universal_credit'], where: [{ attr: 'conditionality', in: UC_OUT_OF_WORK }], window: { kind: 'on_date', provenance }, threshold: { kind: 'count', min: 1 } },
    ];
  },
  spell(label: string, types: string[], provenance: Provenance): Clause {
    return { label, types, window: twelveMonths('overlaps', provenance), threshold: { kind: 'count', min: 1 } };
  },
  occurred(label: string, types: string[], provenance: Provenance, where?: AttributeCondition[]): Clause {
    return { label, types, ...(where ? { where } : {}), window: twelveMonths('occurred', provenance), threshold: { kind: 'count', min: 1 } };
  },
};

export const CSC_TYPES = ['csc.child_in_need', 'csc.child_protection_plan', 'csc.looked_after'];
