import { parseArgs } from 'node:util';
import { loadConfig } from '../config/config.ts';
import { openDatabase } from '../db/database.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { withSystem, withTenant } from '../db/tenant.ts';
import { hashPassword, MIN_PASSWORD_LENGTH } from '../auth/password.ts';
import { isRole, ROLES } from '../auth/permissions.ts';
import { tenancyRepository } from '../domains/tenancy/tenancy.repository.ts';
import { userRepository } from '../domains/tenancy/user.repository.ts';

const USAGE = `Usage:
  hearth users list --council CODE
  hearth users add --council CODE --email EMAIL --name NAME --role ROLE [--team NAME] [--organisation ORG]
      (the password is read from the HEARTH_NEW_PASSWORD environment variable or standard input)

Roles: ${ROLES.join(', ')}`;

export default async function users(argv: string[]): Promise<number> {
  const [action, ...rest] = argv;
  if (!action || action === '--help' || !['list', 'add'].includes(action)) {
    console.log(USAGE);
    return action === '--help' ? 0 : 2;
  }
  const { values } = parseArgs({ args: rest, options: { council: { type: 'string' }, email: { type: 'string' }, name: { type: 'string' }, role: { type: 'string' }, team: { type: 'string' }, organisation: { type: 'string' } } });
  if (!values.council) {
    console.error('hearth users: --council CODE is required');
    return 2;
  }
  const database = await openDatabase(loadConfig().database);
  try {
    await migrateToLatest(database.db);
    const council = await withSystem(database.db, (tx) => tenancyRepository.findCouncilByCode(tx, values.council as string));
    if (!council) {
      console.error(`hearth users: no council with code ${values.council}`);
      return 2;
    }
    if (action === 'list') {
      const rows = await withTenant(database.db, council.id, (tx) => userRepository.list(tx));
      for (const u of rows) console.log(`${u.email.padEnd(40)} ${u.role.padEnd(14)} ${u.display_name}${u.team_name ? ` (${u.team_name})` : ''}`);
      return 0;
    }
    if (!values.email || !values.name || !values.role) {
      console.error('hearth users add: --email, --name and --role are required');
      return 2;
    }
    if (!isRole(values.role)) {
      console.error(`hearth users add: unknown role "${values.role}"; use one of ${ROLES.join(', ')}`);
      return 2;
    }
    const password = (await readPassword()).trim();
    if (password.length < MIN_PASSWORD_LENGTH) {
      console.error(`hearth users add: the password must be at least ${MIN_PASSWORD_LENGTH} characters`);
      return 2;
    }
    const role = values.role;
    await withTenant(database.db, council.id, async (tx) => {
      const teams = await tenancyRepository.teams(tx);
      const team = values.team ? teams.find((t) => t.name.toLowerCase() === values.team?.toLowerCase()) : undefined;
      if (values.team && !team) throw new Error(`no team named "${values.team}" (teams: ${teams.map((t) => t.name).join(', ')})`);
      await userRepository.insert(tx, { local_authority_id: council.id, email: values.email as string, display_name: values.name as string, role, team_id: team?.id ?? null, organisation: values.organisation ?? null, password_hash: await hashPassword(password) });
    });
    console.log(`Added ${values.email} as ${role}.`);
    return 0;
  } finally {
    await database.close();
  }
}

async function readPassword(): Promise<string> {
  const fromEnv = process.env.HEARTH_NEW_PASSWORD;
  if (fromEnv) return fromEnv;
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
