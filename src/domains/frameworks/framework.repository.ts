import { sql } from 'kysely';
import type { Tx } from '../../db/tenant.ts';
import type { DescriptorDef, FrameworkDefinition } from './rule.types.ts';
import type { VersionDefinition } from './framework.tables.ts';

function versionDefinition(def: FrameworkDefinition): VersionDefinition {
  const { descriptors: _d, code: _c, ...rest } = def;
  return rest;
}

export const frameworkRepository = {
  async codes(tx: Tx): Promise<string[]> {
    return (await tx.selectFrom('framework').select('code').execute()).map((r) => r.code);
  },

  /** Installs a framework definition as version 1, published. */
  async install(tx: Tx, localAuthorityId: string, def: FrameworkDefinition): Promise<void> {
    const fw = await tx.insertInto('framework').values({ local_authority_id: localAuthorityId, code: def.code, name: def.name }).returning('id').executeTakeFirstOrThrow();
    const v = await tx
      .insertInto('framework_version')
      .values({ local_authority_id: localAuthorityId, framework_id: fw.id, version: 1, definition: JSON.stringify(versionDefinition(def)), change_note: 'Shipped with Hearth', based_on_version_id: null, created_by: null, published_by: null })
      .returning('id')
      .executeTakeFirstOrThrow();
    await frameworkRepository.insertDescriptors(tx, localAuthorityId, v.id, def.descriptors);
    await tx.updateTable('framework_version').set({ status: 'published', published_at: new Date() }).where('id', '=', v.id).execute();
  },

  async insertDescriptors(tx: Tx, localAuthorityId: string, versionId: string, descriptors: DescriptorDef[], startAt = 0): Promise<void> {
    if (descriptors.length === 0) return;
    await tx
      .insertInto('framework_descriptor')
      .values(
        descriptors.map((d, i) => ({
          local_authority_id: localAuthorityId,
          version_id: versionId,
          position: startAt + i,
          code: d.code,
          headline: d.headline,
          name: d.name,
          description: d.description,
          severity: d.severity,
          local: d.local ?? false,
          rule: d.rule === null ? null : JSON.stringify(d.rule),
          provenance: JSON.stringify(d.provenance),
        })),
      )
      .execute();
  },

  async list(tx: Tx) {
    return tx
      .selectFrom('framework')
      .select([
        'framework.id',
        'framework.code',
        'framework.name',
        (eb) => eb.selectFrom('framework_version as v').select((v) => v.fn.max('v.version').as('n')).whereRef('v.framework_id', '=', 'framework.id').where('v.status', '=', 'published').as('published_version'),
        (eb) => eb.selectFrom('framework_version as v').select('v.id').whereRef('v.framework_id', '=', 'framework.id').where('v.status', '=', 'published').orderBy('v.version', 'desc').limit(1).as('published_id'),
        (eb) => eb.selectFrom('framework_version as v').select('v.id').whereRef('v.framework_id', '=', 'framework.id').where('v.status', '=', 'draft').limit(1).as('draft_id'),
      ])
      .orderBy('framework.code')
      .execute();
  },

  async versions(tx: Tx, frameworkId: string) {
    return tx
      .selectFrom('framework_version as v')
      .leftJoin('app_user as u', (j) => j.onRef('u.id', '=', 'v.published_by').onRef('u.local_authority_id', '=', 'v.local_authority_id'))
      .select(['v.id', 'v.version', 'v.status', 'v.change_note', 'v.created_at', 'v.published_at', 'u.display_name as published_by_name'])
      .where('v.framework_id', '=', frameworkId)
      .orderBy('v.version', 'desc')
      .execute();
  },

  async version(tx: Tx, versionId: string) {
    return tx
      .selectFrom('framework_version as v')
      .innerJoin('framework as f', (j) => j.onRef('f.id', '=', 'v.framework_id').onRef('f.local_authority_id', '=', 'v.local_authority_id'))
      .select(['v.id', 'v.framework_id', 'v.version', 'v.status', 'v.definition', 'v.change_note', 'v.created_at', 'v.published_at', 'v.based_on_version_id', 'f.code', 'f.name as framework_name'])
      .where('v.id', '=', versionId)
      .executeTakeFirst();
  },

  async latestPublishedByCode(tx: Tx, code: string) {
    return tx
      .selectFrom('framework_version as v')
      .innerJoin('framework as f', (j) => j.onRef('f.id', '=', 'v.framework_id').onRef('f.local_authority_id', '=', 'v.local_authority_id'))
      .select(['v.id', 'v.version'])
      .where('f.code', '=', code)
      .where('v.status', '=', 'published')
      .orderBy('v.version', 'desc')
      .executeTakeFirst();
  },

  async descriptors(tx: Tx, versionId: string) {
    return tx.selectFrom('framework_descriptor').selectAll().where('version_id', '=', versionId).orderBy('position').execute();
  },

  async descriptor(tx: Tx, versionId: string, code: string) {
    return tx.selectFrom('framework_descriptor').selectAll().where('version_id', '=', versionId).where('code', '=', code).executeTakeFirst();
  },

  /** The full definition of a version as the evaluator reads it. */
  async definition(tx: Tx, versionId: string): Promise<FrameworkDefinition | undefined> {
    const v = await frameworkRepository.version(tx, versionId);
    if (!v) return undefined;
    const rows = await frameworkRepository.descriptors(tx, versionId);
    return {
      ...(v.definition as VersionDefinition),
      code: v.code,
      descriptors: rows.map((r) => ({ code: r.code, headline: r.headline, name: r.name, description: r.description, severity: r.severity, local: r.local, rule: r.rule, provenance: r.provenance })),
    };
  },

  /** Every version's full definition, for the version history's comparisons (two queries). */
  async definitionsOfFramework(tx: Tx, frameworkId: string): Promise<Map<string, FrameworkDefinition>> {
    const versions = await tx
      .selectFrom('framework_version as v')
      .innerJoin('framework as f', (j) => j.onRef('f.id', '=', 'v.framework_id').onRef('f.local_authority_id', '=', 'v.local_authority_id'))
      .select(['v.id', 'v.definition', 'f.code'])
      .where('v.framework_id', '=', frameworkId)
      .execute();
    const rows = versions.length
      ? await tx.selectFrom('framework_descriptor').selectAll().where('version_id', 'in', versions.map((v) => v.id)).orderBy('version_id').orderBy('position').execute()
      : [];
    const out = new Map<string, FrameworkDefinition>();
    for (const v of versions) {
      const descriptors = rows.filter((r) => r.version_id === v.id).map((r) => ({ code: r.code, headline: r.headline, name: r.name, description: r.description, severity: r.severity, local: r.local, rule: r.rule, provenance: r.provenance }));
      out.set(v.id, { ...(v.definition as VersionDefinition), code: v.code, descriptors });
    }
    return out;
  },

  async nextVersionNumber(tx: Tx, frameworkId: string): Promise<number> {
    const row = await tx.selectFrom('framework_version').select((eb) => eb.fn.max('version').as('n')).where('framework_id', '=', frameworkId).executeTakeFirst();
    return Number(row?.n ?? 0) + 1;
  },

  /** A council's own framework: the framework row only (its first version is a draft, see insertVersion). */
  async insertFramework(tx: Tx, localAuthorityId: string, code: string, name: string): Promise<string> {
    const fw = await tx.insertInto('framework').values({ local_authority_id: localAuthorityId, code, name }).returning('id').executeTakeFirstOrThrow();
    return fw.id;
  },

  async frameworkByCode(tx: Tx, code: string) {
    return tx.selectFrom('framework').select(['id', 'code', 'name']).where('code', '=', code).executeTakeFirst();
  },

  async insertVersion(tx: Tx, row: { local_authority_id: string; framework_id: string; version: number; definition: VersionDefinition; based_on_version_id: string | null; created_by: string }): Promise<string> {
    const v = await tx.insertInto('framework_version').values({ ...row, definition: JSON.stringify(row.definition), change_note: null }).returning('id').executeTakeFirstOrThrow();
    return v.id;
  },

  async updateDraftDefinition(tx: Tx, versionId: string, definition: VersionDefinition): Promise<void> {
    await tx.updateTable('framework_version').set({ definition: JSON.stringify(definition) }).where('id', '=', versionId).where('status', '=', 'draft').execute();
  },

  async updateDescriptor(tx: Tx, id: string, d: DescriptorDef): Promise<void> {
    await tx
      .updateTable('framework_descriptor')
      .set({ headline: d.headline, name: d.name, description: d.description, severity: d.severity, local: d.local ?? false, rule: d.rule === null ? null : JSON.stringify(d.rule), provenance: JSON.stringify(d.provenance) })
      .where('id', '=', id)
      .execute();
  },

  async deleteDescriptor(tx: Tx, id: string): Promise<void> {
    await tx.deleteFrom('framework_descriptor').where('id', '=', id).execute();
  },

  async maxPosition(tx: Tx, versionId: string): Promise<number> {
    const row = await tx.selectFrom('framework_descriptor').select((eb) => eb.fn.max('position').as('n')).where('version_id', '=', versionId).executeTakeFirst();
    return Number(row?.n ?? -1);
  },

  async publish(tx: Tx, versionId: string, frameworkId: string, userId: string, note: string): Promise<void> {
    await tx.updateTable('framework_version').set({ status: 'superseded' }).where('framework_id', '=', frameworkId).where('status', '=', 'published').execute();
    await tx.updateTable('framework_version').set({ status: 'published', published_by: userId, published_at: new Date(), change_note: note }).where('id', '=', versionId).execute();
  },

  async runsOfVersion(tx: Tx, versionId: string): Promise<number> {
    const row = await tx.selectFrom('evaluation_run').select(sql<number>`count(*)`.as('n')).where('framework_version_id', '=', versionId).executeTakeFirstOrThrow();
    return Number(row.n);
  },
};
