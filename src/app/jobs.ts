// Every job handler Hearth knows, registered once per process (web, worker and CLI alike).
import type { Container } from './container.ts';

export type JobRegistration = (container: Container) => void;

const registrations: JobRegistration[] = [];

export function registerJobs(container: Container): void {
  for (const register of registrations) register(container);
}
