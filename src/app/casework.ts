// Composition of the casework domains (issue 7): their services, built over one database, audit and
// clock, and their route plugins. container.ts and routes.ts each take these in one line.
import type { FastifyInstance } from 'fastify';
import type { Db } from '../db/database.ts';
import type { Clock } from '../platform/clock.ts';
import type { AuditService } from '../domains/audit/audit.service.ts';
import type { Container } from './container.ts';
import { createConsentService } from '../domains/consent/consent.service.ts';
import { consentRoutes } from '../domains/consent/consent.routes.ts';
import { createContactService } from '../domains/cases/contact.service.ts';
import { contactRoutes } from '../domains/cases/contact.routes.ts';
import { createCaseOverviewService } from '../domains/cases/overview.service.ts';
import { createChronologyService } from '../domains/cases/chronology.service.ts';
import { chronologyRoutes } from '../domains/cases/chronology.routes.ts';
import { createReferralService } from '../domains/referrals/referral.service.ts';
import { referralRoutes } from '../domains/referrals/referral.routes.ts';
import { createReviewService } from '../domains/cases/review.service.ts';
import { reviewRoutes } from '../domains/cases/review.routes.ts';
import { createBudgetService } from '../domains/cases/budget.service.ts';
import { createClosureService } from '../domains/cases/closure.service.ts';
import { budgetRoutes } from '../domains/cases/budget.routes.ts';
import { createAssessmentService } from '../domains/assessments/assessment.service.ts';
import { assessmentRoutes } from '../domains/assessments/assessment.routes.ts';
import { createPlanService } from '../domains/plans/plan.service.ts';
import { planRoutes } from '../domains/plans/plan.routes.ts';
import { createSettingsService } from '../domains/cases/settings.service.ts';
import { settingsRoutes } from '../domains/cases/settings.routes.ts';

export function createCaseworkServices(db: Db, audit: AuditService, clock: Clock) {
  return {
    consent: createConsentService(db, audit, clock),
    contacts: createContactService(db, audit, clock),
    caseOverview: createCaseOverviewService(db, audit, clock),
    chronology: createChronologyService(db, audit, clock),
    referrals: createReferralService(db, audit, clock),
    reviews: createReviewService(db, audit, clock),
    budget: createBudgetService(db, audit, clock),
    closures: createClosureService(db, audit, clock),
    assessments: createAssessmentService(db, audit, clock),
    plans: createPlanService(db, audit, clock),
    settings: createSettingsService(db, audit),
  };
}

export function caseworkRoutes(app: FastifyInstance, container: Container): void {
  consentRoutes(app, container);
  contactRoutes(app, container);
  chronologyRoutes(app, container);
  referralRoutes(app, container);
  reviewRoutes(app, container);
  budgetRoutes(app, container);
  assessmentRoutes(app, container);
  planRoutes(app, container);
  settingsRoutes(app, container);
}
