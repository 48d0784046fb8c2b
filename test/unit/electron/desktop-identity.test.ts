/**
 * The desktop operator's identity (issue 5 item 2): admin by default, a lower role for shared
 * workstations through NOVEL_CONSOLE_DESKTOP_ROLE, and a clear refusal of anything else.
 */
import { describe, expect, it } from 'vitest';
import { DesktopRoleError, desktopIdentity, parseDesktopRole } from '../../../src-main/electron/desktop-identity';
import { ROLES } from '../../../src-shared/rbac';

describe('the desktop identity', () => {
  it('is the local admin when no role is configured', () => {
    const identity = desktopIdentity({});
    expect(identity.roles).toEqual(['admin']);
    expect(identity.kind).toBe('local');
    expect(identity.userId).toMatch(/^desktop:/);
    expect(identity.permissions).toContain('story.admin');
    expect(desktopIdentity({ NOVEL_CONSOLE_DESKTOP_ROLE: '  ' }).roles).toEqual(['admin']);
  });

  it.each(ROLES)('takes the %s role from NOVEL_CONSOLE_DESKTOP_ROLE with exactly its permissions', (role) => {
    const identity = desktopIdentity({ NOVEL_CONSOLE_DESKTOP_ROLE: role });
    expect(identity.roles).toEqual([role]);
    expect(identity.permissions.includes('story.admin')).toBe(role === 'admin');
  });

  it('refuses an unknown role with a message naming the allowed values', () => {
    for (const value of ['Admin', 'root', 'admin,player']) {
      expect(() => parseDesktopRole(value)).toThrow(DesktopRoleError);
      expect(() => parseDesktopRole(value)).toThrow(/NOVEL_CONSOLE_DESKTOP_ROLE .*player, story_master, developer, admin/);
    }
  });
});
