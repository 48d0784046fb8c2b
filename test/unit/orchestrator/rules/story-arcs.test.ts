import { describe, expect, it } from 'vitest';
import { storyArcsOf } from '../../../../src-main/engine/orchestrator/rules/story-arcs';

describe('story arcs', () => {
  it('maps conflict_resolution, cooperation_success and agent_agreement to their arcs', () => {
    expect(storyArcsOf([{ type: 'conflict_resolution' }])).toEqual(['character_conflict']);
    expect(storyArcsOf([{ type: 'cooperation_success' }])).toEqual(['alliance_building']);
    expect(storyArcsOf([{ type: 'agent_agreement' }])).toEqual(['relationship_development']);
  });

  it('lists each arc once, in table order, and ignores events without an arc', () => {
    expect(
      storyArcsOf([
        { type: 'agent_agreement' },
        { type: 'world_time_advanced' },
        { type: 'conflict_resolution' },
        { type: 'agent_agreement' },
        { type: 'agent_compromise' },
        { type: 'generic_interaction' },
      ]),
    ).toEqual(['character_conflict', 'relationship_development']);
  });
});
