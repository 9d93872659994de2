// Every job handler Hearth knows, registered once per process (web, worker and CLI alike).
import type { Container } from './container.ts';
import { registerDatasetJobs } from '../domains/datasets/dataset.jobs.ts';
import { registerIdentificationJobs } from '../domains/identification/identification.jobs.ts';
import { registerOutcomeJobs } from '../domains/outcomes/outcome.jobs.ts';
import { registerLinkageJobs } from '../domains/identification/linkage.jobs.ts';

export type JobRegistration = (container: Container) => void;

const registrations: JobRegistration[] = [registerIdentificationJobs, registerDatasetJobs, registerOutcomeJobs, registerLinkageJobs];

export function registerJobs(container: Container): void {
  for (const register of registrations) register(container);
}
