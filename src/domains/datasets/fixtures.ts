// Shared test data for the datasets tests (unit, route and browser): a small children's services source.
import type { MappingSpec } from './mapping.ts';

export const HEADER = 'Ref,NHSNo,UPN,Forename,Surname,DOB,Sex,Postcode,Type,Start,End,Sessions';
export const SPEC: MappingSpec = {
  format: 'csv', delimiter: ',', encoding: 'utf-8', dateFormat: 'DD/MM/YYYY', columns: HEADER.split(','),
  identity: { record_id: 'Ref', nhs_number: 'NHSNo', upn: 'UPN', given_name: 'Forename', family_name: 'Surname', date_of_birth: 'DOB', sex: 'Sex', postcode: 'Postcode' },
  required: [], codes: { Type: { CIN: 'csc.child_in_need', CPP: 'csc.child_protection_plan' } },
  event: { type: 'Type', date: 'Start', end_date: 'End', values: { sessions: 'Sessions' }, numeric: ['sessions'] },
};
export const GOOD_ROWS = [
  'R1,943 476 5919,B801200005001,Thomas,Jones,30/08/2007,M,NM10 4ZQ,CPP,13/09/2024,21/01/2025,4',
  'R2,4010232137,,Paige,Robinson,26/10/2014,F,NM4 4DB,CIN,25/08/2024,,',
];
