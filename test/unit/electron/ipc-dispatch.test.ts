/**
 * The desktop transport's rules (SPEC section 4 "Electron", issue 5 item 8): a message is acted on only
 * when it comes from the window's own top-level frame showing the app, and then it goes through the
 * engine's real rpc with the desktop identity — the same validation, RBAC and audit trail as HTTP.
 */
import { describe, expect, it } from 'vitest';
import { desktopIdentity } from '../../../src-main/electron/desktop-identity';
import { createIpcDispatcher, type IpcSender } from '../../../src-main/electron/ipc-dispatch';
import { silentLogger } from '../../../src-main/engine/logger';
import { type AuditRecord, createRpc, type HandlerTable } from '../../../src-main/engine/rpc';

const isAppUrl = (url: string) => url.startsWith('file:///app/');

function appFrame(): IpcSender {
  const mainFrame = { url: 'file:///app/index.html' };
  return { senderFrame: mainFrame, sender: { mainFrame } };
}

function desktop(role?: string) {
  const calls: string[] = [];
  const audit: AuditRecord[] = [];
  const handlers = {
    'credentials.delete': ({ name }: { name: string }) => {
      calls.push(`credentials.delete ${name}`);
      return {
        deleted: true,
        credential: { name, description: 'd', set: false, source: null, environmentVariable: null },
      };
    },
    'system.health': () => {
      calls.push('system.health');
      throw new Error('disk exploded at /var/lib/secret-path');
    },
  } as unknown as HandlerTable;
  const rpc = createRpc({ handlers, logger: silentLogger(), audit: (record) => audit.push(record) });
  const identity = desktopIdentity(role === undefined ? {} : { NOVEL_CONSOLE_DESKTOP_ROLE: role });
  return { dispatcher: createIpcDispatcher({ rpc, identity, isAppUrl }), calls, audit, identity };
}

describe('IPC from the renderer', () => {
  it('carries the desktop operator (admin by default) into the rpc, which runs and audits the call', async () => {
    const { dispatcher, calls, audit, identity } = desktop();
    const result = await dispatcher.invoke(appFrame(), 'credentials.delete', { name: 'provider.apiKey' });
    expect(result).toMatchObject({ ok: true, value: { deleted: true } });
    expect(calls).toEqual(['credentials.delete provider.apiKey']);
    expect(audit).toEqual([expect.objectContaining({ action: 'credentials.delete', outcome: 'ok', identity })]);
  });

  it('refuses, through the same RBAC, what a lower desktop role may not do', async () => {
    const { dispatcher, calls, audit } = desktop('story_master');
    const result = await dispatcher.invoke(appFrame(), 'credentials.delete', { name: 'provider.apiKey' });
    expect(result).toEqual({ ok: false, error: { code: 'forbidden', message: expect.stringContaining('story.admin') } });
    expect(calls).toEqual([]);
    expect(audit).toEqual([expect.objectContaining({ action: 'credentials.delete', outcome: 'denied' })]);
  });

  it('acts on nothing from a subframe or a navigated-away frame, whatever the channel', async () => {
    const { dispatcher, calls, audit } = desktop();
    const mainFrame = { url: 'file:///app/index.html' };
    const subframe: IpcSender = { senderFrame: { url: 'file:///app/index.html' }, sender: { mainFrame } };
    const navigatedFrame = { url: 'https://evil.example/' };
    const navigated: IpcSender = { senderFrame: navigatedFrame, sender: { mainFrame: navigatedFrame } };
    const gone: IpcSender = { senderFrame: null, sender: { mainFrame } };
    for (const sender of [subframe, navigated, gone]) {
      expect(await dispatcher.invoke(sender, 'credentials.delete', { name: 'provider.apiKey' })).toEqual({
        ok: false,
        error: { code: 'forbidden', message: 'IPC from an untrusted frame' },
      });
      expect(dispatcher.admits(sender, 'subscribe')).toBe(false);
      expect(dispatcher.admits(sender, 'unsubscribe')).toBe(false);
    }
    expect(dispatcher.admits(appFrame(), 'subscribe')).toBe(true);
    expect(calls).toEqual([]);
    expect(audit).toEqual([]);
  });

  it('answers bad input with typed errors and never a stack trace', async () => {
    const { dispatcher } = desktop();
    expect(await dispatcher.invoke(appFrame(), 42, {})).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await dispatcher.invoke(appFrame(), 'x'.repeat(500), {})).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await dispatcher.invoke(appFrame(), 'no.such.channel', {})).toMatchObject({ ok: false, error: { code: 'not_found' } });
    const invalid = await dispatcher.invoke(appFrame(), 'credentials.delete', { name: '../etc/passwd' });
    expect(invalid).toMatchObject({ ok: false, error: { code: 'invalid_request', issues: [expect.objectContaining({ field: 'name' })] } });
    const failed = await dispatcher.invoke(appFrame(), 'system.health', {});
    expect(failed).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(JSON.stringify(failed)).not.toMatch(/secret-path|at .*\.ts/);
  });
});
