/**
 * Who the desktop face acts as (issue 5 item 2): the local operator, admin by default, or a lower role
 * for a shared workstation via NOVEL_CONSOLE_DESKTOP_ROLE. Every IPC call carries this identity into the
 * engine's rpc, so the desktop goes through the same RBAC and audit as HTTP. No Electron import: tested
 * in plain Node.
 */
import { userInfo } from 'node:os';
import { type Identity, identityForRole, isRole, ROLES, type Role } from '../../src-shared/rbac';

export const DESKTOP_ROLE_VARIABLE = 'NOVEL_CONSOLE_DESKTOP_ROLE';
export const DEFAULT_DESKTOP_ROLE: Role = 'admin';

/** A role the desktop cannot start with; its message names the allowed values. */
export class DesktopRoleError extends Error {}

export function parseDesktopRole(value: string | undefined): Role {
  const trimmed = value?.trim();
  if (trimmed === undefined || trimmed === '') return DEFAULT_DESKTOP_ROLE;
  if (isRole(trimmed)) return trimmed;
  throw new DesktopRoleError(
    `${DESKTOP_ROLE_VARIABLE} is "${trimmed}"; use one of ${ROLES.join(', ')} (or leave it unset for ${DEFAULT_DESKTOP_ROLE})`,
  );
}

function operatorName(): string {
  try {
    return userInfo().username;
  } catch {
    return process.env.USER ?? 'operator';
  }
}

/** The desktop operator's identity from the environment; throws DesktopRoleError for an invalid role. */
export function desktopIdentity(env: NodeJS.ProcessEnv = process.env): Identity {
  return identityForRole(`desktop:${operatorName()}`, parseDesktopRole(env[DESKTOP_ROLE_VARIABLE]));
}
