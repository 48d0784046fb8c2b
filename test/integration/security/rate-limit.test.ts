/**
 * SPEC's abuse limit over real HTTP (issue 5, Tests): at most 100 requests a minute per subject — per
 * address when the caller is unauthenticated — and the 101st is 429 `rate_limited` with Retry-After;
 * another subject is still served meanwhile. A console session (the headless UI, exchanged from the
 * login URL's token) gets ten times the budget.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_RATE_LIMIT, SESSION_RATE_FACTOR } from '../../../src-main/server/http-server';
import { type HttpAnswer, type SecurityServer, startSecurityServer } from './security-server';

let fx: SecurityServer;

beforeAll(async () => {
  // The default limit, as `novel-console serve` runs it.
  fx = await startSecurityServer();
});

afterAll(async () => {
  await fx?.close();
});

/** `count` calls of system.health, in small concurrent batches (keeps the minute window far away). */
async function burst(count: number, token: string | null): Promise<HttpAnswer[]> {
  const answers: HttpAnswer[] = [];
  for (let sent = 0; sent < count; sent += 10) {
    const batch = Array.from({ length: Math.min(10, count - sent) }, () => fx.rpc('system.health', {}, token));
    answers.push(...(await Promise.all(batch)));
  }
  return answers;
}

function expectRateLimited(answer: HttpAnswer): void {
  expect(answer.status, answer.text).toBe(429);
  expect(answer.body).toEqual({ error: { code: 'rate_limited', message: expect.stringMatching(/too many requests/) } });
  const retryAfter = Number(answer.headers.get('retry-after'));
  expect(Number.isInteger(retryAfter), `Retry-After: ${answer.headers.get('retry-after')}`).toBe(true);
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(60);
}

describe('rate limit (100 requests a minute per subject)', () => {
  it('is 100 by default', () => {
    expect(DEFAULT_RATE_LIMIT).toBe(100);
  });

  it('serves 100 calls of one token, refuses the 101st with 429 and Retry-After, and still serves another subject', async () => {
    const { token } = await fx.mint('developer', { subject: 'rate-limit-first' });
    const served = await burst(DEFAULT_RATE_LIMIT, token);
    expect(served.map((answer) => answer.status)).toEqual(Array(DEFAULT_RATE_LIMIT).fill(200));
    expect(served.at(-1)?.headers.get('x-ratelimit-limit')).toBe(String(DEFAULT_RATE_LIMIT));
    expect(served.at(-1)?.headers.get('x-ratelimit-remaining')).toBe('0');

    const refused = await fx.rpc('system.health', {}, token);
    expectRateLimited(refused);
    // The refusal is per subject, not per route: the /v1 API shares the budget.
    expectRateLimited(await fx.call('GET', '/v1/turns', { token }));

    const { token: other } = await fx.mint('developer', { subject: 'rate-limit-second' });
    const answer = await fx.rpc('system.health', {}, other);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('x-ratelimit-remaining')).toBe(String(DEFAULT_RATE_LIMIT - 1));
  });

  it('limits unauthenticated calls per address: the 101st is 429, not 401', async () => {
    const anonymous = await burst(DEFAULT_RATE_LIMIT, null);
    expect(new Set(anonymous.map((answer) => answer.status))).toEqual(new Set([401]));
    expectRateLimited(await fx.rpc('system.health', {}, null));
    // A bad token is no way around it: it counts against the address too.
    expectRateLimited(await fx.rpc('system.health', {}, 'not-a-token'));
    // Authenticated callers from the same address are counted by subject and still served.
    const { token } = await fx.mint('player', { subject: 'rate-limit-after-anonymous' });
    expect((await fx.rpc('system.health', {}, token)).status).toBe(200);
  });

  it('gives a console session ten times the budget', async () => {
    const { token: login } = await fx.host.services.tokens.mintLogin(300);
    const session = await fx.rpc('auth.session', {}, login);
    expect(session.status, session.text).toBe(200);
    const answer = await fx.rpc('auth.whoami', {}, session.body.token);
    expect(answer.status).toBe(200);
    expect(answer.body.kind).toBe('session');
    expect(answer.headers.get('x-ratelimit-limit')).toBe(String(DEFAULT_RATE_LIMIT * SESSION_RATE_FACTOR));
    expect(SESSION_RATE_FACTOR * DEFAULT_RATE_LIMIT).toBe(1000);
    // An API token of the same role keeps the plain budget.
    const { token } = await fx.mint('admin', { subject: 'rate-limit-api-admin' });
    expect((await fx.rpc('auth.whoami', {}, token)).headers.get('x-ratelimit-limit')).toBe(String(DEFAULT_RATE_LIMIT));
  });
});
