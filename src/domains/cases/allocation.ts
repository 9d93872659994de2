// Weighted caseloads: a family counts for more when support is more intensive, the family is large
// or its needs are complex (seed 001, L862: "the size of the family, the nature and complexity of
// their needs"). Weights are the council's settings, in per cent; guidance is the team's range.
import type { CaseComplexity, CaseTier } from './case.tables.ts';
import { caseloadStatus, type CaseloadStatus } from './caseload.ts';

export interface CaseloadWeights {
  weight_intensive_pct: number;
  weight_targeted_pct: number;
  weight_light_touch_pct: number;
  large_family_size: number;
  large_family_extra_pct: number;
  high_complexity_extra_pct: number;
}

export const DEFAULT_WEIGHTS: CaseloadWeights = {
  weight_intensive_pct: 150,
  weight_targeted_pct: 100,
  weight_light_touch_pct: 50,
  large_family_size: 5,
  large_family_extra_pct: 25,
  high_complexity_extra_pct: 50,
};

export interface WeighedCase {
  tier: CaseTier;
  complexity: CaseComplexity;
  memberCount: number;
}

/** One family's weight, in hundredths (150 = 1.5 families). */
export function caseWeight(c: WeighedCase, w: CaseloadWeights): number {
  const base = c.tier === 'intensive' ? w.weight_intensive_pct : c.tier === 'targeted' ? w.weight_targeted_pct : w.weight_light_touch_pct;
  const large = c.memberCount >= w.large_family_size ? w.large_family_extra_pct : 0;
  const complex = c.complexity === 'high' ? w.high_complexity_extra_pct : 0;
  return base + large + complex;
}

/** A caseload's weighted size in families, to one decimal place. */
export function weightedLoad(cases: readonly WeighedCase[], w: CaseloadWeights): number {
  return Math.round(cases.reduce((sum, c) => sum + caseWeight(c, w), 0) / 10) / 10;
}

export interface LoadAssessment {
  weighted: number;
  after: number;
  status: CaseloadStatus;
  statusAfter: CaseloadStatus;
  overloadedAfter: boolean;
}

/** A keyworker's weighted load now and if given one more family, against the team's guidance. */
export function assessLoad(current: readonly WeighedCase[], incoming: WeighedCase | null, w: CaseloadWeights, min: number, max: number): LoadAssessment {
  const weighted = weightedLoad(current, w);
  const after = incoming ? weightedLoad([...current, incoming], w) : weighted;
  return { weighted, after, status: caseloadStatus(weighted, min, max), statusAfter: caseloadStatus(after, min, max), overloadedAfter: after > max };
}
