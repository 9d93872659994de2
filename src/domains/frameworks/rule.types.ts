// The rule language of an outcomes framework: JSON documents, typed here, interpreted by rules.ts.
// No code per rule and no eval: a council authors these in the browser, Hearth stores them as
// data (framework_descriptor.rule, framework_version.family_rule) and every figure carries where it
// came from (docs/frameworks.md explains how to read and write one).

/** Where a figure or a wording came from (research/standards.md §0 tags). */
export interface Provenance {
  /**
   * confirmed: read in a primary source; third_party: a council or press summary of it;
   * recalled: from memory, not verified (hold it as configuration); default: Hearth's configurable default;
   * local: set by this council.
   */
  status: 'confirmed' | 'third_party' | 'recalled' | 'default' | 'local';
  source: string;
  note?: string;
}

/** Who in the family a clause looks at: role in this family unit and age (whole years) at the evaluation date. */
export interface Who {
  /** A preset name shown in the editor ('any', 'child', 'school_age_child', 'under_school_age', 'adult'); informative only. */
  preset?: string;
  roles?: Array<'parent' | 'carer' | 'child' | 'other_adult' | 'expected_child'>;
  minAge?: number;
  maxAge?: number;
}

export interface AttributeCondition {
  attr: string;
  /** The attribute's value (as text) must be one of these. */
  in?: string[];
  /** …or must not be one of these (a missing attribute passes). */
  notIn?: string[];
  /** Numeric bounds, inclusive. */
  min?: number;
  max?: number;
}

/**
 * Look-back window relative to the evaluation date D.
 * - last_months / last_days: after D − n, up to and including D. match 'occurred' tests the event
 *   date; 'overlaps' tests whether the spell [occurred_on, ended_on) touches the window (no end = still open).
 * - last_terms: the n most recent school terms ending on or before D, from the first day of the
 *   earliest of them (inclusive) to D. 'occurred' tests the event date; 'within' needs the whole
 *   event (e.g. a term's attendance return) inside.
 * - on_date: the spell is open on D (started on or before D, no end or ending after D).
 */
export type Window =
  | { kind: 'last_months'; months: number; match: 'occurred' | 'overlaps'; provenance?: Provenance }
  | { kind: 'last_days'; days: number; match: 'occurred' | 'overlaps'; provenance?: Provenance }
  | { kind: 'last_terms'; terms: number; match: 'occurred' | 'within'; provenance?: Provenance }
  | { kind: 'on_date'; provenance?: Provenance };

/** When the matching events of one person amount to the need. */
export type Threshold =
  | { kind: 'count'; min: number; provenance?: Provenance }
  /** sum(numerator) / sum(denominator) over the matching events ≥ min (a fraction, 0.1 = 10%). */
  | { kind: 'ratio'; numerator: string; denominator: string; min: number; provenance?: Provenance };

export interface Clause {
  /** Plain words for the editor and the evidence page, e.g. "3 or more suspensions". */
  label?: string;
  types: string[];
  where?: AttributeCondition[];
  window: Window;
  threshold: Threshold;
  /** Overrides the rule's `who` for this clause. */
  who?: Who;
}

/** A descriptor's rule: met for a person when any clause holds; the evidence is every holding clause's events. */
export interface Rule {
  who: Who;
  anyOf: Clause[];
}

/** The family-level rule: a small expression over the family's needs and members. */
export type FamilyExpr =
  | { op: 'all'; of: FamilyExpr[]; label?: string; provenance?: Provenance }
  | { op: 'any'; of: FamilyExpr[]; label?: string; provenance?: Provenance }
  /** Distinct needs (descriptors) or distinct headlines met, optionally only among some headlines. */
  | { op: 'count'; of: 'needs' | 'headlines'; headlines?: string[]; min: number; max?: number; label?: string; provenance?: Provenance }
  /** Current members matching `who`. */
  | { op: 'members'; who: Who; min?: number; max?: number; label?: string; provenance?: Provenance };

export interface HeadlineDef {
  code: string;
  name: string;
  /** What the headline covers, in the council's words (local headlines). */
  description?: string;
  /** Added by the council rather than shipped with the national framework: only these can be edited or removed. */
  local?: boolean;
  provenance: Provenance;
}

export interface DescriptorDef {
  code: string;
  headline: string;
  name: string;
  description: string;
  /** 1 (ordinary) to 3 (high: triage severity indicators such as a child protection plan). */
  severity: number;
  /** Added by the council rather than shipped with the national framework. */
  local?: boolean;
  /** Null: a need a practitioner records (e.g. at assessment), not found from data. */
  rule: Rule | null;
  provenance: Provenance;
}

export interface FrameworkSettings {
  /** Evidence older than this many days is stale: check before contact. */
  staleAfterDays: number;
  /** School-age bounds used by presets and term windows. */
  schoolAgeMin: number;
  schoolAgeMax: number;
  provenance: Record<string, Provenance>;
}

export interface FrameworkDefinition {
  code: string;
  name: string;
  description: string;
  validFrom: string;
  validTo: string | null;
  headlines: HeadlineDef[];
  descriptors: DescriptorDef[];
  familyRule: FamilyExpr;
  settings: FrameworkSettings;
  sources: Array<{ ref: string; title: string }>;
  /** The council's own framework (created in Hearth, not shipped): every headline and descriptor in it is local. */
  local?: boolean;
  /** A council's framework started as a copy of another framework's version. */
  copiedFrom?: { code: string; name: string; version: number };
}

export const WHO_PRESETS: Record<string, { label: string; who: Who }> = {
  any: { label: 'Anyone in the family', who: { preset: 'any' } },
  child: { label: 'A child (under 18)', who: { preset: 'child', roles: ['child'], maxAge: 17 } },
  school_age_child: { label: 'A child of school age (5 to 16)', who: { preset: 'school_age_child', roles: ['child'], minAge: 5, maxAge: 16 } },
  under_school_age: { label: 'A child under school age (under 5)', who: { preset: 'under_school_age', roles: ['child'], maxAge: 4 } },
  adult: { label: 'An adult (18 or over)', who: { preset: 'adult', minAge: 18 } },
  expected_child: { label: 'An expected baby', who: { preset: 'expected_child', roles: ['expected_child'] } },
};
