// The service navigation: each item shows only to people with its permission.
import type { Actor, Permission } from '../auth/permissions.ts';

interface NavItem {
  text: string;
  href: string;
  permission: Permission;
}

const ITEMS: NavItem[] = [
  { text: 'My caseload', href: '/caseload', permission: 'caseload:view' },
  { text: 'Team', href: '/team', permission: 'team:view' },
  { text: 'Front door', href: '/front-door', permission: 'referral:triage' },
  { text: 'Request support', href: '/requests/new', permission: 'referral:create' },
  { text: 'Families', href: '/families', permission: 'family:read' },
  { text: 'Approvals', href: '/approvals', permission: 'case:close:approve' },
  { text: 'Identify', href: '/identify', permission: 'identification:view' },
  { text: 'Prove', href: '/prove', permission: 'economics:view' },
  { text: 'Data', href: '/data', permission: 'data:manage' },
  { text: 'Audit log', href: '/admin/audit', permission: 'audit:view' },
  { text: 'Settings', href: '/settings', permission: 'settings:manage' },
  { text: 'Users', href: '/admin/users', permission: 'users:manage' },
];

export function navigationFor(actor: Actor | null, currentPath: string) {
  if (!actor) return [];
  return ITEMS.filter((item) => actor.permissions.has(item.permission)).map((item) => ({
    text: item.text,
    href: item.href,
    active: currentPath === item.href || currentPath.startsWith(`${item.href}/`),
  }));
}

/** Where each role lands after signing in. */
export function homeFor(actor: Actor): string {
  if (actor.permissions.has('caseload:view')) return actor.role === 'team_manager' ? '/team' : '/caseload';
  if (actor.permissions.has('family:read')) return '/families';
  if (actor.permissions.has('audit:view')) return '/admin/audit';
  return '/info';
}
