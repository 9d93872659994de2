import type { ColumnType, Generated } from 'kysely';
import type { CreatedAt, DateString, Id } from '../../db/columns.ts';
import type { JsonText } from '../cases/case.tables.ts';

export const GOAL_STATUSES = ['not_started', 'in_progress', 'achieved', 'not_achieved', 'dropped'] as const;
export type GoalStatus = (typeof GOAL_STATUSES)[number];

export interface PlanGoalTable {
  local_authority_id: string;
  id: Id;
  case_id: string;
  need_id: string | null;
  person_id: string | null;
  title: string;
  target: string;
  owner_label: string;
  owner_taf_member_id: string | null;
  due_on: DateString;
  status: Generated<GoalStatus>;
  special_category: Generated<boolean>;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface PlanActionTable {
  local_authority_id: string;
  id: Id;
  case_id: string;
  goal_id: string | null;
  meeting_id: string | null;
  description: string;
  owner_label: string;
  owner_taf_member_id: string | null;
  due_on: DateString;
  status: Generated<'open' | 'done' | 'cancelled'>;
  completed_on: DateString | null;
  created_by: string | null;
  created_at: CreatedAt;
}

export interface PlanVersionTable {
  local_authority_id: string;
  id: Id;
  case_id: string;
  version: number;
  reason: string;
  snapshot: JsonText<unknown>;
  created_by: string | null;
  created_at: CreatedAt;
}

export type MeetingMode = 'in_person' | 'video' | 'phone';
export type Attendance = 'invited' | 'attended' | 'apologies' | 'did_not_attend';

export interface TafMeetingTable {
  local_authority_id: string;
  id: Id;
  case_id: string;
  held_on: DateString;
  mode: MeetingMode;
  status: Generated<'planned' | 'held'>;
  minutes: string | null;
  decisions: string | null;
  created_by: string | null;
  created_at: CreatedAt;
}

export interface TafMeetingAttendeeTable {
  local_authority_id: string;
  id: Id;
  meeting_id: string;
  taf_member_id: string | null;
  person_id: string | null;
  name: string;
  attendance: Generated<Attendance>;
}

export interface PlanTables {
  plan_goal: PlanGoalTable;
  plan_action: PlanActionTable;
  plan_version: PlanVersionTable;
  taf_meeting: TafMeetingTable;
  taf_meeting_attendee: TafMeetingAttendeeTable;
}
