// The composition root: database → repositories (plain modules) → services → queue.
// Web routes, the CLI and the worker all take what they need from here.
import type { Config } from '../config/config.ts';
import { openDatabase, type Database } from '../db/database.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { systemClock, type Clock } from '../platform/clock.ts';
import { createAuthService } from '../auth/auth.service.ts';
import { createAuditService } from '../domains/audit/audit.service.ts';
import { createCaseService } from '../domains/cases/case.service.ts';
import { createDatasetService } from '../domains/datasets/dataset.service.ts';
import { createFamilyService } from '../domains/people/family.service.ts';
import { createFrameworkService } from '../domains/frameworks/framework.service.ts';
import { createIdentificationService } from '../domains/identification/identification.service.ts';
import { createTenancyService } from '../domains/tenancy/tenancy.service.ts';
import { createQueue, JobRegistry } from '../jobs/queue.ts';
import { createOutcomeService } from '../domains/outcomes/outcome.service.ts';
import { createEconomicsService } from '../domains/economics/economics.service.ts';
import { createReturnsService } from '../domains/returns/returns.service.ts';
import { createCaseworkServices } from './casework.ts';
import { createLinkageService } from '../domains/identification/linkage.service.ts';

export async function createContainer(config: Config, options: { clock?: Clock; database?: Database; migrate?: boolean } = {}) {
  const database = options.database ?? (await openDatabase(config.database));
  if (options.migrate ?? true) {
    try {
      await migrateToLatest(database.db);
    } catch (error) {
      // Close before failing, or an open PGlite keeps the process alive.
      if (!options.database) await database.close();
      throw error;
    }
  }
  const clock = options.clock ?? systemClock;
  const db = database.db;
  const jobs = new JobRegistry();
  const queue = createQueue(db, jobs);
  const audit = createAuditService(db);
  const outcomes = createOutcomeService(db, audit, clock, queue);
  const services = {
    audit,
    auth: createAuthService(db, audit, clock, config),
    tenancy: createTenancyService(db, audit),
    families: createFamilyService(db, audit, clock),
    cases: createCaseService(db, audit, clock),
    datasets: createDatasetService(db, audit, clock, queue, jobs, config.dataDir),
    frameworks: createFrameworkService(db, audit, clock),
    identification: createIdentificationService(db, audit, clock, queue, createCaseService(db, audit, clock)),
    ...createCaseworkServices(db, audit, clock),
    outcomes,
    economics: createEconomicsService(db, audit, clock),
    returns: createReturnsService(db, audit, clock, outcomes),
    linkage: createLinkageService(db, audit, clock, queue, jobs),
  };
  return {
    config,
    clock,
    database,
    jobs,
    queue,
    services,
    async close() {
      await database.close();
    },
  };
}

export type Container = Awaited<ReturnType<typeof createContainer>>;
