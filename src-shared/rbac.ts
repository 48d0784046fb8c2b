/**
 * Roles and permissions of SPEC.md section 4, exactly. One table; every channel and route names one
 * of these permissions (or none, meaning any authenticated caller).
 */
export const PERMISSIONS = [
  'story.read',
  'story.execute',
  'story.admin',
  'orchestration.turn.view',
  'orchestration.turn.execute',
  'orchestration.turn.cancel',
  'orchestration.turn.debug',
  'campaign.read',
  'campaign.write',
  'campaign.admin',
  'metrics.view',
  'metrics.admin',
] as const;

export type Permission = (typeof PERMISSIONS)[number];

export const ROLES = ['player', 'story_master', 'developer', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  player: ['story.read', 'orchestration.turn.view'],
  story_master: [
    'story.read',
    'story.execute',
    'orchestration.turn.view',
    'orchestration.turn.execute',
    'orchestration.turn.cancel',
    'campaign.read',
    'campaign.write',
  ],
  developer: ['story.read', 'orchestration.turn.view', 'orchestration.turn.debug', 'metrics.view', 'metrics.admin'],
  admin: PERMISSIONS,
};

/** Who is calling: built from a verified token (headless, API) or the local operator (desktop). */
export interface Identity {
  userId: string;
  username: string;
  roles: readonly Role[];
  /** Effective permissions: the union of the roles' permissions and any granted directly. */
  permissions: readonly Permission[];
}

export function permissionsOfRoles(roles: readonly Role[]): Permission[] {
  const granted = new Set<Permission>();
  for (const role of roles) for (const permission of ROLE_PERMISSIONS[role]) granted.add(permission);
  return PERMISSIONS.filter((permission) => granted.has(permission));
}

export function identityForRole(userId: string, role: Role): Identity {
  return { userId, username: userId, roles: [role], permissions: permissionsOfRoles([role]) };
}

export function hasPermission(identity: Identity, permission: Permission): boolean {
  return identity.permissions.includes(permission);
}
