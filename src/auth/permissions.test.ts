import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PERMISSIONS, ROLES, permissionsFor, recordScope, type Permission, type Role } from './permissions.ts';

const grid: Record<Role, Permission[]> = {
  keyworker: ['caseload:view', 'family:read', 'family:write', 'referral:create', 'outcomes:view'],
  team_manager: ['caseload:view', 'team:view', 'case:allocate', 'identification:view', 'panel:record', 'identification:view', 'panel:record', 'family:read', 'family:write', 'referral:create', 'referral:triage', 'case:close:approve', 'budget:approve', 'supervision:record', 'settings:manage', 'outcomes:view', 'claims:approve', 'economics:view'],
  data_manager: ['family:read', 'data:manage', 'identification:view', 'panel:record', 'outcomes:view', 'claims:build', 'economics:view', 'economics:manage', 'returns:manage'],
  partner: ['family:read', 'referral:create'],
  administrator: ['audit:view', 'users:manage', 'settings:manage'],
};

for (const role of ROLES) {
  test(`${role} has exactly its permissions`, () => {
    const granted = permissionsFor(role);
    for (const permission of PERMISSIONS) {
      assert.equal(granted.has(permission), grid[role].includes(permission), `${role} / ${permission}`);
    }
  });
}

const scopes: Array<[Role, string | null, ReturnType<typeof recordScope>]> = [
  ['keyworker', 't1', { kind: 'keyworker', userId: 'u1' }],
  ['team_manager', 't1', { kind: 'team', teamId: 't1' }],
  ['team_manager', null, { kind: 'none' }],
  ['data_manager', null, { kind: 'all' }],
  ['partner', null, { kind: 'taf', userId: 'u1' }],
  ['administrator', null, { kind: 'none' }],
];
for (const [role, teamId, expected] of scopes) {
  test(`record scope of ${role} (team ${teamId})`, () => {
    assert.deepEqual(recordScope({ id: 'u1', role, teamId }), expected);
  });
}

void test('no role both builds and approves payment-by-results claims', () => {
  for (const role of ROLES) {
    const granted = permissionsFor(role);
    assert.ok(!(granted.has('claims:build') && granted.has('claims:approve')), role);
  }
});
