/**
 * `novel-console secret list|set NAME|delete NAME`: the console's secrets in the OS keychain from a
 * terminal, through the same credentials channels (and RBAC and audit) as Settings. A value is read from
 * stdin — hidden when typed at a terminal — and never from argv, which any user can read in `ps`:
 *   printf %s "$KEY" | novel-console secret set provider.apiKey
 */
import { Command, type Option } from 'commander';
import type { ResponseOf } from '../../src-shared/contract';
import type { Host } from '../engine/host';
import { cliOperator } from './operator';

export interface SecretCommandDeps {
  dataDirOption(): Option;
  openHost(dataDir: string): Host;
}

/** Longest value accepted (the channel's own bound); a larger stdin is refused, not truncated. */
const MAX_VALUE_CHARS = 16_384;

class SecretInputError extends Error {}

/** Everything piped in, less one trailing newline (`echo "$KEY" |` adds one). */
async function readPiped(stream: NodeJS.ReadStream): Promise<string> {
  let text = '';
  stream.setEncoding('utf8');
  for await (const chunk of stream) {
    text += chunk as string;
    if (text.length > MAX_VALUE_CHARS + 2) throw new SecretInputError(`the value on stdin is longer than ${MAX_VALUE_CHARS} characters`);
  }
  return text.replace(/\r?\n$/, '');
}

/** One line typed at a terminal without echo; Ctrl-C aborts. */
function readHidden(stream: NodeJS.ReadStream, prompt: string): Promise<string> {
  process.stderr.write(prompt);
  return new Promise((resolve, reject) => {
    let value = '';
    const finish = (error?: Error) => {
      stream.setRawMode(false);
      stream.pause();
      stream.off('data', onData);
      process.stderr.write('\n');
      if (error) reject(error);
      else resolve(value);
    };
    const onData = (chunk: string) => {
      for (const char of chunk) {
        if (char === '\r' || char === '\n') return finish();
        if (char === '\u0003') return finish(new SecretInputError('cancelled'));
        if (char === '\u007f' || char === '\b') value = value.slice(0, -1);
        else if (char >= ' ') value += char;
      }
    };
    stream.setEncoding('utf8');
    stream.setRawMode(true);
    stream.on('data', onData);
    stream.resume();
  });
}

async function readValue(name: string): Promise<string> {
  const stdin = process.stdin;
  const value = stdin.isTTY ? await readHidden(stdin, `value for ${name} (hidden): `) : await readPiped(stdin);
  if (value.length === 0) {
    throw new SecretInputError(`no value on stdin for ${name}; pipe it in, e.g. printf %s "$KEY" | novel-console secret set ${name}`);
  }
  return value;
}

function describeList(list: ResponseOf<'credentials.list'>): string {
  const lines = [
    list.keychainAvailable ? 'OS keychain: available' : `OS keychain: ${list.keychainProblem ?? 'unavailable'}`,
    ...list.credentials.map((credential) => {
      const where = credential.source === null ? 'not set' : `set (${credential.source})`;
      const fallback = credential.environmentVariable ? `  env ${credential.environmentVariable}` : '';
      return `  ${credential.name.padEnd(28)} ${where.padEnd(18)}${fallback}`.trimEnd();
    }),
  ];
  return lines.join('\n');
}

async function withHost<T>(deps: SecretCommandDeps, dataDir: string, work: (host: Host) => Promise<T>): Promise<T> {
  const host = deps.openHost(dataDir);
  try {
    return await work(host);
  } finally {
    await host.close();
  }
}

export function secretCommand(deps: SecretCommandDeps): Command {
  const secret = new Command('secret').description('list, set and delete the secrets kept in the OS keychain (never shown)');

  secret
    .command('list')
    .description('which secrets are set and where from (keychain or environment); never their values')
    .option('--json', 'print as JSON')
    .addOption(deps.dataDirOption())
    .action(async (flags: { dataDir: string; json?: boolean }) => {
      const list = await withHost(deps, flags.dataDir, (host) => host.rpc.invoke('credentials.list', {}, cliOperator()));
      process.stdout.write(`${flags.json ? JSON.stringify(list, null, 2) : describeList(list)}\n`);
    });

  secret
    .command('set')
    .description('set or replace a secret; the value is read from stdin, never from the command line')
    .argument('<name>', 'provider.apiKey, auth.jwtSigningKey or channel.<id>.secret')
    .addOption(deps.dataDirOption())
    .action(async (name: string, flags: { dataDir: string }) => {
      let value: string;
      try {
        value = await readValue(name);
      } catch (error) {
        if (error instanceof SecretInputError) {
          process.stderr.write(`novel-console: ${error.message}\n`);
          process.exitCode = 1;
          return;
        }
        throw error;
      }
      const { credential } = await withHost(deps, flags.dataDir, (host) =>
        host.rpc.invoke('credentials.set', { name, value }, cliOperator()),
      );
      process.stdout.write(`${credential.name} set in the OS keychain\n`);
    });

  secret
    .command('delete')
    .description('delete a secret from the OS keychain')
    .argument('<name>', 'provider.apiKey, auth.jwtSigningKey or channel.<id>.secret')
    .addOption(deps.dataDirOption())
    .action(async (name: string, flags: { dataDir: string }) => {
      const { deleted, credential } = await withHost(deps, flags.dataDir, (host) =>
        host.rpc.invoke('credentials.delete', { name }, cliOperator()),
      );
      const still = credential.source === 'environment' ? ` (${credential.environmentVariable} still supplies it)` : '';
      process.stdout.write(
        `${deleted ? `${credential.name} deleted from the OS keychain` : `${credential.name} was not in the OS keychain`}${still}\n`,
      );
    });

  return secret;
}
