// The agency data sets: each source's columns, codings and date formats (its manifest entry) and
// the function that writes one true event, seen through a possibly erroneous identity, as a row.
import { dateFormatter, MONTHS } from './dates.ts';
import type { Ev } from './events.ts';
import type { SourceManifest } from './manifest.ts';
import { NEVER, OPEN } from './world.ts';

/** The identity a source holds for one row, after errors. */
export interface IdView {
  given: string;
  family: string;
  dob: number;
  /** 'full' | 'transposed' (day and month swapped) | 'ym' | 'y' | 'none' */
  dobMode: string;
  sex: string;
  line1: string;
  line2: string;
  locality: string;
  town: string;
  postcode: string;
  uprn: string;
  nhs: string;
  upn: string;
  ni: string;
}

export interface SourceDef {
  manifest: SourceManifest;
  /** Record id prefix. */
  prefix: string;
  row(e: Ev, v: IdView): string[];
}

const ISO = 'YYYY-MM-DD';
const UK = 'DD/MM/YYYY';

/** Renders a date of birth in a source's format, honouring partial / transposed / missing. */
export function dobRenderer(fmt: string): (v: IdView) => string {
  const f = dateFormatter(fmt);
  const sep = fmt.includes('/') ? '/' : fmt.includes('.') ? '.' : '-';
  return (v) => {
    if (v.dobMode === 'none') return '';
    const s = f(v.dob);
    if (v.dobMode === 'full') return s;
    const y = s.match(/\d{4}/)?.[0] ?? '';
    if (v.dobMode === 'y') return y;
    // partial year-month, or day and month swapped
    const iso = isoOf(v.dob);
    const mm = iso.slice(5, 7), dd = iso.slice(8, 10);
    if (v.dobMode === 'ym') {
      if (fmt.startsWith('YYYY')) return `${y}-${mm}`;
      if (fmt.includes('MMM')) return `${MONTHS[Number(mm) - 1]}-${y}`;
      return `${mm}${sep}${y}`;
    }
    // transposed: only when it gives a real date different from the true one
    if (Number(dd) > 12 || dd === mm) return s;
    return fmt.replace('YYYY', y).replace('MMM', MONTHS[Number(dd) - 1] as string).replace('MM', dd).replace('DD', mm);
  };
}

const isoF = dateFormatter(ISO);
function isoOf(day: number): string { return isoF(day); }

const SEX_NHS: Record<string, string> = { M: '1', F: '2', '': '9' };
const joinAddr = (v: IdView): string => [v.line1, v.line2, v.locality === v.town ? '' : v.locality, v.town].filter((x) => x !== '').join(', ');

export function buildSources(): SourceDef[] {
  const uk = dateFormatter(UK);
  const iso = dateFormatter(ISO);
  const police = dateFormatter('DD/MM/YYYY HH:mm');
  const dots = dateFormatter('DD.MM.YYYY');
  const dwp = dateFormatter('YYYYMMDD');
  const mmm = dateFormatter('DD-MMM-YYYY');
  const daTime = dateFormatter('YYYY-MM-DDTHH:mm');
  const endOr = (f: (d: number) => string, e: Ev): string => (e.end < 0 || e.end === OPEN ? '' : f(e.end));
  const dobUk = dobRenderer(UK), dobIso = dobRenderer(ISO), dobDots = dobRenderer('DD.MM.YYYY'), dobDwp = dobRenderer('YYYYMMDD'), dobMmm = dobRenderer('DD-MMM-YYYY');
  const upper = (s: string): string => s.toUpperCase();

  const defs: SourceDef[] = [
    {
      prefix: 'SC',
      manifest: {
        name: 'school_census', file: 'sources/school_census.csv', format: 'csv', organisation: 'Northmoor County Council — Education (school census and attendance)',
        kind: 'education', delimiter: ',', dateFormat: UK,
        identity: { record_id: 'RecordID', given_name: 'Forename', family_name: 'Surname', date_of_birth: 'DOB', sex: 'Gender', address: ['AddressLine1', 'AddressLine2', 'Town'], postcode: 'Postcode', uprn: 'UPRN', upn: 'UPN' },
        event: { type: 'school.attendance', date: 'TermStart', end_date: 'TermEnd', values: { term: 'Term', school: 'SchoolDfE', nc_year: 'NCYear', sessions_possible: 'SessionsPossible', sessions_missed: 'SessionsMissed', sessions_unauthorised: 'SessionsUnauthorised' } },
        columns: ['RecordID', 'UPN', 'Surname', 'Forename', 'MiddleNames', 'DOB', 'Gender', 'AddressLine1', 'AddressLine2', 'Town', 'Postcode', 'UPRN', 'SchoolDfE', 'NCYear', 'Term', 'TermStart', 'TermEnd', 'SessionsPossible', 'SessionsMissed', 'SessionsUnauthorised'],
      },
      row: (e, v) => [e.id, v.upn, v.family, v.given, e.person.middle, dobUk(v), v.sex, v.line1, v.line2 || (v.locality === v.town ? '' : v.locality), v.town, v.postcode, v.uprn, e.school, e.code === '0' ? 'R' : e.code, e.term, uk(e.day), uk(e.end), String(e.n1), String(e.n2), String(e.n3)],
    },
    {
      prefix: 'EX',
      manifest: {
        name: 'school_exclusions', file: 'sources/school_exclusions.csv', format: 'csv', organisation: 'Northmoor County Council — Inclusion Service (suspensions and exclusions)',
        kind: 'education', delimiter: ',', dateFormat: ISO,
        identity: { record_id: 'ExclusionID', given_name: 'LegalForename', family_name: 'LegalSurname', date_of_birth: 'DateOfBirth', sex: 'Sex', postcode: 'Postcode', upn: 'UPN' },
        event: {
          type: 'Category', date: 'StartDate', values: { sessions: 'Sessions', reason: 'Reason', school: 'SchoolDfE' },
          codes: {
            Category: { FIXD: 'school.suspension', LNCH: 'school.suspension', PERM: 'school.permanent_exclusion' },
            Reason: { PA: 'physical assault against an adult', PP: 'persistent disruptive behaviour', VA: 'verbal abuse against an adult', VP: 'verbal abuse against a pupil', DM: 'damage', BU: 'bullying', DA: 'drug and alcohol related', OW: 'use or threat of use of an offensive weapon', OT: 'other' },
          },
        },
        columns: ['ExclusionID', 'UPN', 'LegalSurname', 'LegalForename', 'DateOfBirth', 'Sex', 'Postcode', 'SchoolDfE', 'Category', 'StartDate', 'Sessions', 'Reason'],
      },
      row: (e, v) => [e.id, v.upn, v.family, v.given, dobIso(v), v.sex, v.postcode, e.school, e.code, iso(e.day), e.code === 'PERM' ? '' : String(e.n1), e.detail],
    },
    {
      prefix: 'OCC',
      manifest: {
        name: 'police_asb_crime', file: 'sources/police_asb_crime.csv', format: 'csv', organisation: 'Northmoor Constabulary — ASB and crime nominals',
        kind: 'police', delimiter: ',', dateFormat: 'DD/MM/YYYY HH:mm', dobFormat: UK,
        identity: { record_id: 'NominalRef', full_name: 'PersonName', date_of_birth: 'DOB', sex: 'Gender', address: 'HomeAddress', postcode: 'Postcode' },
        event: {
          type: 'OccurrenceType', date: 'RecordedDate', values: { role: 'Role', outcome: 'Outcome', offence_code: 'HOClass' },
          codes: {
            OccurrenceType: { ASB: 'police.asb_incident', CRIME: 'police.offence' },
            Role: { SUSP: 'suspect', OFF: 'offender', VIC: 'victim' },
            Outcome: { CHG: 'charged or summonsed (proven)', CAU: 'adult caution (proven)', YC: 'youth caution (proven)', YCC: 'youth conditional caution (proven)', CMP: 'community resolution', ABC: 'acceptable behaviour contract', CPW: 'community protection warning', NFA: 'no further action' },
            HOClass: { ASBP: 'ASB personal', ASBN: 'ASB nuisance', ASBE: 'ASB environmental', '104/30': 'common assault', '105/01': 'assault with injury', '058/01': 'criminal damage to a dwelling', '030/01': 'burglary residential', '028/01': 'theft from the person', '092/00': 'possession of drugs', '008/01': 'wounding', '037/02': 'robbery', '046/00': 'shoplifting', '010/00': 'possession of an offensive weapon', '126/00': 'vehicle interference', '045/00': 'theft from a vehicle' },
          },
        },
        columns: ['NominalRef', 'OccurrenceRef', 'RecordedDate', 'OccurrenceType', 'HOClass', 'Role', 'Outcome', 'PersonName', 'DOB', 'Gender', 'HomeAddress', 'Postcode'],
      },
      row: (e, v) => [e.id, `${e.code === 'ASB' ? 'ASB' : 'CR'}/${isoOf(e.day).slice(2, 4)}/${e.id.slice(3)}`, police(e.day, e.secs), e.code, e.detail, e.role, e.term,
        v.family || v.given ? `${upper(v.family)}, ${v.given}` : '', dobUk(v), v.sex === 'M' ? 'Male' : v.sex === 'F' ? 'Female' : 'Unknown', joinAddr(v), v.postcode],
    },
    {
      prefix: 'YJS',
      manifest: {
        name: 'yjs_youth_offending', file: 'sources/yjs_youth_offending.csv', format: 'csv', organisation: 'Northmoor Youth Justice Service',
        kind: 'youth_justice', delimiter: ',', dateFormat: 'DD.MM.YYYY',
        identity: { record_id: 'YJS_Ref', given_name: 'Forename', family_name: 'Surname', date_of_birth: 'DoB', sex: 'Sex', address: 'Address', postcode: 'Postcode', upn: 'UPN' },
        event: {
          type: 'yot.youth_offending', date: 'OutcomeDate', end_date: 'InterventionEnd', values: { disposal: 'Disposal' },
          codes: { Disposal: { YC: 'youth caution', YCC: 'youth conditional caution', RO: 'referral order', YRO: 'youth rehabilitation order', DTO: 'detention and training order' } },
        },
        columns: ['YJS_Ref', 'Surname', 'Forename', 'DoB', 'Sex', 'Address', 'Postcode', 'UPN', 'Disposal', 'OutcomeDate', 'InterventionEnd'],
      },
      row: (e, v) => [e.id, v.family, v.given, dobDots(v), v.sex, joinAddr(v), v.postcode, v.upn, e.code, dots(e.day), endOr(dots, e)],
    },
    {
      prefix: 'DWP',
      manifest: {
        name: 'dwp_benefits', file: 'sources/dwp_benefits.csv', format: 'csv', organisation: 'Department for Work and Pensions — out-of-work benefit spells',
        kind: 'benefits', delimiter: '|', dateFormat: 'YYYYMMDD',
        identity: { record_id: 'SPELL_ID', given_name: 'FORENAME', family_name: 'SURNAME', date_of_birth: 'DOB', postcode: 'POSTCODE', ni_number: 'NINO' },
        event: {
          type: 'dwp.out_of_work_benefit', date: 'SPELL_START', end_date: 'SPELL_END', values: { benefit: 'BENEFIT' },
          codes: { BENEFIT: { JSA: "Jobseeker's Allowance", ESA: 'Employment and Support Allowance', IS: 'Income Support', IB: 'Incapacity Benefit', CA: "Carer's Allowance", SDA: 'Severe Disablement Allowance' } },
        },
        columns: ['SPELL_ID', 'NINO', 'SURNAME', 'FORENAME', 'DOB', 'POSTCODE', 'BENEFIT', 'SPELL_START', 'SPELL_END'],
      },
      row: (e, v) => [e.id, v.ni, upper(v.family), upper(v.given), dobDwp(v), v.postcode, e.code, dwp(e.day), endOr(dwp, e)],
    },
    {
      prefix: 'UC',
      manifest: {
        name: 'dwp_universal_credit', file: 'sources/dwp_universal_credit.csv', format: 'csv', organisation: 'Department for Work and Pensions — Universal Credit claimants (limited fields)',
        kind: 'benefits', delimiter: ',', dateFormat: ISO,
        identity: { record_id: 'UC_REF', family_name: 'SURNAME', date_of_birth: 'DOB', postcode: 'POSTCODE', ni_number: 'NINO' },
        event: {
          type: 'dwp.universal_credit', date: 'CLAIM_START', end_date: 'CLAIM_END', values: { conditionality: 'LMS_REGIME' },
          codes: { LMS_REGIME: { SFW: 'searching for work (out of work)', PFW: 'planning for work (out of work)', PREP: 'preparing for work (out of work)', WWR: 'working, with requirements', NWR: 'no work-related requirements' } },
        },
        columns: ['UC_REF', 'NINO', 'SURNAME', 'DOB', 'POSTCODE', 'LMS_REGIME', 'CLAIM_START', 'CLAIM_END'],
      },
      row: (e, v) => [e.id, v.ni, upper(v.family), dobIso(v), v.postcode, e.code, iso(e.day), endOr(iso, e)],
    },
    {
      prefix: 'HSG',
      manifest: {
        name: 'housing', file: 'sources/housing.csv', format: 'csv', organisation: 'Northmoor Homes and Housing Options — arrears, notices, evictions, homelessness',
        kind: 'housing', delimiter: ',', dateFormat: 'DD-MMM-YYYY',
        identity: { record_id: 'CaseRef', given_name: 'FirstName', family_name: 'LastName', date_of_birth: 'DOB', address: ['Address1', 'Address2', 'Address3'], postcode: 'PostCode', uprn: 'PropertyUPRN' },
        event: {
          type: 'ActionCode', date: 'ActionDate', end_date: 'ActionEnd', values: { arrears_balance: 'ArrearsBalance', reason: 'ActionCode' },
          codes: {
            ActionCode: { ARR: 'housing.rent_arrears', NOSP: 'housing.notice_seeking_possession', ASBW: 'housing.notice_seeking_possession', EVIC: 'housing.eviction', HPREV: 'housing.homelessness', HRELF: 'housing.homelessness', TA: 'housing.homelessness' },
          },
        },
        columns: ['CaseRef', 'Title', 'FirstName', 'LastName', 'DOB', 'PropertyUPRN', 'Address1', 'Address2', 'Address3', 'PostCode', 'ActionCode', 'ActionDate', 'ActionEnd', 'ArrearsBalance'],
        variants: [{ format: 'xlsx', file: 'sources/housing.xlsx', sheet: 'Cases' }],
      },
      row: (e, v) => [e.id, v.sex === 'M' ? 'Mr' : e.person.nameChange > NEVER ? 'Mrs' : 'Ms', v.given, v.family, dobMmm(v), v.uprn, v.line1, v.line2 || v.locality, v.town, v.postcode, e.code, mmm(e.day), endOr(mmm, e), e.n1 > 0 ? e.n1.toFixed(2) : ''],
    },
    {
      prefix: 'MH',
      manifest: {
        name: 'health_mental_health', file: 'sources/health_mental_health.csv', format: 'csv', organisation: 'Northmoor NHS Foundation Trust — mental health services',
        kind: 'health', delimiter: ',', dateFormat: ISO,
        identity: { record_id: 'EpisodeID', given_name: 'PatientForename', family_name: 'PatientSurname', date_of_birth: 'DateOfBirth', sex: 'Gender', address: ['AddressLine1', 'AddressLine2'], postcode: 'PostcodeOfUsualAddress', nhs_number: 'NHSNumber' },
        event: {
          type: 'health.mental_health_contact', date: 'ReferralDate', end_date: 'DischargeDate', values: { team: 'Team', contacts: 'Contacts' },
          codes: { Gender: { '1': 'M', '2': 'F', '9': '', '0': '' }, Team: { CAMHS: "children and young people's mental health", AMHT: 'adult community mental health team', TALK: 'NHS Talking Therapies', CRHT: 'crisis resolution and home treatment', PMH: 'perinatal mental health' } },
        },
        columns: ['EpisodeID', 'NHSNumber', 'PatientSurname', 'PatientForename', 'DateOfBirth', 'Gender', 'AddressLine1', 'AddressLine2', 'PostcodeOfUsualAddress', 'Team', 'ReferralDate', 'DischargeDate', 'Contacts'],
      },
      row: (e, v) => [e.id, v.nhs.length === 10 ? `${v.nhs.slice(0, 3)} ${v.nhs.slice(3, 6)} ${v.nhs.slice(6)}` : v.nhs, v.family, v.given, dobIso(v), SEX_NHS[v.sex] ?? '9', v.line2 ? `${v.line1}, ${v.line2}` : v.line1, v.town, v.postcode, e.code, iso(e.day), endOr(iso, e), String(e.n1)],
    },
    {
      prefix: 'SM',
      manifest: {
        name: 'substance_misuse', file: 'sources/substance_misuse.csv', format: 'csv', organisation: 'Northmoor Recovery Partnership — drug and alcohol service',
        kind: 'health', delimiter: ',', dateFormat: UK,
        identity: { record_id: 'ClientEpisode', given_name: 'FirstName', family_name: 'Surname', date_of_birth: 'DOB', sex: 'Sex', postcode: 'Postcode' },
        event: {
          type: 'health.substance_misuse', date: 'TriageDate', end_date: 'ExitDate', values: { substance: 'PrimarySubstance' },
          codes: { PrimarySubstance: { ALC: 'alcohol', OPI: 'opiates', CRK: 'crack cocaine', CAN: 'cannabis', COC: 'powder cocaine' } },
        },
        columns: ['ClientEpisode', 'FirstName', 'Surname', 'DOB', 'Sex', 'Postcode', 'PrimarySubstance', 'TriageDate', 'ExitDate'],
      },
      row: (e, v) => [e.id, v.given, v.family, dobUk(v), v.sex, v.postcode, e.code, uk(e.day), endOr(uk, e)],
    },
    {
      prefix: 'CSC',
      manifest: {
        name: 'childrens_social_care', file: 'sources/childrens_social_care.csv', format: 'csv', organisation: "Northmoor County Council — Children's Social Care (case management extract)",
        kind: 'social_care', delimiter: ',', dateFormat: UK,
        identity: { record_id: 'EpisodeRef', given_name: 'Forename', family_name: 'Surname', date_of_birth: 'DOB', sex: 'Gender', address: 'Address', postcode: 'Postcode', nhs_number: 'NHSNo', upn: 'UPN' },
        event: {
          type: 'EpisodeType', date: 'StartDate', end_date: 'EndDate', values: { primary_need: 'PrimaryNeed', cp_category: 'CPCategory', legal_status: 'LegalStatus' },
          codes: {
            EpisodeType: { CIN: 'csc.child_in_need', CPP: 'csc.child_protection_plan', CLA: 'csc.looked_after' },
            Gender: { '1': 'M', '2': 'F', '0': '', '9': '' },
            PrimaryNeed: { N1: 'abuse or neglect', N2: "child's disability", N3: 'parental illness or disability', N4: 'family in acute stress', N5: 'family dysfunction', N6: 'socially unacceptable behaviour', N7: 'low income', N8: 'absent parenting', N9: 'cases other than children in need' },
            CPCategory: { NEG: 'neglect', PHY: 'physical abuse', EMO: 'emotional abuse', SAB: 'sexual abuse', MUL: 'multiple' },
            LegalStatus: { C1: 'interim care order', C2: 'full care order', V2: 'accommodated under s20', E1: 'placement order' },
          },
        },
        columns: ['EpisodeRef', 'ChildID', 'UPN', 'NHSNo', 'Forename', 'Surname', 'DOB', 'Gender', 'Address', 'Postcode', 'EpisodeType', 'StartDate', 'EndDate', 'PrimaryNeed', 'CPCategory', 'LegalStatus'],
      },
      row: (e, v) => [e.id, `C${e.person.id.slice(1).replace('-', '')}`, v.upn, v.nhs, v.given, v.family, dobUk(v), SEX_NHS[v.sex] ?? '0', joinAddr(v), v.postcode, e.code, uk(e.day), endOr(uk, e),
        e.code === 'CIN' ? e.detail : '', e.code === 'CPP' ? e.detail : '', e.code === 'CLA' ? e.detail : ''],
    },
    {
      prefix: 'DA',
      manifest: {
        name: 'police_domestic_abuse', file: 'sources/police_domestic_abuse.csv', format: 'csv', organisation: 'Northmoor Constabulary — domestic abuse notifications (MASH)',
        kind: 'police', delimiter: ',', dateFormat: 'YYYY-MM-DDTHH:mm', dobFormat: UK,
        identity: { record_id: 'NotificationID', given_name: 'Forenames', family_name: 'Surname', date_of_birth: 'DOB', sex: 'Sex', address: 'Address', postcode: 'Postcode' },
        event: {
          type: 'police.domestic_abuse_incident', date: 'IncidentDateTime', values: { role: 'PersonRole', risk: 'DASHRisk', repeat: 'Repeat', incident: 'DAIncidentNo' },
          codes: { PersonRole: { V: 'victim', P: 'perpetrator', C: 'child in the household' }, DASHRisk: { S: 'standard', M: 'medium', H: 'high' }, Sex: { M: 'M', F: 'F', U: '' } },
        },
        columns: ['NotificationID', 'DAIncidentNo', 'IncidentDateTime', 'PersonRole', 'Surname', 'Forenames', 'DOB', 'Sex', 'Address', 'Postcode', 'DASHRisk', 'Repeat'],
      },
      row: (e, v) => [e.id, `DA${isoOf(e.day).slice(0, 4)}${String(e.day * 97 + e.secs).slice(-6)}`, daTime(e.day, e.secs), e.role, v.family, v.given, dobUk(v), v.sex || 'U', joinAddr(v), v.postcode, e.code, e.detail],
    },
  ];
  return defs;
}
