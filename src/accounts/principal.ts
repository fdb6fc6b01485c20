/**
 * Who a logged-in staff member is and what they may do. Roles are held per agency; the supervisor role covers the
 * agency's whole subtree (a supervising office over many agencies). Authorisation is checked in services with
 * `assertPermission`, never only in templates (issue: foundation).
 */
import { Forbidden } from '../errors.ts';

/** Staff roles. */
export const ROLES = {
  admin: '管理员', // agency information, users, settings, calendar
  editor: '编辑', // drafts content and register records
  reviewer: '审核人', // reviews (保密审查) and publishes content
  case_handler: '承办人', // handles disclosure applications and mailbox letters
  auditor: '审计员', // reads everything, including the audit log; changes nothing
  supervisor: '监督员', // platform supervisor over an agency subtree: reads all, approves annual reports
} as const;
/** A staff role. */
export type Role = keyof typeof ROLES;
/** English names of the roles. */
export const ROLES_EN: Record<Role, string> = {
  admin: 'Administrator',
  editor: 'Editor',
  reviewer: 'Reviewer',
  case_handler: 'Case handler',
  auditor: 'Auditor',
  supervisor: 'Supervisor',
};

/** What can be done; each role lists the permissions it grants. */
export const PERMISSIONS = {
  'agency.read': ['admin', 'editor', 'reviewer', 'case_handler', 'auditor', 'supervisor'],
  'agency.edit': ['admin'],
  'users.manage': ['admin'],
  'settings.edit': ['admin'],
  'calendar.edit': ['admin'],
  'audit.read': ['auditor', 'admin', 'supervisor'],
  'content.draft': ['editor', 'admin'],
  'content.review': ['reviewer'],
  'content.read': ['admin', 'editor', 'reviewer', 'case_handler', 'auditor', 'supervisor'],
  'registers.edit': ['editor', 'admin'],
  'requests.handle': ['case_handler'],
  'requests.approve': ['reviewer', 'admin'],
  'requests.read': ['case_handler', 'reviewer', 'admin', 'auditor', 'supervisor'],
  'requests.unmask': ['case_handler'],
  'mailbox.reply': ['case_handler', 'editor'],
  'mailbox.unmask': ['case_handler'],
  'reports.edit': ['admin', 'editor'],
  'reports.approve': ['supervisor'],
  'monitoring.manage': ['admin', 'editor'],
} as const satisfies Record<string, readonly Role[]>;
/** A permission name. */
export type Permission = keyof typeof PERMISSIONS;

/** A role held at an agency. */
export interface RoleGrant {
  agencyId: string;
  role: Role;
}

/** The logged-in staff member, as services see them. */
export interface Principal {
  userId: string;
  username: string;
  displayName: string;
  grants: RoleGrant[];
  /** Agency ids covered by each supervisor grant, expanded to the subtree when the session is loaded. */
  supervisedAgencyIds: string[];
}

/** True when the principal holds `permission` at `agencyId`. */
export function hasPermission(p: Principal, permission: Permission, agencyId: string): boolean {
  const allowed = PERMISSIONS[permission] as readonly Role[];
  for (const g of p.grants) {
    if (g.role === 'supervisor') continue;
    if (g.agencyId === agencyId && allowed.includes(g.role)) return true;
  }
  return allowed.includes('supervisor') && p.supervisedAgencyIds.includes(agencyId);
}

/** Throws Forbidden unless the principal holds `permission` at `agencyId`. */
export function assertPermission(p: Principal | undefined, permission: Permission, agencyId: string): Principal {
  if (!p || !hasPermission(p, permission, agencyId)) throw new Forbidden();
  return p;
}

/** The agency ids where the principal holds `permission`. */
export function agenciesWithPermission(p: Principal, permission: Permission): string[] {
  const allowed = PERMISSIONS[permission] as readonly Role[];
  const ids = new Set<string>();
  for (const g of p.grants) if (g.role !== 'supervisor' && allowed.includes(g.role)) ids.add(g.agencyId);
  if (allowed.includes('supervisor')) for (const id of p.supervisedAgencyIds) ids.add(id);
  return [...ids];
}

/** The audit actor for a principal. */
export function actorOf(p: Principal, ip?: string): { userId: string; label: string; ip?: string } {
  return { userId: p.userId, label: p.username, ip };
}
