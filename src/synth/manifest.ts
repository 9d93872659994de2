// The manifest of a synth output (OUT/manifest.json): what each source file is and how to read it.
// The format is a contract with ingestion and linkage; docs/synth.md describes it field by field.

/** Identity fields a source may carry; values are column names (address may be several, joined with ", "). */
export interface IdentityColumns {
  record_id: string;
  given_name?: string;
  family_name?: string;
  /** A column holding "SURNAME, Forename" (used when the source has no separate name columns). */
  full_name?: string;
  date_of_birth?: string;
  sex?: string;
  address?: string | string[];
  postcode?: string;
  uprn?: string;
  nhs_number?: string;
  upn?: string;
  ni_number?: string;
}

/**
 * How a row becomes a canonical dated event.
 * `type` is either a canonical event type (contains a dot, e.g. "school.attendance") or a column name,
 * in which case codes[type] maps that column's value to the canonical event type.
 */
export interface EventSpec {
  type: string;
  date: string;
  end_date?: string;
  /** Canonical value field → column (e.g. sessions_possible → "SessionsPossible"). */
  values?: Record<string, string>;
  /** Column → (source code → canonical meaning). Also covers the sex column when it is coded. */
  codes?: Record<string, Record<string, string>>;
}

export interface SourceVariant {
  format: 'xlsx';
  file: string;
  sheet: string;
}

export interface SourceManifest {
  name: string;
  file: string;
  format: 'csv' | 'xlsx';
  organisation: string;
  kind: string;
  delimiter: string;
  /** Token string for every date column: DD MM YYYY MMM (Jan…Dec) HH mm ss, other characters literal. */
  dateFormat: string;
  /** Set when the date of birth column has its own format. */
  dobFormat?: string;
  /** Sheet name when format is xlsx. */
  sheet?: string;
  identity: IdentityColumns;
  event: EventSpec;
  columns: string[];
  /** The same rows in other formats (e.g. the XLSX a partner really sends). */
  variants?: SourceVariant[];
}

export interface Manifest {
  generator: 'hearth synth';
  version: 1;
  seed: string;
  people: number;
  from: string;
  to: string;
  errorRate: number;
  /** Share of families given past, resolved needs (truth/past_needs.csv); absent when none. */
  pastNeeds?: number;
  sources: SourceManifest[];
}
