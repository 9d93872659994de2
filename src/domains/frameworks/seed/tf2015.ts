// Expanded Troubled Families 2015–20: six headline problems, at least two for a "relevant household".
// The indicators under each problem were set by each council's outcome plan; these are readings a
// council replaces with its own (standards.md §2.3: the local outcome plan was mandatory).
import type { FrameworkDefinition } from '../rule.types.ts';
import { clauses, CSC_TYPES, P, who } from './common.ts';

const S23 = (status: 'confirmed' | 'third_party' | 'recalled', note?: string) => P.standards('§2.3', status, note);
const local = (note: string) => P.hearth(`indicator from a typical local outcome plan: ${note}`);

export const tf2015: FrameworkDefinition = {
  code: 'tf2015',
  name: 'Expanded Troubled Families 2015 to 2020',
  description: 'Six headline problems; a family with at least two is eligible. Indicators under each problem come from the council\'s local outcome plan.',
  validFrom: '2015-04-01',
  validTo: '2020-03-31',
  sources: [
    { ref: 'standards §2.3', title: 'research/standards.md §2.3, citing Hansard 18 April 2017 and the Financial framework for the expanded Troubled Families programme (March 2015)' },
    { ref: 'seed-001', title: 'Supporting Families qualitative research (2022), L1085-1087' },
  ],
  headlines: [
    { code: 'crime', name: 'Parents or children involved in crime or anti-social behaviour', provenance: S23('confirmed') },
    { code: 'school_attendance', name: 'Children who are not attending school regularly', provenance: S23('confirmed') },
    { code: 'children_need_help', name: 'Children who need help', provenance: S23('confirmed') },
    { code: 'worklessness', name: 'Adults out of work or at risk of financial exclusion, or young people at risk of worklessness', provenance: S23('confirmed') },
    { code: 'domestic_abuse', name: 'Families affected by domestic violence or abuse', provenance: S23('confirmed') },
    { code: 'health', name: 'Parents or children with a range of physical and mental health problems', provenance: S23('confirmed') },
  ],
  descriptors: [
    {
      code: 'tf2015.offending',
      headline: 'crime',
      name: 'Offending',
      description: 'A member with a proven offence or a youth justice disposal in the last 12 months.',
      severity: 2,
      rule: { who: who('any'), anyOf: clauses.provenOffence(local('offending in the last 12 months')) },
      provenance: local('offending'),
    },
    {
      code: 'tf2015.asb',
      headline: 'crime',
      name: 'Anti-social behaviour',
      description: 'A member involved in anti-social behaviour (as a suspect, or a housing notice for ASB) in the last 12 months.',
      severity: 1,
      rule: { who: who('any'), anyOf: clauses.asb(local('ASB in the last 12 months')) },
      provenance: local('ASB'),
    },
    {
      code: 'tf2015.absence',
      headline: 'school_attendance',
      name: 'Persistent absence',
      description: 'A child missing 10% or more of sessions over the last 3 terms.',
      severity: 1,
      rule: { who: who('child'), anyOf: [clauses.absence(0.1, 'sessions_missed', P.hearth('10%: the DfE persistent absence threshold, recalled'), local('last 3 terms'))] },
      provenance: local('persistent absence'),
    },
    {
      code: 'tf2015.exclusion',
      headline: 'school_attendance',
      name: 'Suspended or excluded',
      description: 'A child with any suspension or a permanent exclusion in the last 3 terms.',
      severity: 2,
      rule: { who: who('child'), anyOf: clauses.exclusions(1, local('any suspension'), local('last 3 terms')) },
      provenance: local('exclusions'),
    },
    {
      code: 'tf2015.child_in_need',
      headline: 'children_need_help',
      name: 'Child in need or on a child protection plan',
      description: 'A child identified as in need, on a child protection plan or looked after, at any time in the last 12 months.',
      severity: 3,
      rule: { who: who('child'), anyOf: [clauses.spell('A social care episode open in the last 12 months', CSC_TYPES, local('open in the last 12 months'))] },
      provenance: S23('confirmed', 'the problem names children in need and child protection plans'),
    },
    {
      code: 'tf2015.out_of_work',
      headline: 'worklessness',
      name: 'Adult out of work',
      description: 'An adult on an out-of-work benefit, or on Universal Credit in an out-of-work regime, on the evaluation date.',
      severity: 1,
      rule: { who: who('adult'), anyOf: clauses.outOfWork(local('on the date')) },
      provenance: S23('confirmed'),
    },
    {
      code: 'tf2015.domestic_abuse',
      headline: 'domestic_abuse',
      name: 'Domestic abuse notification',
      description: 'A member named (victim, perpetrator or child in the household) in a domestic abuse notification in the last 12 months.',
      severity: 3,
      rule: { who: who('any'), anyOf: [clauses.occurred('A domestic abuse notification in the last 12 months', ['police.domestic_abuse_incident'], local('last 12 months'))] },
      provenance: S23('confirmed'),
    },
    {
      code: 'tf2015.mental_health',
      headline: 'health',
      name: 'Mental health',
      description: 'A member with a mental health service episode open in the last 12 months.',
      severity: 2,
      rule: { who: who('any'), anyOf: [clauses.spell('A mental health episode open in the last 12 months', ['health.mental_health_contact'], local('last 12 months'))] },
      provenance: S23('confirmed'),
    },
    {
      code: 'tf2015.substance_misuse',
      headline: 'health',
      name: 'Drug or alcohol misuse',
      description: 'A member with a drug and alcohol service episode open in the last 12 months.',
      severity: 2,
      rule: { who: who('any'), anyOf: [clauses.spell('A substance misuse episode open in the last 12 months', ['health.substance_misuse'], local('last 12 months'))] },
      provenance: S23('confirmed'),
    },
  ],
  familyRule: {
    op: 'all',
    label: 'A relevant household',
    of: [
      { op: 'members', who: who('child'), min: 1, label: 'Has a dependent child', provenance: P.standards('§2.3', 'recalled', 'families with dependent children') },
      { op: 'count', of: 'headlines', min: 2, label: 'At least two of the six problems', provenance: S23('confirmed', 'Hansard 18 April 2017; seed-001 L1087') },
    ],
  },
  settings: {
    staleAfterDays: 90,
    schoolAgeMin: 5,
    schoolAgeMax: 16,
    provenance: { staleAfterDays: P.hearth('90 days'), schoolAge: P.hearth('compulsory school age 5 to 16') },
  },
};
