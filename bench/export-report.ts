/**
 * export (turn reports): how long the engine takes to make a turn report (issue 7 figure: a turn report
 * PDF in <= 1 s). A host of the built engine (out/main/engine.js, what `serve` and the CLI run) on a
 * fresh data dir runs a few turns on the simulated provider without latency — one of them failing and
 * compensated, so the report has compensations, trust reverts and error spans — then each turn's report
 * is asked for through reports.turn (validation, rendering, the ExportedFile answer), PDF and HTML
 * alternately, ~10 times each after one warm-up. Figures: median and max ms per format, and sizes.
 */
import { pathToFileURL } from 'node:url';
import type { ExportedFile } from '../src-shared/domain/exports';
import { type Identity, identityForRole } from '../src-shared/rbac';
import { ENGINE_PATH, median, printTable, removeDir, round, tempDataDir } from './lib';

const RUNS = 10;
const TURNS = 3;

interface ReportHost {
  rpc: {
    invoke(
      channel: 'reports.turn',
      request: { turnId: string; format: 'html' | 'md' | 'pdf' },
      identity: Identity,
    ): Promise<{ file: ExportedFile }>;
  };
  services: {
    runner: {
      start(request: {
        campaignId: string;
        origin: string;
        startedBy: string;
        configuration?: Record<string, unknown>;
        provider?: unknown;
      }): { turnId: string; done: Promise<string> };
    };
  };
  close(): Promise<void>;
}

interface BuiltEngine {
  createHost(options: {
    dataDir: string;
    face: 'cli';
    provider: unknown;
    telemetry: { recorder: { enabled: boolean } };
    alerts: { enabled: boolean };
  }): ReportHost;
}

export async function reportFigures(): Promise<Record<string, number>> {
  const engine = (await import(pathToFileURL(ENGINE_PATH).href)) as BuiltEngine;
  const dataDir = tempDataDir('export-report');
  const host = engine.createHost({
    dataDir,
    face: 'cli',
    provider: { kind: 'simulated', latency: { kind: 'none' }, faults: { narrative_integration: { errorRate: 0.5 } } },
    telemetry: { recorder: { enabled: false } },
    alerts: { enabled: false },
  });
  const reader = identityForRole('bench-report', 'developer');
  try {
    const turnIds: string[] = [];
    for (let index = 0; index < TURNS; index++) {
      // Started as from the UI, so the tail sampler keeps every trace (the report draws its waterfall).
      const turn = host.services.runner.start({
        campaignId: 'ashfall-crossing',
        origin: 'ui',
        startedBy: 'bench',
        configuration: { seed: 100 + index, failFastOnPhaseFailure: true },
      });
      await turn.done;
      turnIds.push(turn.turnId);
    }
    const times: Record<'pdf' | 'html', number[]> = { pdf: [], html: [] };
    const sizes: Record<'pdf' | 'html', number> = { pdf: 0, html: 0 };
    for (let run = -1; run < RUNS; run++) {
      for (const format of ['pdf', 'html'] as const) {
        const turnId = turnIds[(run + TURNS) % TURNS] as string;
        const started = performance.now();
        const { file } = await host.rpc.invoke('reports.turn', { turnId, format }, reader);
        const ms = performance.now() - started;
        if (run >= 0) times[format].push(ms);
        sizes[format] = Math.max(sizes[format], file.bytes);
      }
    }
    const figures = {
      turnReportPdfMedianMs: round(median(times.pdf)),
      turnReportPdfMaxMs: round(Math.max(...times.pdf)),
      turnReportHtmlMedianMs: round(median(times.html)),
      turnReportHtmlMaxMs: round(Math.max(...times.html)),
      turnReportPdfKiB: round(sizes.pdf / 1024),
      turnReportHtmlKiB: round(sizes.html / 1024),
    };
    printTable(
      ['turn report', 'median ms', 'max ms', 'size KiB', 'target'],
      [
        ['PDF', figures.turnReportPdfMedianMs, figures.turnReportPdfMaxMs, figures.turnReportPdfKiB, '<= 1000 ms'],
        ['HTML', figures.turnReportHtmlMedianMs, figures.turnReportHtmlMaxMs, figures.turnReportHtmlKiB, ''],
      ],
    );
    return figures;
  } finally {
    await host.close();
    removeDir(dataDir);
  }
}
