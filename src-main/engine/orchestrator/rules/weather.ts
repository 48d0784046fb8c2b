/**
 * Environment change of world_update: the weather drifts along a scale from clear to storm. Each turn it
 * holds with probability 0.6 and otherwise moves one step milder or harsher (bounded at both ends), drawn
 * from the turn's seeded PRNG. Weather outside the scale (a campaign's own "ashfall") holds until a drift
 * brings it onto the scale's middle.
 */
export const WEATHER_SCALE = ['clear', 'overcast', 'wind', 'rain', 'fog', 'storm'] as const;
export const WEATHER_HOLD_PROBABILITY = 0.6;

export function driftWeather(current: string, random: () => number): string {
  const draw = random();
  if (draw < WEATHER_HOLD_PROBABILITY) return current;
  const index = (WEATHER_SCALE as readonly string[]).indexOf(current);
  if (index === -1) return WEATHER_SCALE[Math.floor(WEATHER_SCALE.length / 2)] as string;
  const harsher = draw >= WEATHER_HOLD_PROBABILITY + (1 - WEATHER_HOLD_PROBABILITY) / 2;
  const next = Math.min(WEATHER_SCALE.length - 1, Math.max(0, index + (harsher ? 1 : -1)));
  return WEATHER_SCALE[next] as string;
}
