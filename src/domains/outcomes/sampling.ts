// A reproducible random sample for assurance: the same seed and population always give the same
// families, so an auditor can re-draw a recorded sample and check it was not hand-picked.
import { createHash } from 'node:crypto';

/** mulberry32 seeded from the first 4 bytes of SHA-256(seed): small, fast and reproducible everywhere. */
export function seededRandom(seed: string): () => number {
  let state = createHash('sha256').update(seed).digest().readUInt32LE(0);
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Draw `size` items without replacement. The population is sorted by id first, so the order the
 * database returns rows in cannot change the sample.
 */
export function drawSample<T extends { id: string }>(population: readonly T[], size: number, seed: string): T[] {
  const sorted = [...population].sort((a, b) => a.id.localeCompare(b.id));
  const random = seededRandom(seed);
  const n = Math.min(Math.max(0, Math.floor(size)), sorted.length);
  // Partial Fisher–Yates.
  for (let i = 0; i < n; i++) {
    const j = i + Math.floor(random() * (sorted.length - i));
    [sorted[i], sorted[j]] = [sorted[j] as T, sorted[i] as T];
  }
  return sorted.slice(0, n);
}

/** The sample size an auditor asks for: a percentage of the claims, at least a minimum, never more than all. */
export function sampleSize(population: number, percent: number, minimum: number): number {
  return Math.min(population, Math.max(minimum, Math.ceil((population * percent) / 100)));
}

/** The checklist councils' internal auditors work through for each sampled claim. */
export const AUDIT_CHECKLIST = [
  { id: 'eligible_at_attachment', text: 'Eligibility at attachment is evidenced for each identified need' },
  { id: 'lead_practitioner', text: 'The family had a named lead practitioner (keyworker)' },
  { id: 'whole_family_assessment', text: 'A whole-family assessment was completed' },
  { id: 'plan_covers_needs', text: 'The family plan addresses every identified need' },
  { id: 'outcomes_evidenced', text: 'An outcome is evidenced against each and every need' },
  { id: 'sustained', text: 'Outcomes were sustained for the required period' },
  { id: 'not_claimed_before', text: 'No person or outcome was claimed before (other families, earlier cases)' },
] as const;
