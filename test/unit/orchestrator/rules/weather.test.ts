import { describe, expect, it } from 'vitest';
import { driftWeather } from '../../../../src-main/engine/orchestrator/rules/weather';

const draw = (value: number) => () => value;

describe('weather drift', () => {
  it('holds the weather on a draw below 0.6', () => {
    expect(driftWeather('rain', draw(0.59))).toBe('rain');
  });

  it('turns one step milder on a draw from 0.6 to 0.8, and one step harsher above', () => {
    expect(driftWeather('rain', draw(0.7))).toBe('wind');
    expect(driftWeather('rain', draw(0.8))).toBe('fog');
  });

  it('stays within the scale at both ends', () => {
    expect(driftWeather('clear', draw(0.7))).toBe('clear');
    expect(driftWeather('storm', draw(0.9))).toBe('storm');
  });

  it("holds a campaign's own weather until a drift brings it onto the scale", () => {
    expect(driftWeather('ashfall', draw(0.1))).toBe('ashfall');
    expect(driftWeather('ashfall', draw(0.9))).toBe('rain');
  });
});
