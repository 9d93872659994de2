// SQL for unit costs and agency contacts. Contacts are the family's events priced by the council's
// unit-cost table: a person's events count for a family while they were a member of it, and
// family-level events count for that family.
import { sql, type Insertable } from 'kysely';
import type { Tx } from '../../db/tenant.ts';
import type { UnitCostTable } from './economics.tables.ts';

export interface ContactRow {
  family_unit_id: string;
  month: string;
  type: string;
  agency: string;
  category: 'intervention' | 'incident' | 'unclassified';
  n: number;
  pence: number;
}

export interface CohortRow {
  family_unit_id: string;
  reference: string;
  name: string;
  start_on: string;
  end_on: string | null;
}

export const economicsRepository = {
  async unitCosts(tx: Tx) {
    return tx.selectFrom('unit_cost').selectAll().orderBy('agency').orderBy('event_type').execute();
  },

  async unitCost(tx: Tx, id: string) {
    return tx.selectFrom('unit_cost').selectAll().where('id', '=', id).executeTakeFirst();
  },

  async upsertUnitCosts(tx: Tx, rows: Array<Insertable<UnitCostTable>>): Promise<void> {
    for (const row of rows) {
      await tx
        .insertInto('unit_cost')
        .values(row)
        .onConflict((oc) =>
          oc.columns(['local_authority_id', 'event_type']).doUpdateSet({
            agency: row.agency,
            category: row.category,
            unit_cost_pence: row.unit_cost_pence,
            unit: row.unit ?? 'per event',
            source: row.source,
            price_year: row.price_year,
            illustrative: row.illustrative ?? false,
            note: row.note ?? null,
            updated_by: row.updated_by ?? null,
            updated_at: new Date(),
          }),
        )
        .execute();
    }
  },

  async updateUnitCost(tx: Tx, id: string, values: Partial<Insertable<UnitCostTable>>): Promise<void> {
    await tx.updateTable('unit_cost').set({ ...values, updated_at: new Date() }).where('id', '=', id).execute();
  },

  async deleteUnitCost(tx: Tx, id: string): Promise<void> {
    await tx.deleteFrom('unit_cost').where('id', '=', id).execute();
  },

  /** The cohort: families whose first case in the period opened between from and to, with its dates. */
  async cohort(tx: Tx, from: string, to: string): Promise<CohortRow[]> {
    const result = await sql<CohortRow>`
      select distinct on (c.family_unit_id) c.family_unit_id, f.reference, f.name, c.opened_on::text as start_on, c.closed_on::text as end_on
      from support_case c
      join family_unit f on f.local_authority_id = c.local_authority_id and f.id = c.family_unit_id
      where c.opened_on between ${from}::date and ${to}::date
      order by c.family_unit_id, c.opened_on`.execute(tx);
    return result.rows;
  },

  /**
   * Priced agency contacts per family, month and event type between two dates. `families` is either
   * a list of family ids or a cohort (cases opened between two dates), which lets one query read the
   * events once for a whole cohort.
   */
  async contacts(tx: Tx, families: readonly string[] | { openedFrom: string; openedTo: string }, from: string, to: string): Promise<ContactRow[]> {
    const cohort = Array.isArray(families)
      ? sql`select unnest(${sql.raw(`'{${(families as string[]).filter((id) => /^[0-9a-f-]{36}$/i.test(id)).join(',')}}'`)}::uuid[]) as id`
      : sql`select distinct family_unit_id as id from support_case where opened_on between ${(families as { openedFrom: string }).openedFrom}::date and ${(families as { openedTo: string }).openedTo}::date`;
    const result = await sql<ContactRow>`
      with cohort as (${cohort}),
      ev as (
        select m.family_unit_id, e.type, e.occurred_on
        from cohort c
        join membership m on m.family_unit_id = c.id
        join event e on e.local_authority_id = m.local_authority_id and e.person_id = m.person_id
          and m.from_date <= e.occurred_on and (m.to_date is null or m.to_date >= e.occurred_on)
        where e.occurred_on between ${from}::date and ${to}::date
        union all
        select e.family_unit_id, e.type, e.occurred_on
        from cohort c
        join event e on e.family_unit_id = c.id and e.person_id is null
        where e.occurred_on between ${from}::date and ${to}::date
      )
      select ev.family_unit_id, to_char(ev.occurred_on, 'YYYY-MM') as month, ev.type, coalesce(u.agency, 'Unpriced') as agency,
             coalesce(u.category, 'unclassified') as category, count(*)::int as n, coalesce(sum(u.unit_cost_pence), 0)::bigint as pence
      from ev left join unit_cost u on u.event_type = ev.type
      group by 1, 2, 3, 4, 5`.execute(tx);
    return result.rows.map((r) => ({ ...r, n: Number(r.n), pence: Number(r.pence) }));
  },
};
