/**
 * Roles and permissions of SPEC.md section 4, exactly. One table; every channel and route names one
 * of these permissions (or none, meaning any authenticated caller), and `authorize` is the one rule
 * that decides, campaign scope included.
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

/**
 * Security administration (tokens, credentials, the audit log) belongs to admins only. Of SPEC's
 * permissions only story.admin and campaign.admin are held by no other role; campaign.admin already means
 * "every campaign", so the console's own administration is story.admin.
 */
export const SECURITY_ADMIN_PERMISSION: Permission = 'story.admin';

/** Per-campaign grants of a scoped token: `{ campaignId: [permission] }` (SPEC's campaign_access claim). */
export type CampaignAccess = Readonly<Record<string, readonly Permission[]>>;

/** How the caller got in: a bearer token (API), a console session (the headless UI), or the local operator. */
export type IdentityKind = 'token' | 'session' | 'local';

/** Who is calling: built from a verified token (headless, API) or the local operator (desktop, CLI). */
export interface Identity {
  userId: string;
  username: string;
  roles: readonly Role[];
  /** Effective permissions: the union of the roles' permissions and any granted directly. */
  permissions: readonly Permission[];
  /** Null for an unscoped caller (its permissions hold in every campaign); otherwise its campaigns. */
  campaignAccess: CampaignAccess | null;
  kind: IdentityKind;
  /** The token's jti (revocation, audit); null for the local operator. */
  tokenId: string | null;
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

export function isPermission(value: unknown): value is Permission {
  return typeof value === 'string' && (PERMISSIONS as readonly string[]).includes(value);
}

export function permissionsOfRoles(roles: readonly Role[]): Permission[] {
  const granted = new Set<Permission>();
  for (const role of roles) for (const permission of ROLE_PERMISSIONS[role]) granted.add(permission);
  return PERMISSIONS.filter((permission) => granted.has(permission));
}

/** The local operator (desktop face, CLI): a role, no token, every campaign. */
export function identityForRole(userId: string, role: Role): Identity {
  return {
    userId,
    username: userId,
    roles: [role],
    permissions: permissionsOfRoles([role]),
    campaignAccess: null,
    kind: 'local',
    tokenId: null,
  };
}

export function hasPermission(identity: Identity, permission: Permission): boolean {
  return identity.permissions.includes(permission);
}

/** The role shown in metrics and audit entries: the most privileged of the caller's roles. */
export function primaryRole(identity: Identity): Role | 'none' {
  for (let index = ROLES.length - 1; index >= 0; index--) {
    const role = ROLES[index] as Role;
    if (identity.roles.includes(role)) return role;
  }
  return 'none';
}

/**
 * SPEC's rule: the permission must be held; inside a campaign, a scoped caller also needs it in
 * campaign_access[campaign], unless it holds campaign.admin (which passes everywhere).
 */
export function authorize(identity: Identity, permission: Permission, campaignId?: string | null): boolean {
  if (!identity.permissions.includes(permission)) return false;
  if (campaignId === undefined || campaignId === null || identity.campaignAccess === null) return true;
  if (identity.permissions.includes('campaign.admin')) return true;
  return identity.campaignAccess[campaignId]?.includes(permission) ?? false;
}

/**
 * Which campaigns a caller may see with a permission: null = all of them, otherwise the list (lists and
 * searches filter by it).
 */
export function campaignsVisible(identity: Identity, permission: Permission): readonly string[] | null {
  if (identity.campaignAccess === null || identity.permissions.includes('campaign.admin')) return null;
  return Object.entries(identity.campaignAccess)
    .filter(([, granted]) => granted.includes(permission))
    .map(([campaignId]) => campaignId);
}
