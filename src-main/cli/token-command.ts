/**
 * `novel-console token …`: mint a token for a role (optionally scoped to one campaign) with an expiry,
 * list and revoke them — the same channels as Settings, called as the local operator. `mint` prints only
 * the token on stdout (so `TOKEN=$(novel-console token mint …)` works) and its details on stderr.
 */
import { Command, InvalidArgumentError, Option } from 'commander';
import type { TokenInfo } from '../../src-shared/domain/security';
import { MAX_TTL_S, ttlSeconds } from '../../src-shared/domain/security';
import { ROLES } from '../../src-shared/rbac';
import type { Host } from '../engine/host';
import { cliOperator } from './operator';

export interface TokenCommandDeps {
  dataDirOption(): Option;
  openHost(dataDir: string): Host;
}

function parseTtl(value: string): string {
  const seconds = ttlSeconds(value);
  if (seconds === undefined || seconds > MAX_TTL_S) throw new InvalidArgumentError('a lifetime such as 30m, 8h or 7d (at most 365d)');
  return value;
}

function describe(info: TokenInfo): string {
  const scope = info.campaignId ? `campaign ${info.campaignId}` : 'all campaigns';
  return `${info.id}  ${info.status.padEnd(7)}  ${info.role.padEnd(12)}  ${scope.padEnd(24)}  expires ${info.expiresAt}  ${info.kind}${info.label ? `  "${info.label}"` : ''}`;
}

async function withHost<T>(deps: TokenCommandDeps, dataDir: string, work: (host: Host) => Promise<T>): Promise<T> {
  const host = deps.openHost(dataDir);
  try {
    return await work(host);
  } finally {
    await host.close();
  }
}

export function tokenCommand(deps: TokenCommandDeps): Command {
  const command = new Command('token').description('mint, list and revoke API tokens (JWTs signed with the key in the OS keychain)');

  command
    .command('mint')
    .description('mint a token for a role; prints the token once')
    .addOption(new Option('--role <role>', 'role the token carries').choices(ROLES).makeOptionMandatory())
    .option('--campaign <id>', 'scope the token to one campaign')
    .addOption(new Option('--ttl <lifetime>', 'lifetime, e.g. 30m, 8h, 7d').argParser(parseTtl).default('8h'))
    .option('--label <text>', 'who or what the token is for', '')
    .option('--subject <name>', 'the token subject (sub); default derived from the label or role')
    .addOption(deps.dataDirOption())
    .action(
      async (flags: { role: (typeof ROLES)[number]; campaign?: string; ttl: string; label: string; subject?: string; dataDir: string }) => {
        const minted = await withHost(deps, flags.dataDir, (host) =>
          host.rpc.invoke(
            'tokens.mint',
            {
              role: flags.role,
              ttl: flags.ttl,
              label: flags.label,
              ...(flags.campaign ? { campaignId: flags.campaign } : {}),
              ...(flags.subject ? { subject: flags.subject } : {}),
            },
            cliOperator(),
            'cli',
          ),
        );
        process.stderr.write(`minted ${describe(minted.info)}\n(the token is shown once; store it now)\n`);
        process.stdout.write(`${minted.token}\n`);
      },
    );

  command
    .command('list')
    .description('list minted tokens (never their values)')
    .option('--all', 'include expired and revoked tokens')
    .addOption(deps.dataDirOption())
    .action(async (flags: { all?: boolean; dataDir: string }) => {
      const { tokens } = await withHost(deps, flags.dataDir, (host) =>
        host.rpc.invoke('tokens.list', { includeInactive: flags.all ?? false }, cliOperator(), 'cli'),
      );
      if (tokens.length === 0)
        process.stdout.write(flags.all ? 'no tokens minted\n' : 'no active tokens (--all shows expired and revoked ones)\n');
      for (const info of tokens) process.stdout.write(`${describe(info)}\n`);
    });

  command
    .command('revoke')
    .description('revoke a token by its id (jti): every later request with it gets 401')
    .argument('<id>', 'token id as shown by token list')
    .addOption(deps.dataDirOption())
    .action(async (id: string, flags: { dataDir: string }) => {
      const answer = await withHost(deps, flags.dataDir, (host) => host.rpc.invoke('tokens.revoke', { tokenId: id }, cliOperator(), 'cli'));
      process.stdout.write(answer.revoked ? `revoked ${describe(answer.info)}\n` : `already revoked: ${describe(answer.info)}\n`);
    });

  return command;
}
