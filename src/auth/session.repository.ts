import type { Tx } from '../db/tenant.ts';

export const sessionRepository = {
  async insert(tx: Tx, session: { id: string; local_authority_id: string; user_id: string; expires_at: Date; last_seen_at: Date }): Promise<void> {
    await tx.insertInto('user_session').values(session).execute();
  },

  /** System context: the council comes from the session itself. */
  async find(tx: Tx, id: string) {
    return tx
      .selectFrom('user_session')
      .innerJoin('app_user', (j) => j.onRef('app_user.id', '=', 'user_session.user_id').onRef('app_user.local_authority_id', '=', 'user_session.local_authority_id'))
      .select([
        'user_session.id',
        'user_session.local_authority_id',
        'user_session.created_at',
        'user_session.last_seen_at',
        'user_session.expires_at',
        'app_user.id as user_id',
        'app_user.email',
        'app_user.display_name',
        'app_user.role',
        'app_user.team_id',
        'app_user.organisation',
        'app_user.active',
      ])
      .where('user_session.id', '=', id)
      .executeTakeFirst();
  },

  async touch(tx: Tx, id: string, at: Date): Promise<void> {
    await tx.updateTable('user_session').set({ last_seen_at: at }).where('id', '=', id).execute();
  },

  async delete(tx: Tx, id: string): Promise<void> {
    await tx.deleteFrom('user_session').where('id', '=', id).execute();
  },

  async deleteExpired(tx: Tx, now: Date): Promise<void> {
    await tx.deleteFrom('user_session').where('expires_at', '<', now).execute();
  },
};
