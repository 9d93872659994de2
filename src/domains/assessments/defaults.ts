// Defaults a council starts with and changes in settings. There is no national Early Help
// Assessment standard (standards.md §4); these sections follow the CAF's three domains plus the
// family's own account. Health is special category. The headlines are the ten of the Supporting
// Families Outcome Framework 2022-25 (standards.md §2.5); the frameworks domain will supply them as
// versioned data, this list is the fallback. The scale is Hearth's own star-style measure (the
// Outcomes Star is licensed), scored 1 to 10 by the worker and by the family.
import type { FormSection, ScaleDimension } from './assessment.tables.ts';

export const DEFAULT_FORM_NAME = 'Whole-family early help assessment';

export const DEFAULT_SECTIONS: FormSection[] = [
  { key: 'strengths', title: 'What is going well', specialCategory: false, questions: [
    { key: 'strengths', text: 'What is working well for the family?', hint: 'Strengths, people who help, things to build on' },
    { key: 'worries', text: 'What are the family worried about?' },
  ] },
  { key: 'children', title: "Children's development and education", specialCategory: false, questions: [
    { key: 'education', text: 'School, college or early years: attendance, behaviour, learning', hint: 'For each child' },
    { key: 'development', text: 'Development, friendships and activities' },
  ] },
  { key: 'parents', title: 'Parents and carers', specialCategory: false, questions: [
    { key: 'parenting', text: 'Routines, boundaries and care of the children' },
    { key: 'money', text: 'Work, benefits, money and debt' },
  ] },
  { key: 'home', title: 'Home and neighbourhood', specialCategory: false, questions: [
    { key: 'housing', text: 'Housing: security, condition, arrears' },
    { key: 'community', text: 'Neighbours, anti-social behaviour, crime, support networks' },
  ] },
  { key: 'health', title: 'Health and wellbeing', specialCategory: true, questions: [
    { key: 'physical_mental', text: 'Physical and mental health of each family member' },
    { key: 'substances', text: 'Alcohol and drug use' },
  ] },
  { key: 'safety', title: 'Safety', specialCategory: false, questions: [
    { key: 'domestic_abuse', text: 'Domestic abuse: past or present' },
    { key: 'exploitation', text: 'Risks of exploitation or harm outside the home' },
  ] },
];

export const HEADLINES = [
  'Getting a good education',
  'Good early years development',
  'Improved mental and physical health',
  'Better managed substance use',
  'Improved family relationships',
  'Children safe from abuse and exploitation',
  'Families diverted from crime',
  'Safe from domestic abuse',
  'Secure housing',
  'Financial stability',
] as const;

/** Headlines whose needs are special category (health) unless the worker says otherwise. */
export const SPECIAL_CATEGORY_HEADLINES: readonly string[] = ['Improved mental and physical health', 'Better managed substance use'];

export const DEFAULT_SCALE_NAME = 'Family progress scale';
export const DEFAULT_DIMENSIONS: ScaleDimension[] = [
  { key: 'health', label: 'Physical health' },
  { key: 'wellbeing', label: 'Emotional wellbeing' },
  { key: 'safety', label: 'Keeping safe' },
  { key: 'home', label: 'Home and money' },
  { key: 'learning', label: 'Work, learning and school' },
  { key: 'relationships', label: 'Family relationships' },
  { key: 'routines', label: 'Routines and boundaries' },
  { key: 'community', label: 'Friends and community' },
];
