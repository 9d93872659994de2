import type { Tx } from '../../db/tenant.ts';

export const tenancyRepository = {
  async findCouncilByCode(tx: Tx, code: string) {
    return tx.selectFrom('local_authority').select(['id', 'code', 'name']).where('code', '=', code).executeTakeFirst();
  },

  async insertCouncil(tx: Tx, council: { code: string; name: string }): Promise<string> {
    const row = await tx.insertInto('local_authority').values(council).returning('id').executeTakeFirstOrThrow();
    return row.id;
  },

  async council(tx: Tx, id: string) {
    return tx.selectFrom('local_authority').select(['id', 'code', 'name']).where('id', '=', id).executeTakeFirst();
  },

  async insertTeam(tx: Tx, team: { local_authority_id: string; name: string; caseload_guidance_min: number; caseload_guidance_max: number }): Promise<string> {
    const row = await tx.insertInto('team').values(team).returning('id').executeTakeFirstOrThrow();
    return row.id;
  },

  async team(tx: Tx, id: string) {
    return tx.selectFrom('team').select(['id', 'name', 'caseload_guidance_min', 'caseload_guidance_max']).where('id', '=', id).executeTakeFirst();
  },

  async teams(tx: Tx) {
    return tx.selectFrom('team').select(['id', 'name', 'caseload_guidance_min', 'caseload_guidance_max']).orderBy('name').execute();
  },
};
