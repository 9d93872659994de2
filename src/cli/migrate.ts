import { loadConfig } from '../config/config.ts';
import { openDatabase } from '../db/database.ts';
import { migrateToLatest } from '../db/migrate.ts';

export default async function migrate(argv: string[]): Promise<number> {
  if (argv.includes('--help')) {
    console.log('Usage: hearth migrate\n\nBrings the database (DATABASE_URL, or the embedded one in ./data) to the current schema.');
    return 0;
  }
  const config = loadConfig();
  const database = await openDatabase(config.database);
  try {
    const result = await migrateToLatest(database.db);
    const applied = result.results?.filter((r) => r.status === 'Success').map((r) => r.migrationName) ?? [];
    console.log(applied.length ? `Applied ${applied.length} migration(s):\n  ${applied.join('\n  ')}` : 'The database is already at the current schema.');
    return 0;
  } finally {
    await database.close();
  }
}
