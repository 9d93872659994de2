import type { ColumnType, Generated } from 'kysely';
import type { CreatedAt, DateString, Id } from '../../db/columns.ts';
import type { JsonText, JsonTextDefault } from '../cases/case.tables.ts';

/** A configurable form: sections of questions, edited by a council in settings. */
export interface FormQuestion {
  key: string;
  text: string;
  hint?: string;
}
export interface FormSection {
  key: string;
  title: string;
  /** health and other special-category data: hidden from roles without a need to see it */
  specialCategory: boolean;
  questions: FormQuestion[];
}
export interface ScaleDimension {
  key: string;
  label: string;
}

export interface AssessmentFormTable {
  local_authority_id: string;
  id: Id;
  name: string;
  sections: JsonTextDefault<FormSection[]>;
  revision: Generated<number>;
  updated_by: string | null;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface AssessmentTable {
  local_authority_id: string;
  id: Id;
  case_id: string;
  form_id: string | null;
  form_name: string;
  form_revision: number;
  sections: JsonText<FormSection[]>;
  answers: JsonTextDefault<Record<string, string>>;
  family_account: string | null;
  child_voice: string | null;
  started_on: DateString;
  due_on: DateString;
  completed_on: DateString | null;
  status: Generated<'in_progress' | 'completed'>;
  created_by: string | null;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export type NeedStatus = 'open' | 'met' | 'no_longer_relevant';

export interface AssessmentNeedTable {
  local_authority_id: string;
  id: Id;
  case_id: string;
  person_id: string | null;
  headline: string;
  description: string;
  special_category: Generated<boolean>;
  identified_on: DateString;
  status: Generated<NeedStatus>;
  closed_on: DateString | null;
  close_reason: string | null;
  recorded_by: string | null;
  created_at: CreatedAt;
}

export interface MeasureScaleTable {
  local_authority_id: string;
  id: Id;
  name: string;
  min_score: Generated<number>;
  max_score: Generated<number>;
  dimensions: JsonTextDefault<ScaleDimension[]>;
  created_at: CreatedAt;
}

export interface MeasureScoreTable {
  local_authority_id: string;
  id: Id;
  case_id: string;
  scale_id: string;
  dimension_key: string;
  rater: 'worker' | 'family';
  score: number;
  scored_on: DateString;
  recorded_by: string | null;
  created_at: CreatedAt;
}

export interface AssessmentTables {
  assessment_form: AssessmentFormTable;
  assessment: AssessmentTable;
  assessment_need: AssessmentNeedTable;
  measure_scale: MeasureScaleTable;
  measure_score: MeasureScoreTable;
}
