// source_record.raw, the delivered row as Hearth read it (a JSON object of column → value, written
// by Hearth's own encoder, row-json.ts), is stored as text (docs/adr/2026-11-23-import-raw-text-and-event-checks.md).
// PostgreSQL's json type keeps exactly the same text but re-parses every value on the way in to
// check it; for a delivery that was a third of the server's work on source records, to check JSON
// Hearth had just written. Readers cast it where they look inside (raw::json ->> column), which
// parses only the rows they read.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table source_record alter column raw drop default, alter column raw type text using raw::text, alter column raw set default '{}';
    comment on column source_record.raw is 'The delivered row as a JSON object (column name to value), written by Hearth; text because only Hearth writes it and json would re-check every row of every delivery.';
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('The source_record raw text migration cannot be reversed; restore from a backup instead.');
}
