import type { Tx } from '../../db/tenant.ts';

export interface AuditEventInput {
  local_authority_id: string;
  actor_id: string | null;
  actor_name: string;
  action: string;
  subject_type: string;
  subject_id: string | null;
  correlation_id: string;
  details: Record<string, unknown>;
}

export interface AuditFilter {
  actor?: string;
  action?: string;
  subjectType?: string;
  subjectId?: string;
  from?: string;
  to?: string;
  page: number;
  pageSize: number;
}

export const auditRepository = {
  async insert(tx: Tx, event: AuditEventInput): Promise<void> {
    await tx.insertInto('audit_event').values({ ...event, details: JSON.stringify(event.details) }).execute();
  },

  async list(tx: Tx, filter: AuditFilter) {
    let query = tx.selectFrom('audit_event');
    if (filter.actor) query = query.where('actor_name', 'ilike', `%${filter.actor}%`);
    if (filter.action) query = query.where('action', '=', filter.action);
    if (filter.subjectType) query = query.where('subject_type', '=', filter.subjectType);
    if (filter.subjectId) query = query.where('subject_id', '=', filter.subjectId);
    if (filter.from) query = query.where('at', '>=', new Date(`${filter.from}T00:00:00Z`));
    if (filter.to) query = query.where('at', '<', new Date(new Date(`${filter.to}T00:00:00Z`).getTime() + 86_400_000));
    const [rows, total] = await Promise.all([
      query
        .select(['id', 'at', 'actor_name', 'action', 'subject_type', 'subject_id', 'correlation_id', 'details'])
        .orderBy('at', 'desc')
        .orderBy('id', 'desc')
        .limit(filter.pageSize)
        .offset((filter.page - 1) * filter.pageSize)
        .execute(),
      query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { rows, total: Number(total.n) };
  },

  async actions(tx: Tx): Promise<string[]> {
    const rows = await tx.selectFrom('audit_event').select('action').distinct().orderBy('action').execute();
    return rows.map((r) => r.action);
  },
};
