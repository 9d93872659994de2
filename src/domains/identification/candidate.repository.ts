// The candidate list: families of a run that meet the family-level rule and are not already open
// to the service, with filters and sorts; and the panel tables.
import { sql, type Insertable } from 'kysely';
import type { Tx } from '../../db/tenant.ts';
import type { PanelFamilyTable } from './identification.tables.ts';

export interface CandidateFilter {
  minNeeds?: number;
  minSeverity?: number;
  headline?: string;
  locality?: string;
  youngestFrom?: number;
  youngestTo?: number;
  staleOnly?: boolean;
  sort: 'priority' | 'needs' | 'severity' | 'freshest' | 'stalest' | 'locality' | 'youngest';
}

export const SORTS: Record<CandidateFilter['sort'], string> = {
  priority: 'Priority (needs, severity, agencies)',
  needs: 'Most needs',
  severity: 'Most severe',
  freshest: 'Newest evidence',
  stalest: 'Oldest evidence',
  locality: 'Locality',
  youngest: 'Youngest child',
};

export const candidateRepository = {
  async list(tx: Tx, runId: string, filter: CandidateFilter, staleBefore: string, page: { limit: number; offset: number } | null) {
    let q = tx
      .selectFrom('evaluation_family as ef')
      .innerJoin('family_unit as fu', (j) => j.onRef('fu.id', '=', 'ef.family_unit_id').onRef('fu.local_authority_id', '=', 'ef.local_authority_id'))
      .where('ef.run_id', '=', runId)
      .where('ef.eligible', '=', true)
      .where((eb) => eb.not(eb.exists(eb.selectFrom('support_case as sc').select(sql`1`.as('x')).whereRef('sc.family_unit_id', '=', 'ef.family_unit_id').where('sc.status', '<>', 'closed'))));
    if (filter.minNeeds) q = q.where('ef.need_count', '>=', filter.minNeeds);
    if (filter.minSeverity) q = q.where('ef.severity', '>=', filter.minSeverity);
    if (filter.headline) q = q.where(sql<boolean>`${filter.headline} = any(ef.headlines)`);
    if (filter.locality) q = q.where('fu.locality', '=', filter.locality);
    if (filter.youngestFrom !== undefined) q = q.where('ef.youngest_child_age', '>=', filter.youngestFrom);
    if (filter.youngestTo !== undefined) q = q.where('ef.youngest_child_age', '<=', filter.youngestTo);
    if (filter.staleOnly) q = q.where('ef.evidence_oldest_on', '<', staleBefore);
    const total = Number((await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    let rows = q.select([
      'ef.family_unit_id',
      'fu.reference',
      'fu.name',
      'fu.locality',
      'ef.needs',
      'ef.headlines',
      'ef.need_count',
      'ef.headline_count',
      'ef.severity',
      'ef.evidence_oldest_on',
      'ef.evidence_latest_on',
      'ef.agencies',
      'ef.youngest_child_age',
      'ef.oldest_child_age',
      'ef.member_count',
      sql<boolean>`ef.evidence_oldest_on < ${staleBefore}::date`.as('stale'),
      sql<string[]>`array(select distinct tm.agency from taf_member tm join support_case sc on sc.local_authority_id = tm.local_authority_id and sc.id = tm.case_id where sc.family_unit_id = ef.family_unit_id order by 1)`.as('taf_agencies'),
      sql<number>`(select count(*) from panel_family pf where pf.family_unit_id = ef.family_unit_id and pf.decision is null)`.as('on_panel'),
    ]);
    switch (filter.sort) {
      case 'priority':
        rows = rows.orderBy(sql`ef.need_count * 2 + ef.severity + cardinality(ef.agencies)`, 'desc');
        break;
      case 'needs':
        rows = rows.orderBy('ef.need_count', 'desc').orderBy('ef.severity', 'desc');
        break;
      case 'severity':
        rows = rows.orderBy('ef.severity', 'desc').orderBy('ef.need_count', 'desc');
        break;
      case 'freshest':
        rows = rows.orderBy('ef.evidence_latest_on', 'desc');
        break;
      case 'stalest':
        rows = rows.orderBy('ef.evidence_oldest_on', 'asc');
        break;
      case 'locality':
        rows = rows.orderBy('fu.locality').orderBy('ef.need_count', 'desc');
        break;
      case 'youngest':
        rows = rows.orderBy(sql`ef.youngest_child_age nulls last`);
        break;
    }
    rows = rows.orderBy('fu.reference');
    if (page) rows = rows.limit(page.limit).offset(page.offset);
    return { total, rows: await rows.execute() };
  },

  async localities(tx: Tx, runId: string): Promise<string[]> {
    const rows = await tx
      .selectFrom('evaluation_family as ef')
      .innerJoin('family_unit as fu', (j) => j.onRef('fu.id', '=', 'ef.family_unit_id').onRef('fu.local_authority_id', '=', 'ef.local_authority_id'))
      .select('fu.locality')
      .distinct()
      .where('ef.run_id', '=', runId)
      .where('ef.eligible', '=', true)
      .where('fu.locality', 'is not', null)
      .orderBy('fu.locality')
      .execute();
    return rows.map((r) => r.locality as string);
  },

  async family(tx: Tx, familyUnitId: string) {
    return tx.selectFrom('family_unit').select(['id', 'reference', 'name', 'locality', 'address', 'postcode']).where('id', '=', familyUnitId).executeTakeFirst();
  },

  async openCase(tx: Tx, familyUnitId: string) {
    return tx.selectFrom('support_case').select(['id', 'reference', 'status']).where('family_unit_id', '=', familyUnitId).where('status', '<>', 'closed').executeTakeFirst();
  },

  async tafAgencies(tx: Tx, familyUnitId: string) {
    return tx
      .selectFrom('taf_member as tm')
      .innerJoin('support_case as sc', (j) => j.onRef('sc.id', '=', 'tm.case_id').onRef('sc.local_authority_id', '=', 'tm.local_authority_id'))
      .select(['tm.agency', 'tm.role', 'tm.name', 'tm.from_date', 'tm.to_date', 'sc.reference', 'sc.status'])
      .where('sc.family_unit_id', '=', familyUnitId)
      .orderBy('tm.from_date', 'desc')
      .execute();
  },

  // ---- panels ----
  async insertPanel(tx: Tx, row: { local_authority_id: string; title: string; meets_on: string; created_by: string }): Promise<string> {
    return (await tx.insertInto('panel').values(row).returning('id').executeTakeFirstOrThrow()).id;
  },

  async panels(tx: Tx) {
    return tx
      .selectFrom('panel as p')
      .select(['p.id', 'p.title', 'p.meets_on', 'p.status', (eb) => eb.selectFrom('panel_family as pf').select((x) => x.fn.countAll<number>().as('n')).whereRef('pf.panel_id', '=', 'p.id').as('families'),
        (eb) => eb.selectFrom('panel_family as pf').select((x) => x.fn.countAll<number>().as('n')).whereRef('pf.panel_id', '=', 'p.id').where('pf.decision', 'is not', null).as('decided')])
      .orderBy('p.meets_on', 'desc')
      .execute();
  },

  async panel(tx: Tx, id: string) {
    return tx.selectFrom('panel').selectAll().where('id', '=', id).executeTakeFirst();
  },

  async panelFamilies(tx: Tx, panelId: string) {
    return tx
      .selectFrom('panel_family as pf')
      .innerJoin('family_unit as fu', (j) => j.onRef('fu.id', '=', 'pf.family_unit_id').onRef('fu.local_authority_id', '=', 'pf.local_authority_id'))
      .leftJoin('team as t', (j) => j.onRef('t.id', '=', 'pf.team_id').onRef('t.local_authority_id', '=', 'pf.local_authority_id'))
      .leftJoin('support_case as sc', (j) => j.onRef('sc.id', '=', 'pf.case_id').onRef('sc.local_authority_id', '=', 'pf.local_authority_id'))
      .select(['pf.id', 'pf.family_unit_id', 'pf.run_id', 'pf.position', 'pf.evidence', 'pf.decision', 'pf.tier', 'pf.team_id', 'pf.refer_to', 'pf.reasons', 'pf.decided_at', 'pf.case_id', 'fu.reference', 'fu.name', 'fu.locality', 't.name as team_name', 'sc.reference as case_reference'])
      .where('pf.panel_id', '=', panelId)
      .orderBy('pf.position')
      .execute();
  },

  async panelFamily(tx: Tx, id: string) {
    return tx.selectFrom('panel_family').selectAll().where('id', '=', id).executeTakeFirst();
  },

  async insertPanelFamily(tx: Tx, row: Insertable<PanelFamilyTable>): Promise<void> {
    await tx.insertInto('panel_family').values(row).onConflict((oc) => oc.columns(['local_authority_id', 'panel_id', 'family_unit_id']).doNothing()).execute();
  },

  async maxPanelPosition(tx: Tx, panelId: string): Promise<number> {
    const r = await tx.selectFrom('panel_family').select((eb) => eb.fn.max('position').as('n')).where('panel_id', '=', panelId).executeTakeFirst();
    return Number(r?.n ?? 0);
  },

  async attendees(tx: Tx, panelId: string) {
    return tx.selectFrom('panel_attendee').select(['id', 'name', 'agency', 'role']).where('panel_id', '=', panelId).orderBy('name').execute();
  },

  async insertAttendee(tx: Tx, row: { local_authority_id: string; panel_id: string; name: string; agency: string; role: string | null }): Promise<void> {
    await tx.insertInto('panel_attendee').values(row).execute();
  },

  async recordDecision(
    tx: Tx,
    id: string,
    values: { decision: PanelFamilyTable['decision']; tier: PanelFamilyTable['tier']; team_id: string | null; refer_to: string | null; reasons: string; decided_by: string; case_id: string | null },
  ): Promise<void> {
    await tx.updateTable('panel_family').set({ ...values, decided_at: new Date() }).where('id', '=', id).execute();
  },

  async markPanelHeld(tx: Tx, panelId: string): Promise<void> {
    await tx.updateTable('panel').set({ status: 'held' }).where('id', '=', panelId).execute();
  },

  async teams(tx: Tx) {
    return tx.selectFrom('team').select(['id', 'name']).orderBy('name').execute();
  },
};
