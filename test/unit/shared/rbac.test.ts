import { describe, expect, it } from 'vitest';
import { hasPermission, identityForRole, PERMISSIONS, permissionsOfRoles, ROLE_PERMISSIONS } from '../../../src-shared/rbac';

describe('rbac table (SPEC section 4)', () => {
  it('gives each role exactly its permissions', () => {
    expect([...ROLE_PERMISSIONS.player].sort()).toEqual(['orchestration.turn.view', 'story.read']);
    expect([...ROLE_PERMISSIONS.story_master].sort()).toEqual(
      [
        'campaign.read',
        'campaign.write',
        'orchestration.turn.cancel',
        'orchestration.turn.execute',
        'orchestration.turn.view',
        'story.execute',
        'story.read',
      ].sort(),
    );
    expect([...ROLE_PERMISSIONS.developer].sort()).toEqual(
      ['metrics.admin', 'metrics.view', 'orchestration.turn.debug', 'orchestration.turn.view', 'story.read'].sort(),
    );
    expect([...ROLE_PERMISSIONS.admin].sort()).toEqual([...PERMISSIONS].sort());
  });

  it('unions the permissions of several roles without duplicates', () => {
    const union = permissionsOfRoles(['player', 'developer']);
    expect(new Set(union).size).toBe(union.length);
    expect(union).toContain('metrics.view');
    expect(union).not.toContain('orchestration.turn.execute');
  });

  it('answers permission checks from the identity', () => {
    expect(hasPermission(identityForRole('p', 'player'), 'orchestration.turn.execute')).toBe(false);
    expect(hasPermission(identityForRole('s', 'story_master'), 'orchestration.turn.execute')).toBe(true);
    expect(hasPermission(identityForRole('a', 'admin'), 'metrics.admin')).toBe(true);
  });
});
