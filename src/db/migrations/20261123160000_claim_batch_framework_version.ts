// A claim batch records the council's framework version it applied (the published version when the
// batch was started), so it is built, and can always be explained, by exactly that version.
// claim_batch.framework_version was, and stays, the claim scheme version (claim_scheme.version).
// Batches started before this migration keep null: they were decided by the shipped definition.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table claim_batch
      add column framework_version_id uuid,
      add column framework_version_number integer check (framework_version_number >= 1),
      add foreign key (local_authority_id, framework_version_id) references framework_version(local_authority_id, id),
      add check ((framework_version_id is null) = (framework_version_number is null));
    comment on column claim_batch.framework_version is 'The claim scheme version (claim_scheme.version) whose rules and rates the batch applied';
    comment on column claim_batch.framework_version_id is 'The council''s framework version (framework_version.id) whose definition the batch applied';
    comment on column claim_batch.framework_version_number is 'framework_version.version of framework_version_id, for display';
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('This migration cannot be reversed; restore from a backup instead.');
}
