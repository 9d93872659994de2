// The public surface of the pure linkage engine, for `hearth link` and the database-backed
// linkage service. Everything here is synchronous or promise-returning pure computation: no I/O.
export type { IdentityRecord } from './types.ts';
export { IDENTITY_FIELDS } from './types.ts';
export {
  DEFAULT_LINK_OPTIONS, DEFAULT_THRESHOLDS, STRICT_IDENTIFIER_M, describeModel, distinctIdentities, explainPair,
  identifierStrictness, linkIncremental, linkRecords, personsAt, probabilityToWeight, trainModel, weightToProbability,
} from './link.ts';
export type { IncrementalResult, KnownPeople, LinkOptions, LinkResult, LinkSettings, LinkStats, LinkThresholds, ScoreJob } from './link.ts';
export { DEFAULT_MODEL, MIN_TF_VALUES, householdGuard } from './model.ts';
export type { FieldContribution, ModelParams, PairExplanation } from './model.ts';
export { COMPARISONS } from './comparisons.ts';
export type { ComparisonSpec } from './comparisons.ts';
export { DEFAULT_BLOCKING_RULES, DEFAULT_TRAINING_RULES } from './blocking.ts';
export type { BlockingRule } from './blocking.ts';
export { clusterPairs, dropWeakBridges, pairwiseScores } from './cluster.ts';
export type { ClusterResult, PairwiseScores, ScoredPairs } from './cluster.ts';
export { DEFAULT_HOUSEHOLD_OPTIONS, buildHouseholds } from './households.ts';
export type { HouseholdOptions, HouseholdResult, StatedRelationship } from './households.ts';
export { encodeRecords } from './encode.ts';
export type { EncodedRecords } from './encode.ts';
export { scoreInWorkers } from './parallel.ts';
