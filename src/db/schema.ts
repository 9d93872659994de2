// The database as Kysely sees it: each domain declares its own tables in <domain>.tables.ts.
import type { AuditTables } from '../domains/audit/audit.tables.ts';
import type { CaseTables } from '../domains/cases/case.tables.ts';
import type { PeopleTables } from '../domains/people/people.tables.ts';
import type { TenancyTables } from '../domains/tenancy/tenancy.tables.ts';
import type { CoreFindTables } from '../domains/datasets/core.tables.ts';
import type { DatasetTables } from '../domains/datasets/dataset.tables.ts';
import type { JobTables } from '../jobs/job.tables.ts';
import type { ReferralTables } from '../domains/referrals/referral.tables.ts';
import type { ConsentTables } from '../domains/consent/consent.tables.ts';
import type { AssessmentTables } from '../domains/assessments/assessment.tables.ts';
import type { PlanTables } from '../domains/plans/plan.tables.ts';
import type { FrameworkTables } from '../domains/frameworks/framework.tables.ts';
import type { IdentificationTables } from '../domains/identification/identification.tables.ts';
import type { OutcomeTables } from '../domains/outcomes/outcome.tables.ts';
import type { EconomicsTables } from '../domains/economics/economics.tables.ts';
import type { ReturnsTables } from '../domains/returns/returns.tables.ts';
import type { LinkageTables } from '../domains/identification/linkage.tables.ts';

export interface DB extends TenancyTables, PeopleTables, CaseTables, AuditTables, JobTables, CoreFindTables, ReferralTables, ConsentTables, AssessmentTables, PlanTables, DatasetTables, FrameworkTables, IdentificationTables, OutcomeTables, EconomicsTables, ReturnsTables, LinkageTables {}
