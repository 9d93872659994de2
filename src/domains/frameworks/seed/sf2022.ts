// Supporting Families 2022–25: the National Supporting Families Outcome Framework, ten headline
// outcomes with need descriptors; a family with dependent children or an expectant parent and at
// least three needs. The official descriptor table was not readable in the research (standards.md
// §2.5): the descriptors here are the recalled, illustrative list, each marked so; load the official
// table over them as a new version.
import type { FrameworkDefinition } from '../rule.types.ts';
import { ASB_NOTICE, clauses, CSC_TYPES, P, who } from './common.ts';

const S25 = (status: 'confirmed' | 'third_party' | 'recalled', note?: string) => P.standards('§2.5', status, note);
const D = (note: string) => S25('recalled', `illustrative descriptor: ${note}`);

export const sf2022: FrameworkDefinition = {
  code: 'sf2022',
  name: 'Supporting Families 2022 to 2025',
  description: 'Ten headline outcomes with need descriptors. A family with dependent children or an expectant parent, and at least three needs, is eligible.',
  validFrom: '2022-10-03',
  validTo: '2025-03-31',
  sources: [
    { ref: 'standards §2.5', title: 'research/standards.md §2.5, citing the Supporting Families programme guidance 2022 to 2025, chapters 3 to 5' },
  ],
  headlines: [
    { code: 'education', name: 'Getting a good education', provenance: S25('confirmed') },
    { code: 'early_years', name: 'Good early years development', provenance: S25('confirmed') },
    { code: 'health', name: 'Improved mental and physical health', provenance: S25('confirmed') },
    { code: 'substance_use', name: 'Better managed substance use', provenance: S25('confirmed') },
    { code: 'family_relationships', name: 'Improved family relationships', provenance: S25('confirmed') },
    { code: 'children_safe', name: 'Children safe from abuse and exploitation', provenance: S25('confirmed') },
    { code: 'crime', name: 'Families diverted from crime', provenance: S25('confirmed') },
    { code: 'domestic_abuse', name: 'Safe from domestic abuse', provenance: S25('confirmed') },
    { code: 'housing', name: 'Secure housing', provenance: S25('confirmed') },
    { code: 'financial_stability', name: 'Financial stability', provenance: S25('confirmed') },
  ],
  descriptors: [
    {
      code: 'sf2022.persistent_absence',
      headline: 'education',
      name: 'Persistent absence',
      description: 'A child missing 10% or more of sessions over the last 3 terms.',
      severity: 1,
      rule: { who: who('child'), anyOf: [clauses.absence(0.1, 'sessions_missed', P.hearth('10%: the DfE persistent absence threshold, recalled'), P.hearth('last 3 terms'))] },
      provenance: D('persistent or severe absence'),
    },
    {
      code: 'sf2022.suspension_exclusion',
      headline: 'education',
      name: 'Suspensions or exclusions',
      description: 'A child with any suspension or a permanent exclusion in the last 3 terms.',
      severity: 2,
      rule: { who: who('child'), anyOf: clauses.exclusions(1, P.hearth('any suspension'), P.hearth('last 3 terms')) },
      provenance: D('suspensions or exclusions'),
    },
    {
      code: 'sf2022.early_development',
      headline: 'early_years',
      name: 'Developmental milestones not met',
      description: 'A young child not meeting developmental milestones (for example at the 2 to 2½ year review). Recorded by a practitioner.',
      severity: 1,
      rule: null,
      provenance: D('developmental milestones'),
    },
    {
      code: 'sf2022.mental_health',
      headline: 'health',
      name: 'Mental health need',
      description: 'An adult or child with a mental health service episode open in the last 12 months.',
      severity: 2,
      rule: { who: who('any'), anyOf: [clauses.spell('A mental health episode open in the last 12 months', ['health.mental_health_contact'], P.hearth('12 months'))] },
      provenance: D('adult or child mental health need'),
    },
    {
      code: 'sf2022.substance_misuse',
      headline: 'substance_use',
      name: 'Drug or alcohol misuse',
      description: 'An adult or child with a drug and alcohol service episode open in the last 12 months.',
      severity: 2,
      rule: { who: who('any'), anyOf: [clauses.spell('A substance misuse episode open in the last 12 months', ['health.substance_misuse'], P.hearth('12 months'))] },
      provenance: D('adult or child drug or alcohol misuse'),
    },
    {
      code: 'sf2022.parental_conflict',
      headline: 'family_relationships',
      name: 'Harmful parental conflict',
      description: 'Harmful conflict between parents, child-to-parent violence or a young carer. Recorded by a practitioner.',
      severity: 1,
      rule: null,
      provenance: D('harmful parental conflict'),
    },
    {
      code: 'sf2022.social_care',
      headline: 'children_safe',
      name: 'Child in need or child protection',
      description: 'A child with a child in need, child protection or looked-after episode open in the last 12 months.',
      severity: 3,
      rule: { who: who('child'), anyOf: [clauses.spell('A social care episode open in the last 12 months', CSC_TYPES, P.hearth('12 months'))] },
      provenance: D('child in need / child protection involvement'),
    },
    {
      code: 'sf2022.offending',
      headline: 'crime',
      name: 'Offending',
      description: 'An adult or child with a proven offence or a youth justice disposal in the last 12 months.',
      severity: 2,
      rule: { who: who('any'), anyOf: clauses.provenOffence(P.hearth('12 months')) },
      provenance: D('adult or child offending'),
    },
    {
      code: 'sf2022.asb',
      headline: 'crime',
      name: 'Anti-social behaviour',
      description: 'A member involved in anti-social behaviour (as a suspect, or a housing notice for ASB) in the last 12 months.',
      severity: 1,
      rule: { who: who('any'), anyOf: clauses.asb(P.hearth('12 months')) },
      provenance: D('ASB'),
    },
    {
      code: 'sf2022.domestic_abuse',
      headline: 'domestic_abuse',
      name: 'Affected by domestic abuse',
      description: 'A victim, perpetrator or child in the household named in a domestic abuse notification in the last 12 months.',
      severity: 3,
      rule: { who: who('any'), anyOf: [clauses.occurred('A domestic abuse notification in the last 12 months', ['police.domestic_abuse_incident'], P.hearth('12 months'))] },
      provenance: D('victim, perpetrator or child affected by domestic abuse'),
    },
    {
      code: 'sf2022.housing_risk',
      headline: 'housing',
      name: 'At risk of losing their home',
      description: 'Rent arrears, a notice seeking possession (not for ASB), an eviction or homelessness in the last 12 months.',
      severity: 2,
      rule: {
        who: who('any'),
        anyOf: [
          clauses.occurred('Rent arrears, a notice seeking possession, an eviction or homelessness in the last 12 months', ['housing.rent_arrears', 'housing.notice_seeking_possession', 'housing.eviction', 'housing.homelessness'], P.hearth('12 months'), [{ attr: 'reason', notIn: ASB_NOTICE }]),
        ],
      },
      provenance: D('homeless or at risk; rent arrears or eviction risk'),
    },
    {
      code: 'sf2022.temporary_accommodation',
      headline: 'housing',
      name: 'Homeless or in temporary accommodation',
      description: 'A homelessness case (prevention, relief or temporary accommodation) open on the evaluation date.',
      severity: 3,
      rule: { who: who('any'), anyOf: [{ label: 'A homelessness case open on the date', types: ['housing.homelessness'], window: { kind: 'on_date', provenance: P.hearth('open on the date') }, threshold: { kind: 'count', min: 1 } }] },
      provenance: D('temporary accommodation'),
    },
    {
      code: 'sf2022.worklessness',
      headline: 'financial_stability',
      name: 'Worklessness',
      description: 'An adult on an out-of-work benefit, or on Universal Credit in an out-of-work regime, on the evaluation date.',
      severity: 1,
      rule: { who: who('adult'), anyOf: clauses.outOfWork(P.hearth('on the date')) },
      provenance: S25('recalled', 'employment sits under Financial stability'),
    },
  ],
  familyRule: {
    op: 'all',
    label: 'Eligible for Supporting Families',
    of: [
      {
        op: 'any',
        label: 'Dependent children or an expectant parent',
        provenance: S25('confirmed', 'Chapter 4'),
        of: [
          { op: 'members', who: who('child'), min: 1, label: 'A dependent child (under 18)' },
          { op: 'members', who: who('expected_child'), min: 1, label: 'An expected baby' },
        ],
      },
      {
        op: 'count',
        of: 'needs',
        min: 3,
        label: 'At least three family needs',
        provenance: S25('confirmed', 'Chapter 4 says "a minimum of three … family needs"; Hertfordshire reads it as three distinct headlines (third party): switch "count" to headlines to follow that reading'),
      },
    ],
  },
  settings: {
    staleAfterDays: 90,
    schoolAgeMin: 5,
    schoolAgeMax: 16,
    provenance: { staleAfterDays: P.hearth('90 days'), schoolAge: P.hearth('compulsory school age 5 to 16') },
  },
};
