// Every route plugin in one list: a new domain adds its routes here.
import type { FastifyInstance } from 'fastify';
import type { Container } from '../app/container.ts';
import { authRoutes } from '../auth/auth.routes.ts';
import { auditRoutes } from '../domains/audit/audit.routes.ts';
import { caseRoutes } from '../domains/cases/case.routes.ts';
import { datasetRoutes } from '../domains/datasets/dataset.routes.ts';
import { familyRoutes } from '../domains/people/family.routes.ts';
import { frameworkRoutes } from '../domains/frameworks/framework.routes.ts';
import { identificationRoutes } from '../domains/identification/identification.routes.ts';
import { tenancyRoutes } from '../domains/tenancy/tenancy.routes.ts';
import { systemRoutes } from './system.routes.ts';
import { jobRoutes } from '../jobs/job.routes.ts';
import { caseworkRoutes } from '../app/casework.ts';
import { outcomeRoutes } from '../domains/outcomes/outcome.routes.ts';
import { economicsRoutes } from '../domains/economics/economics.routes.ts';
import { returnsRoutes } from '../domains/returns/returns.routes.ts';
import { linkageRoutes } from '../domains/identification/linkage.routes.ts';

export type RoutePlugin = (app: FastifyInstance, container: Container) => Promise<void> | void;

const plugins: RoutePlugin[] = [
  systemRoutes,
  authRoutes,
  jobRoutes,
  caseRoutes,
  datasetRoutes,
  familyRoutes,
  frameworkRoutes,
  identificationRoutes,
  auditRoutes,
  tenancyRoutes,
  caseworkRoutes,
  outcomeRoutes,
  economicsRoutes,
  returnsRoutes,
  linkageRoutes,
];

export async function registerRoutes(app: FastifyInstance, container: Container): Promise<void> {
  for (const plugin of plugins) await plugin(app, container);
}
