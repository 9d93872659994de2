// Every request's work runs in one transaction as the application role, with the council set,
// so PostgreSQL's row-level security keeps each council's rows to itself on both dialects.
import { sql, type Transaction } from 'kysely';
import type { DB } from './schema.ts';
import type { Db } from './database.ts';

export const APP_ROLE = 'hearth_app';

export type Tx = Transaction<DB>;

export async function withTenant<T>(db: Db, localAuthorityId: string, work: (tx: Tx) => Promise<T>): Promise<T> {
  return db.transaction().execute(async (tx) => {
    await sql`select set_config('app.local_authority_id', ${localAuthorityId}, true)`.execute(tx);
    await sql.raw(`set local role ${APP_ROLE}`).execute(tx);
    return work(tx);
  });
}

/**
 * Work that must see across councils: looking up a sign-in before the council is known, claiming
 * queued jobs, migrations and demo loading. It runs as the connecting (owner) role, which bypasses
 * row-level security, so keep these few and obvious.
 */
export async function withSystem<T>(db: Db, work: (tx: Tx) => Promise<T>): Promise<T> {
  return db.transaction().execute(work);
}
