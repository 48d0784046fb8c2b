/**
 * /metrics renders the registry at most once per EXPOSITION_REUSE_MS: scrapes inside the window (and
 * scrapes that arrive while a rendering is still running) get the same text; the first scrape after the
 * window sees the registry as it is then; a rendering that failed is not served again.
 */
import { describe, expect, it } from 'vitest';
import { EXPOSITION_REUSE_MS, reusedFor } from '../../../src-main/server/metrics-routes';

function registryLike() {
  let value = 0;
  let renders = 0;
  let failNext = false;
  return {
    set(next: number) {
      value = next;
    },
    failNext() {
      failNext = true;
    },
    get renders() {
      return renders;
    },
    render: async () => {
      renders += 1;
      if (failNext) {
        failNext = false;
        throw new Error('collect failed');
      }
      return `demo_total ${value}\n`;
    },
  };
}

describe('reusedFor (the /metrics exposition reuse)', () => {
  it('keeps the window short enough for any scrape interval', () => {
    expect(EXPOSITION_REUSE_MS).toBeGreaterThan(0);
    expect(EXPOSITION_REUSE_MS).toBeLessThanOrEqual(1000);
  });

  it('answers scrapes inside the window with one rendering, and renders again after it', async () => {
    let clock = 1000;
    const registry = registryLike();
    const scrape = reusedFor(250, registry.render, () => clock);
    expect(await scrape()).toBe('demo_total 0\n');
    registry.set(5);
    clock += 249;
    expect(await scrape()).toBe('demo_total 0\n');
    expect(registry.renders).toBe(1);
    clock += 1;
    expect(await scrape()).toBe('demo_total 5\n');
    expect(registry.renders).toBe(2);
  });

  it('shares a rendering still in progress among concurrent scrapes', async () => {
    const registry = registryLike();
    const scrape = reusedFor(250, registry.render, () => 0);
    const answers = await Promise.all(Array.from({ length: 50 }, () => scrape()));
    expect(new Set(answers)).toEqual(new Set(['demo_total 0\n']));
    expect(registry.renders).toBe(1);
  });

  it('does not keep a failed rendering: the next scrape renders again', async () => {
    const registry = registryLike();
    const scrape = reusedFor(250, registry.render, () => 0);
    registry.failNext();
    await expect(scrape()).rejects.toThrow('collect failed');
    expect(await scrape()).toBe('demo_total 0\n');
    expect(registry.renders).toBe(2);
  });
});
