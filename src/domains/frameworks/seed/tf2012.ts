// Troubled Families 2012–15 (the phase one Financial Framework): three national criteria and a
// local "high cost" filter; a family is in with all three, or two plus the local criterion.
import type { FrameworkDefinition } from '../rule.types.ts';
import { clauses, CSC_TYPES, P, who } from './common.ts';

const S22 = (status: 'confirmed' | 'third_party' | 'recalled', note?: string) => P.standards('§2.2', status, note);

export const tf2012: FrameworkDefinition = {
  code: 'tf2012',
  name: 'Troubled Families 2012 to 2015',
  description:
    'Phase one national criteria (crime and anti-social behaviour, children not in school, an adult on out-of-work benefits) and a local "high cost" criterion. ' +
    'The national criteria did not apply to families who only had children under school age.',
  validFrom: '2012-04-01',
  validTo: '2015-03-31',
  sources: [
    { ref: 'seed-003', title: 'National Evaluation of the Troubled Families Programme: process evaluation (DCLG, 2016), L618-658' },
    { ref: 'standards §2.2', title: 'research/standards.md §2.2 Phase 1 Financial Framework' },
  ],
  headlines: [
    { code: 'crime_asb', name: 'Crime and anti-social behaviour', provenance: P.seed003('L620') },
    { code: 'education', name: 'Children not in school', provenance: P.seed003('L621') },
    { code: 'work', name: 'An adult on out-of-work benefits', provenance: P.seed003('L622') },
    { code: 'local', name: 'Local criteria (cost to the public purse)', provenance: P.seed003('L623, L626, L632-652', 'each council sets its own: from 1 to 14 criteria') },
  ],
  descriptors: [
    {
      code: 'tf2012.youth_offence',
      headline: 'crime_asb',
      name: 'Young person with a proven offence',
      description: 'A young person under 18 with a proven offence in the last 12 months.',
      severity: 2,
      rule: { who: { preset: 'under_18', maxAge: 17 }, anyOf: clauses.provenOffence(S22('recalled', 'detail of the criterion recalled; 12 months corroborated by seed-003 §5.7 third-party decks')) },
      provenance: S22('recalled'),
    },
    {
      code: 'tf2012.asb',
      headline: 'crime_asb',
      name: 'Anti-social behaviour',
      description: 'A household member with an anti-social behaviour intervention (ASBO, injunction, contract or a housing-related ASB action) in the last 12 months. Police ASB incidents as a suspect stand in for the intervention.',
      severity: 1,
      rule: { who: who('any'), anyOf: clauses.asb(S22('recalled')) },
      provenance: S22('recalled'),
    },
    {
      code: 'tf2012.exclusion',
      headline: 'education',
      name: 'Excluded from school',
      description: 'A child permanently excluded, or with 3 or more fixed-term exclusions (suspensions), in the last 3 consecutive terms.',
      severity: 2,
      rule: { who: who('child'), anyOf: clauses.exclusions(3, S22('recalled', 'the 3-exclusion threshold is corroborated by the result measures'), S22('recalled', 'last 3 consecutive terms')) },
      provenance: S22('recalled'),
    },
    {
      code: 'tf2012.unauthorised_absence',
      headline: 'education',
      name: 'Unauthorised absence',
      description: 'A child with 15% or more unauthorised absence over the last 3 consecutive terms.',
      severity: 1,
      rule: { who: who('child'), anyOf: [clauses.absence(0.15, 'sessions_unauthorised', S22('recalled', '15% corroborated by the result measures'), S22('recalled', 'last 3 consecutive terms'))] },
      provenance: S22('recalled'),
    },
    {
      code: 'tf2012.out_of_work',
      headline: 'work',
      name: 'Adult on out-of-work benefits',
      description: 'An adult on an out-of-work benefit (ESA, IB, IS, JSA, Carer\'s Allowance, SDA; Universal Credit in an out-of-work regime) on the evaluation date.',
      severity: 1,
      rule: { who: who('adult'), anyOf: clauses.outOfWork(S22('third_party', 'list of benefits is recalled')) },
      provenance: S22('third_party'),
    },
    {
      code: 'tf2012.local_social_care',
      headline: 'local',
      name: 'Child in need or on a child protection plan (local example)',
      description: 'An example local criterion: a child on a Child in Need plan, a child protection plan or looked after in the last 12 months ("on the edge of care"). Edit or replace with your council\'s criteria.',
      severity: 3,
      local: true,
      rule: { who: who('child'), anyOf: [clauses.spell('A social care episode open in the last 12 months', CSC_TYPES, P.hearth('12 months'))] },
      provenance: P.seed003('L642', 'named as a local criterion; the window is a Hearth default'),
    },
    {
      code: 'tf2012.local_domestic_abuse',
      headline: 'local',
      name: 'Domestic abuse (local example)',
      description: 'An example local criterion: a member named in a domestic abuse notification in the last 12 months.',
      severity: 3,
      local: true,
      rule: { who: who('any'), anyOf: [clauses.occurred('A domestic abuse notification in the last 12 months', ['police.domestic_abuse_incident'], P.hearth('12 months'))] },
      provenance: P.seed003('L709, L717-719', 'named as a local discretionary area'),
    },
    {
      code: 'tf2012.local_health',
      headline: 'local',
      name: 'Mental health or substance misuse (local example)',
      description: 'An example local criterion: a mental health or drug and alcohol service episode open in the last 12 months.',
      severity: 2,
      local: true,
      rule: { who: who('any'), anyOf: [clauses.spell('A mental health or substance misuse episode open in the last 12 months', ['health.mental_health_contact', 'health.substance_misuse'], P.hearth('12 months'))] },
      provenance: P.seed003('L709, L717-719', 'named as a local discretionary area'),
    },
  ],
  familyRule: {
    op: 'all',
    label: 'Eligible for the 2012 programme',
    of: [
      {
        op: 'any',
        label: 'Has a child of school age, or no children at all (the national criteria did not apply to families who only had children under school age)',
        of: [
          { op: 'members', who: who('school_age_child'), min: 1, label: 'A child of school age', provenance: P.seed003('footnote 11, L658') },
          { op: 'members', who: who('child'), max: 0, min: 0, label: 'No children under 18' },
        ],
      },
      {
        op: 'any',
        label: 'All three national criteria, or two of them plus the local criterion',
        of: [
          { op: 'count', of: 'headlines', headlines: ['crime_asb', 'education', 'work'], min: 3, label: 'All three national criteria', provenance: P.seed003('L626') },
          {
            op: 'all',
            label: 'Two national criteria plus the local criterion',
            of: [
              { op: 'count', of: 'headlines', headlines: ['crime_asb', 'education', 'work'], min: 2, label: 'Two national criteria', provenance: P.seed003('L626') },
              { op: 'count', of: 'headlines', headlines: ['local'], min: 1, label: 'The local criterion', provenance: P.seed003('L626') },
            ],
          },
        ],
      },
    ],
  },
  settings: {
    staleAfterDays: 90,
    schoolAgeMin: 5,
    schoolAgeMax: 16,
    provenance: {
      staleAfterDays: P.hearth('seed-003 L673: data out of date by the time teams contacted families; 90 days is a default'),
      schoolAge: P.hearth('compulsory school age 5 to 16'),
    },
  },
};
