/**
 * `novel-console export traces|metrics|audit` and `import traces FILE` (SPEC section 8): the data exports
 * from a terminal, byte for byte what the exports.* channels answer, but streamed — a range of a million
 * spans goes to its file trace by trace, with progress on stderr — to stdout or atomically to `--out`.
 * The import goes through the traces.import channel as the local operator, so it is authorized and
 * audited like the same import from the UI.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { METRICS_EXPORT_FORMATS } from '../../src-shared/domain/data-exports';
import { ContractError } from '../../src-shared/errors';
import type { Host } from '../engine/host';
import { createDataExportService, type ExportProgress } from '../engine/reports/export-handlers';
import { cliOperator } from './operator';
import { writeFileAtomically } from './output-file';

export interface DataCommandDeps {
  dataDirOption(): Option;
  openHost(dataDir: string): Host;
}

const DURATION = /^(\d+(?:\.\d+)?)(s|m|h|d|w)$/;
const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** `--since`/`--until`: a duration back from now (30m, 24h, 7d) or an ISO 8601 time; returned as ISO. */
export function parseTimeArgument(value: string, nowMs = Date.now()): string {
  const duration = DURATION.exec(value.trim());
  if (duration) return new Date(nowMs - Number(duration[1]) * (UNIT_MS[duration[2] as string] as number)).toISOString();
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new InvalidArgumentError('a duration back from now (30m, 24h, 7d) or an ISO 8601 time');
  return new Date(ms).toISOString();
}

function parseTraceId(value: string): string {
  if (!/^[0-9a-fA-F]{32}$/.test(value)) throw new InvalidArgumentError('a trace id is 32 hex digits');
  return value.toLowerCase();
}

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

function serviceOf(host: Host) {
  return createDataExportService({
    db: host.db,
    traces: host.services.traces,
    audit: host.services.audit,
    registry: host.services.metrics.registry,
  });
}

/** Writes chunks to `out` atomically, or to stdout; returns where they went. */
function emit(chunks: Iterable<string>, out: string | undefined, mode?: number): string {
  if (out) return writeFileAtomically(out, chunks, mode);
  for (const chunk of chunks) process.stdout.write(chunk);
  return 'stdout';
}

/** Progress on stderr at most twice a second, only where a person watches (a terminal). */
function progressReporter(what: string): (progress: ExportProgress) => void {
  let last = 0;
  return ({ done, total }) => {
    const now = Date.now();
    if (!process.stderr.isTTY || (now - last < 500 && done !== total)) return;
    last = now;
    process.stderr.write(`\rexporting ${what}: ${done}${total === null ? '' : ` of ${total}`}`);
    if (done === total) process.stderr.write('\n');
  };
}

export function registerDataExportCommands(command: Command, deps: DataCommandDeps): void {
  command
    .command('traces')
    .description('write kept traces as OTLP JSON (ExportTraceServiceRequest) for Jaeger or the OpenTelemetry Collector')
    .addOption(new Option('--trace <id>', 'one trace').argParser(parseTraceId))
    .addOption(new Option('--since <time>', 'traces started since: 30m, 24h, 7d or an ISO time').argParser((v) => parseTimeArgument(v)))
    .addOption(new Option('--until <time>', 'and until (default now)').argParser((v) => parseTimeArgument(v)))
    .addOption(new Option('--format <format>', 'file format').choices(['otlp']).default('otlp'))
    .option('--out <file>', 'file to write (replaced only once complete); default stdout')
    .addOption(deps.dataDirOption())
    .action(async (flags: { trace?: string; since?: string; until?: string; out?: string; dataDir: string }) => {
      if ((flags.trace === undefined) === (flags.since === undefined)) {
        throw new ContractError('invalid_request', 'name either --trace ID (one trace) or --since TIME (a time range)');
      }
      const host = deps.openHost(flags.dataDir);
      try {
        let traces = 0;
        let spans = 0;
        const report = progressReporter('traces');
        const { chunks } = serviceOf(host).traceChunks(
          flags.trace !== undefined
            ? { traceId: flags.trace }
            : { since: flags.since as string, ...(flags.until !== undefined ? { until: flags.until } : {}) },
          (trace, progress) => {
            traces += 1;
            spans += trace.spans.length;
            if (flags.trace === undefined) report(progress);
          },
        );
        const target = emit(chunks, flags.out);
        process.stderr.write(`exported ${traces} ${traces === 1 ? 'trace' : 'traces'} (${spans} spans) to ${target}\n`);
      } finally {
        await host.close();
      }
    });

  command
    .command('metrics')
    .description('write the recorded metric samples of a time range as CSV or OpenMetrics text')
    .addOption(new Option('--format <format>', 'file format').choices(METRICS_EXPORT_FORMATS).makeOptionMandatory())
    .addOption(
      new Option('--since <time>', 'samples since: 30m, 24h, 7d or an ISO time (default 24h)').argParser((v) => parseTimeArgument(v)),
    )
    .addOption(new Option('--until <time>', 'and until (default now)').argParser((v) => parseTimeArgument(v)))
    .option('--metric <name>', 'only this metric family (repeatable)', collect)
    .option('--out <file>', 'file to write (replaced only once complete); default stdout')
    .addOption(deps.dataDirOption())
    .action(
      async (flags: {
        format: 'csv' | 'openmetrics';
        since?: string;
        until?: string;
        metric?: string[];
        out?: string;
        dataDir: string;
      }) => {
        const host = deps.openHost(flags.dataDir);
        try {
          const since = flags.since ?? parseTimeArgument('24h');
          const { chunks } = serviceOf(host).metricsChunks({
            format: flags.format,
            since,
            ...(flags.until !== undefined ? { until: flags.until } : {}),
            ...(flags.metric ? { metrics: flags.metric } : {}),
          });
          let bytes = 0;
          const counted = function* () {
            for (const chunk of chunks) {
              bytes += Buffer.byteLength(chunk);
              yield chunk;
            }
          };
          const target = emit(counted(), flags.out);
          process.stderr.write(`exported ${bytes} bytes of ${flags.format === 'csv' ? 'CSV' : 'OpenMetrics'} to ${target}\n`);
        } finally {
          await host.close();
        }
      },
    );

  command
    .command('audit')
    .description('write the audit log as JSON lines with the chain hashes (the bytes of `audit export`)')
    .option('--out <file>', 'file to write (owner-only, replaced only once complete); default stdout')
    .addOption(deps.dataDirOption())
    .action(async (flags: { out?: string; dataDir: string }) => {
      const host = deps.openHost(flags.dataDir);
      try {
        let count = 0;
        const counted = function* (source: Iterable<string>) {
          for (const line of source) {
            count += 1;
            yield line;
          }
        };
        // Owner-only: the trail names who did what.
        const target = emit(counted(serviceOf(host).auditChunks()), flags.out, 0o600);
        process.stderr.write(`exported ${count} audit ${count === 1 ? 'entry' : 'entries'} to ${target}\n`);
      } finally {
        await host.close();
      }
    });
}

/** `import traces FILE`: an OTLP JSON file into the kept traces (duplicates skipped, all or nothing). */
export function registerTraceImportCommand(command: Command, deps: DataCommandDeps): void {
  command
    .command('traces')
    .description('import an OTLP JSON trace file (ExportTraceServiceRequest); traces already kept are skipped')
    .argument('<file>', 'the OTLP JSON file')
    .addOption(deps.dataDirOption())
    .action(async (file: string, flags: { dataDir: string }) => {
      let content: string;
      try {
        content = readFileSync(file, 'utf8');
      } catch (error) {
        throw new ContractError('invalid_request', `cannot read ${file}: ${(error as Error).message}`);
      }
      const host = deps.openHost(flags.dataDir);
      try {
        const result = await host.rpc.invoke('traces.import', { fileName: basename(file), content }, cliOperator(), 'cli');
        process.stdout.write(
          `imported ${result.imported} ${result.imported === 1 ? 'trace' : 'traces'} (${result.spans} spans), skipped ${result.skipped} already kept\n`,
        );
      } finally {
        await host.close();
      }
    });
}
