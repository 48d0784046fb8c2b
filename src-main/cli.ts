#!/usr/bin/env node
/**
 * novel-console: the command line face. `serve` runs the headless console, `start` the desktop one
 * (falling back to headless where Electron cannot run), `rpc` calls any contract channel. Every command
 * takes --data-dir; every failure is one line on stderr and a non-zero exit.
 */
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { Command, InvalidArgumentError, Option } from 'commander';
import { ZodError } from 'zod';
import { ttlSeconds } from '../src-shared/domain/security';
import { ContractError } from '../src-shared/errors';
import { auditCommand } from './cli/audit-command';
import { backupCommands } from './cli/backup-command';
import { exportCommand } from './cli/export-command';
import { importCommand } from './cli/import-command';
import { cliOperator } from './cli/operator';
import { secretCommand } from './cli/secret-command';
import { tokenCommand } from './cli/token-command';
import { turnCommand } from './cli/turn-command';
import { launchDesktop } from './desktop-launcher';
import { defaultDataDir } from './engine/data-dir';
import { DatabaseOpenError } from './engine/db/database';
import { createHost, type Host, type TelemetryOptions } from './engine/host';
import { createLogger, LOG_LEVELS, type LogLevel } from './engine/logger';
import type { ProviderConfigInput } from './engine/orchestrator/providers';
import { createKeychainCredentialStore } from './engine/security/keychain-credentials';
import { SECRET_VARIABLE, SigningKeyUnavailableError } from './engine/security/token-service';
import { APP_VERSION } from './engine/system/system-service';
import { BindRefusedError, DEFAULT_BIND, DEFAULT_PORT, startServer } from './server/serve';

/** The built renderer sits beside this bundle: out/main/cli.js -> out/renderer. */
const RENDERER_DIR = fileURLToPath(new URL('../renderer', import.meta.url));
const MAIN_BUNDLE = fileURLToPath(new URL('./index.js', import.meta.url));

class CliError extends Error {}

function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new InvalidArgumentError('a port is an integer from 0 to 65535');
  return port;
}

function dataDirOption() {
  return new Option('--data-dir <dir>', 'where the database and logs live').default(defaultDataDir(), '$XDG_DATA_HOME/novel-console');
}

function logLevelOption(fallback: LogLevel) {
  return new Option('--log-level <level>', 'engine log level (JSON lines on stderr)').choices(LOG_LEVELS).default(fallback);
}

function openHost(
  dataDir: string,
  face: 'headless' | 'cli',
  level: LogLevel,
  provider?: ProviderConfigInput,
  telemetry: TelemetryOptions = {},
): Host {
  // Only a long-running face records metrics history; a one-shot command would only add a stray snapshot.
  const settings: TelemetryOptions = face === 'cli' ? { ...telemetry, recorder: { enabled: false } } : telemetry;
  try {
    return createHost({ dataDir, face, logger: createLogger(level), ...(provider ? { provider } : {}), telemetry: settings });
  } catch (error) {
    if (error instanceof DatabaseOpenError) throw new CliError(error.message);
    throw error;
  }
}

interface ServeFlags {
  port: number;
  host: string;
  allowRemote?: boolean;
  dataDir: string;
  logLevel: LogLevel;
  metricsInterval?: number;
  otlpEndpoint?: string;
  /** False with --no-tracing. */
  tracing?: boolean;
  rateLimit?: number;
  loginTtl?: string;
}

function parseRateLimit(value: string): number {
  const limit = Number(value);
  if (!Number.isInteger(limit) || limit < 0 || limit > 1_000_000)
    throw new InvalidArgumentError('requests a minute, 0 to 1000000 (0 = no limit)');
  return limit;
}

function parseLoginTtl(value: string): string {
  const seconds = ttlSeconds(value);
  if (seconds === undefined || seconds > 86_400) throw new InvalidArgumentError('a lifetime such as 15m or 1h (at most 24h)');
  return value;
}

function parseOtlpEndpoint(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InvalidArgumentError('an http(s) URL such as http://127.0.0.1:4318/v1/traces');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new InvalidArgumentError('an http(s) URL such as http://127.0.0.1:4318/v1/traces');
  return url.href;
}

function parseMetricsInterval(value: string): number {
  const ms = Number(value);
  if (!Number.isInteger(ms) || ms < 100 || ms > 3_600_000) {
    throw new InvalidArgumentError('an interval in milliseconds from 100 to 3600000');
  }
  return ms;
}

export async function serve(flags: ServeFlags, reason?: string): Promise<void> {
  const host = openHost(flags.dataDir, 'headless', flags.logLevel, undefined, {
    ...(flags.metricsInterval !== undefined ? { recorder: { intervalMs: flags.metricsInterval } } : {}),
    ...(flags.otlpEndpoint ? { otlpEndpoint: flags.otlpEndpoint } : {}),
    ...(flags.tracing === false ? { tracing: false } : {}),
  });
  let server: Awaited<ReturnType<typeof startServer>>;
  try {
    server = await startServer({
      host,
      port: flags.port,
      bind: flags.host,
      allowRemote: flags.allowRemote ?? false,
      staticDir: RENDERER_DIR,
      ...(flags.rateLimit !== undefined ? { rateLimit: flags.rateLimit } : {}),
      ...(flags.loginTtl ? { loginTtlS: ttlSeconds(flags.loginTtl) as number } : {}),
    });
  } catch (error) {
    await host.close();
    const code = (error as { code?: string }).code;
    if (code === 'EADDRINUSE')
      throw new CliError(`port ${flags.port} on ${flags.host} is in use: pass --port 0 for a free port or stop the other process`);
    if (code === 'EADDRNOTAVAIL') throw new CliError(`cannot listen on ${flags.host}: no such local address`);
    if (error instanceof BindRefusedError || error instanceof SigningKeyUnavailableError) throw new CliError(error.message);
    throw error;
  }
  if (reason) process.stdout.write(`${reason}\n`);
  process.stdout.write(`listening on ${server.url}\n`);
  process.stdout.write(`login: ${server.loginUrl}\n`);
  process.stdout.write(`data: ${flags.dataDir}\n`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    host.logger.info({ signal }, 'shutting down');
    const watchdog = setTimeout(() => process.exit(1), 10_000);
    watchdog.unref();
    await server.close();
    await host.close();
    process.stdout.write('stopped\n');
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}

/**
 * `start` is the one-command way to open the console on any machine (README). Where the headless
 * fallback finds no OS keychain and no NOVEL_CONSOLE_JWT_SECRET, it signs this session's tokens with a
 * random key that lives only in this process's memory (nothing is written anywhere): the login URL works
 * until the console stops, like any session. `serve` itself still refuses without a key.
 */
async function sessionSigningKey(): Promise<string | undefined> {
  if (process.env[SECRET_VARIABLE]) return undefined;
  const status = await createKeychainCredentialStore({ instanceId: 'probe' }).status();
  if (status.available) return undefined;
  process.env[SECRET_VARIABLE] = randomBytes(32).toString('base64url');
  return `no OS keychain answers here: this session signs its tokens with a key held only in memory until it stops (${SECRET_VARIABLE} keeps one across restarts)`;
}

function program(): Command {
  const cli = new Command('novel-console')
    .description('Operations console for Novel Engine: run, trace, alert on and debug story turns.')
    .version(APP_VERSION)
    .showHelpAfterError();

  cli
    .command('serve')
    .description('run the headless console: engine + HTTP API + UI for a browser')
    .addOption(new Option('--port <port>', 'TCP port (0 = any free port)').argParser(parsePort).default(DEFAULT_PORT))
    .addOption(new Option('--host <address>', 'address to bind').default(DEFAULT_BIND))
    .option('--allow-remote', 'allow binding to a non-loopback address')
    .addOption(dataDirOption())
    .addOption(logLevelOption('warn'))
    .addOption(
      new Option('--metrics-interval <ms>', 'how often the metrics history records the registry')
        .argParser(parseMetricsInterval)
        .default(15_000),
    )
    .addOption(
      new Option('--otlp-endpoint <url>', 'also export kept traces over OTLP/HTTP (Jaeger, Tempo, an OTel Collector)').argParser(
        parseOtlpEndpoint,
      ),
    )
    .option('--no-tracing', 'record no traces (metrics, the history and logs stay on)')
    .addOption(
      new Option('--rate-limit <n>', 'requests a minute per caller (per address when unauthenticated); 0 = no limit')
        .argParser(parseRateLimit)
        .default(100),
    )
    .addOption(new Option('--login-ttl <lifetime>', 'lifetime of the login URL token, e.g. 15m').argParser(parseLoginTtl).default('15m'))
    .action((flags: ServeFlags) => serve(flags));

  cli
    .command('start')
    .description('run the desktop console (Electron); starts the headless console where Electron cannot run')
    .addOption(new Option('--port <port>', 'port of the headless fallback').argParser(parsePort).default(DEFAULT_PORT))
    .addOption(new Option('--host <address>', 'address of the headless fallback').default(DEFAULT_BIND))
    .addOption(dataDirOption().default(undefined, "Electron's userData folder (headless: $XDG_DATA_HOME/novel-console)"))
    .addOption(logLevelOption('warn'))
    .action(async (flags: ServeFlags & { dataDir?: string }) => {
      const outcome = await launchDesktop({ mainBundle: MAIN_BUNDLE, dataDir: flags.dataDir });
      if (outcome.kind === 'exited') process.exit(outcome.code);
      const keyNotice = await sessionSigningKey();
      await serve({ ...flags, dataDir: flags.dataDir ?? defaultDataDir() }, [outcome.reason, keyNotice].filter(Boolean).join('\n'));
    });

  cli
    .command('rpc')
    .description('call a contract channel as the local operator and print its JSON response')
    .argument('<channel>', 'channel name, e.g. system.health')
    .argument('[request]', 'request as JSON', '{}')
    .addOption(dataDirOption())
    .addOption(logLevelOption('error'))
    .action(async (channel: string, requestText: string, flags: { dataDir: string; logLevel: LogLevel }) => {
      let request: unknown;
      try {
        request = JSON.parse(requestText);
      } catch (error) {
        throw new CliError(`request is not valid JSON: ${(error as Error).message}`);
      }
      const host = openHost(flags.dataDir, 'cli', flags.logLevel);
      try {
        const response = await host.rpc.dispatch(channel, request, cliOperator(), 'cli');
        process.stdout.write(`${JSON.stringify(response, null, 2)}\n`);
      } finally {
        await host.close();
      }
    });

  cli.addCommand(turnCommand({ dataDirOption, openHost: (dataDir, provider) => openHost(dataDir, 'cli', 'error', provider) }));
  // Security administration from a terminal (SPEC section 4): each is a thin client of the same channels.
  const openCliHost = (dataDir: string) => openHost(dataDir, 'cli', 'error');
  cli.addCommand(tokenCommand({ dataDirOption, openHost: openCliHost }));
  cli.addCommand(auditCommand({ dataDirOption, openHost: openCliHost }));
  cli.addCommand(secretCommand({ dataDirOption, openHost: openCliHost }));
  cli.addCommand(exportCommand({ dataDirOption, openHost: openCliHost }));
  // [issue 7: data] the import command is added here.
  cli.addCommand(importCommand({ dataDirOption, openHost: openCliHost }));
  // [issue 7: backups] the backup and restore commands are added here.
  for (const command of backupCommands({ dataDirOption, openHost: openCliHost })) cli.addCommand(command);

  return cli;
}

try {
  await program().parseAsync(process.argv);
} catch (error) {
  if (error instanceof CliError) {
    process.stderr.write(`novel-console: ${error.message}\n`);
  } else if (error instanceof ZodError) {
    process.stderr.write(
      `novel-console: invalid settings: ${error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}\n`,
    );
  } else if (error instanceof ContractError) {
    process.stderr.write(`novel-console: ${error.code}: ${error.message}\n`);
    for (const issue of error.issues ?? []) process.stderr.write(`  ${issue.field || '(request)'}: ${issue.message}\n`);
  } else {
    process.stderr.write(`novel-console: unexpected failure: ${(error as Error).stack ?? String(error)}\n`);
  }
  process.exit(1);
}
