/**
 * Addresses of the Runbooks page: the list, the editor of a new runbook, one runbook (for an alert, with
 * its fingerprint in the query), its editor and its history.
 */
import { describe, expect, it } from 'vitest';
import { alertOfHash, parseRunbooksRoute, runbooksHref } from '../../../../../src-renderer/src/pages/runbooks/runbooks-route';
import { hashSegments } from '../../../../../src-renderer/src/shell/hash-route';

const route = (hash: string) => parseRunbooksRoute(hashSegments(hash).slice(1), hash);

describe('runbooks routes', () => {
  it('reads every view from its address', () => {
    expect(route('#/runbooks')).toEqual({ view: 'list' });
    expect(route('#/runbooks/new')).toEqual({ view: 'new' });
    expect(route('#/runbooks/memory-high')).toEqual({ view: 'runbook', slug: 'memory-high', alert: null });
    expect(route('#/runbooks/memory-high?alert=0123456789abcdef')).toEqual({
      view: 'runbook',
      slug: 'memory-high',
      alert: '0123456789abcdef',
    });
    expect(route('#/runbooks/memory-high/edit')).toEqual({ view: 'edit', slug: 'memory-high' });
    expect(route('#/runbooks/memory-high/history')).toEqual({ view: 'history', slug: 'memory-high', version: null });
    expect(route('#/runbooks/memory-high/history/3')).toEqual({ view: 'history', slug: 'memory-high', version: 3 });
  });

  it('names what it cannot read, and ignores an alert that is no fingerprint', () => {
    expect(route('#/runbooks/new/edit')).toEqual({ view: 'unknown', path: 'new/edit' });
    expect(route('#/runbooks/x/history/latest')).toEqual({ view: 'unknown', path: 'x/history/latest' });
    expect(route('#/runbooks/x/y/z/w')).toEqual({ view: 'unknown', path: 'x/y/z/w' });
    expect(alertOfHash('#/runbooks/x?alert=<script>')).toBeNull();
    expect(alertOfHash('#/runbooks/x')).toBeNull();
  });

  it('builds the addresses it reads back', () => {
    for (const href of [
      runbooksHref.list(),
      runbooksHref.create(),
      runbooksHref.runbook('turn-latency-high'),
      runbooksHref.runbook('turn-latency-high', 'fedcba9876543210'),
      runbooksHref.edit('turn-latency-high'),
      runbooksHref.history('turn-latency-high'),
      runbooksHref.history('turn-latency-high', 0),
    ])
      expect(route(href).view).not.toBe('unknown');
    expect(route(runbooksHref.runbook('a', 'fedcba9876543210'))).toEqual({ view: 'runbook', slug: 'a', alert: 'fedcba9876543210' });
    expect(route(runbooksHref.history('a', 0))).toEqual({ view: 'history', slug: 'a', version: 0 });
  });
});
