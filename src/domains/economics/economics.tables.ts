// Unit costs a council loads and edits (migration 20261123150000_prove).
import type { ColumnType } from 'kysely';
import type { Id } from '../../db/columns.ts';

export type UnitCostCategory = 'intervention' | 'incident' | 'unclassified';

export interface UnitCostTable {
  local_authority_id: string;
  id: Id;
  event_type: string;
  agency: string;
  category: UnitCostCategory;
  unit_cost_pence: number;
  unit: string;
  source: string;
  price_year: string;
  illustrative: boolean;
  note: string | null;
  updated_by: string | null;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface EconomicsTables {
  unit_cost: UnitCostTable;
}
