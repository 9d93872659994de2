import type { Tx } from '../../db/tenant.ts';

export type UserRow = {
  id: string;
  local_authority_id: string;
  email: string;
  display_name: string;
  role: string;
  team_id: string | null;
  organisation: string | null;
  password_hash: string | null;
  active: boolean;
};

const columns = ['id', 'local_authority_id', 'email', 'display_name', 'role', 'team_id', 'organisation', 'password_hash', 'active'] as const;

export const userRepository = {
  /** Across councils (system context): a sign-in does not know its council yet. */
  async findByEmail(tx: Tx, email: string): Promise<UserRow | undefined> {
    return tx.selectFrom('app_user').select(columns).where('email', '=', email.trim().toLowerCase()).executeTakeFirst();
  },

  async findByOidcSubject(tx: Tx, subject: string): Promise<UserRow | undefined> {
    return tx.selectFrom('app_user').select(columns).where('oidc_subject', '=', subject).executeTakeFirst();
  },

  async findById(tx: Tx, id: string): Promise<UserRow | undefined> {
    return tx.selectFrom('app_user').select(columns).where('id', '=', id).executeTakeFirst();
  },

  async linkOidcSubject(tx: Tx, id: string, subject: string): Promise<void> {
    await tx.updateTable('app_user').set({ oidc_subject: subject }).where('id', '=', id).execute();
  },

  async listKeyworkers(tx: Tx, teamId: string): Promise<Array<{ id: string; display_name: string }>> {
    return tx
      .selectFrom('app_user')
      .select(['id', 'display_name'])
      .where('team_id', '=', teamId)
      .where('role', 'in', ['keyworker', 'team_manager'])
      .where('active', '=', true)
      .orderBy('display_name')
      .execute();
  },

  async insert(
    tx: Tx,
    user: { local_authority_id: string; email: string; display_name: string; role: string; team_id: string | null; organisation: string | null; password_hash: string | null },
  ): Promise<string> {
    const row = await tx.insertInto('app_user').values({ ...user, email: user.email.toLowerCase() }).returning('id').executeTakeFirstOrThrow();
    return row.id;
  },

  async list(tx: Tx): Promise<Array<Omit<UserRow, 'password_hash'> & { team_name: string | null }>> {
    return tx
      .selectFrom('app_user')
      .leftJoin('team', (j) => j.onRef('team.id', '=', 'app_user.team_id').onRef('team.local_authority_id', '=', 'app_user.local_authority_id'))
      .select(['app_user.id', 'app_user.local_authority_id', 'app_user.email', 'app_user.display_name', 'app_user.role', 'app_user.team_id', 'app_user.organisation', 'app_user.active', 'team.name as team_name'])
      .orderBy('app_user.display_name')
      .execute();
  },
};
