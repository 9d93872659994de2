// The closed list of permissions, and what each role may do. Routes check a permission;
// record-level access (whose families) is decided by recordScope().

export const PERMISSIONS = [
  'caseload:view', // see my own caseload
  'team:view', // see the team's caseloads
  'case:allocate', // allocate or reallocate a case to a keyworker
  'family:read', // open a family's record (within record scope)
  'family:write', // record work on a family (within record scope)
  'audit:view', // read the audit log
  'users:manage', // manage user accounts
  'data:manage', // data sources, imports, linkage, frameworks
  'identification:view', // evaluation runs, candidate families and their evidence, needs over time
  'panel:record', // put candidates to a multi-agency panel and record its decisions
  'identification:view', // evaluation runs, candidate families and their evidence, needs over time
  'panel:record', // put candidates to a multi-agency panel and record its decisions
  'referral:create', // make a request for support (front door)
  'referral:triage', // screen requests and record the triage decision
  'case:close:approve', // approve or reject a case closure
  'budget:approve', // approve or reject family budget spending
  'supervision:record', // record case supervision
  'settings:manage', // the council's casework settings and assessment forms
  'outcomes:view', // progress against each family's needs (within record scope)
  'claims:build', // build payment-by-results claim batches, draw nothing, approve nothing
  'claims:approve', // approve and lock a batch someone else built, reverse claims, audit samples
  'economics:view', // agency contacts, unit costs and cost-benefit for cohorts
  'economics:manage', // load and edit unit costs and the programme's cost settings
  'returns:manage', // generate, validate, download and record national returns and extracts
] as const;

export type Permission = (typeof PERMISSIONS)[number];

export const ROLES = ['keyworker', 'team_manager', 'data_manager', 'partner', 'administrator'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  keyworker: 'Keyworker',
  team_manager: 'Team manager',
  data_manager: 'Data manager',
  partner: 'Partner practitioner',
  administrator: 'Administrator',
};

const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  keyworker: ['caseload:view', 'family:read', 'family:write', 'referral:create', 'outcomes:view'],
  team_manager: ['caseload:view', 'team:view', 'case:allocate', 'identification:view', 'panel:record', 'identification:view', 'panel:record', 'family:read', 'family:write', 'referral:create', 'referral:triage', 'case:close:approve', 'budget:approve', 'supervision:record', 'settings:manage', 'outcomes:view', 'claims:approve', 'economics:view'],
  data_manager: ['family:read', 'data:manage', 'identification:view', 'panel:record', 'outcomes:view', 'claims:build', 'economics:view', 'economics:manage', 'returns:manage'],
  partner: ['family:read', 'referral:create'],
  administrator: ['audit:view', 'users:manage', 'settings:manage'],
};

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

export function permissionsFor(role: Role): ReadonlySet<Permission> {
  return new Set(ROLE_PERMISSIONS[role]);
}

/** Which families a person may open. "Not found" and "not allowed" look the same outside this. */
export type RecordScope =
  | { kind: 'all' }
  | { kind: 'keyworker'; userId: string }
  | { kind: 'team'; teamId: string }
  | { kind: 'taf'; userId: string }
  | { kind: 'none' };

export interface Actor {
  id: string;
  localAuthorityId: string;
  displayName: string;
  email: string;
  role: Role;
  teamId: string | null;
  organisation: string | null;
  permissions: ReadonlySet<Permission>;
}

export function recordScope(actor: Pick<Actor, 'id' | 'role' | 'teamId'>): RecordScope {
  switch (actor.role) {
    case 'keyworker':
      return { kind: 'keyworker', userId: actor.id };
    case 'team_manager':
      return actor.teamId ? { kind: 'team', teamId: actor.teamId } : { kind: 'none' };
    case 'data_manager':
      return { kind: 'all' };
    case 'partner':
      return { kind: 'taf', userId: actor.id };
    case 'administrator':
      return { kind: 'none' };
  }
}

export function can(actor: Pick<Actor, 'permissions'>, permission: Permission): boolean {
  return actor.permissions.has(permission);
}

/** Who did something, and within which request: passed from routes to services. */
export interface RequestContext {
  actor: Actor;
  correlationId: string;
}
