/**
 * `novel-console turn …`: run a turn from a terminal with live phase-by-phase progress (one rewritten
 * line on a TTY, plain lines otherwise), show one, list them, replay one, diff two. `turn run` exits non-zero unless the turn
 * completed, so scripts and cron can rely on it.
 */
import { Command, Option } from 'commander';
import type { PayloadOf, ResponseOf } from '../../src-shared/contract';
import { OVERALL_STATUSES, REPLAY_MODES } from '../../src-shared/domain/turn';
import { NARRATIVE_DEPTHS, PHASES, PRESETS } from '../../src-shared/domain/turn-configuration';
import type { Host } from '../engine/host';
import type { ProviderConfigInput } from '../engine/orchestrator/providers';
import { cliOperator } from './operator';

export interface TurnCommandDeps {
  dataDirOption(): Option;
  openHost(dataDir: string, provider?: ProviderConfigInput): Host;
}

// The terminal's user, as audit entries and turn records name it.
const operator = cliOperator();
const SYMBOL: Record<string, string> = { succeeded: '✓', failed: '✗', running: '…', skipped: '-', compensated: '↶' };

function formatCost(dollars: number): string {
  return `$${dollars.toFixed(dollars < 0.01 ? 5 : 4)}`;
}

export function describeTurn(detail: ResponseOf<'turns.get'>): string {
  const { turn } = detail;
  const lines = [
    `turn ${turn.number} of ${turn.campaignId} (${turn.id})`,
    `status ${turn.status}${turn.failedPhase ? ` — ${turn.failedPhase} failed (${turn.failureReason}): ${turn.failureMessage}` : ''}`,
    `participants ${turn.participants.join(', ')} · seed ${turn.seed} · provider ${turn.provider}`,
    ...(typeof detail.configuration.storyDirective === 'string' ? [`directive “${detail.configuration.storyDirective}”`] : []),
    `duration ${turn.durationMs === null ? '—' : `${Math.round(turn.durationMs)} ms`} · cost ${formatCost(turn.totalAiCost)} · tokens ${turn.tokensIn} in / ${turn.tokensOut} out`,
    'phases:',
    ...detail.phases.map(
      (phase) =>
        `  ${SYMBOL[phase.status] ?? ' '} ${phase.phase.padEnd(26)} ${phase.status.padEnd(12)} ${Math.round(phase.durationMs)
          .toString()
          .padStart(6)} ms  ${formatCost(phase.aiCost)}${phase.error ? `  ${phase.error}` : ''}`,
    ),
  ];
  const events = detail.events.filter((event) => !event.removed && event.interactionId !== null);
  if (events.length > 0) lines.push('events:', ...events.map((event) => `  ${event.type}: ${event.description}`));
  if (detail.narrative && !detail.narrative.reverted) lines.push('narrative:', `  ${detail.narrative.text}`);
  if (detail.compensations.length > 0) {
    lines.push(
      'compensations:',
      ...detail.compensations.map((c) => `  ${c.success ? '✓' : '✗'} ${c.type}${c.phase ? ` (${c.phase})` : ''}: ${c.detail}`),
    );
  }
  return lines.join('\n');
}

function progressLine(states: Map<string, string>, progress: PayloadOf<'turn.progress'>): string {
  const phases = PHASES.map((phase) => `${SYMBOL[states.get(phase) ?? ''] ?? '·'} ${phase}`).join('  ');
  return `turn ${progress.number} ${progress.overallStatus} · ${phases} · ${formatCost(progress.totalAiCost)}`;
}

export function turnCommand(deps: TurnCommandDeps): Command {
  const turn = new Command('turn').description('run, show and list turns');

  turn
    .command('run')
    .description('run one turn and print its result; exits non-zero unless it completed')
    .requiredOption('--campaign <id>', 'campaign to advance')
    .option('--participants <ids>', 'comma-separated agent ids (default: every agent not quarantined)')
    .addOption(new Option('--depth <depth>', 'narrative analysis depth').choices(NARRATIVE_DEPTHS))
    .addOption(new Option('--preset <name>', 'configuration preset').choices(Object.keys(PRESETS)))
    .option('--config <json>', 'TurnConfiguration fields as JSON, e.g. {"seed":42}')
    .option('--directive <text>', 'story directive: what should happen this turn (checked by the prompt guard)')
    .addOption(new Option('--provider <kind>', 'AI provider').choices(['simulated', 'openai-compatible']).default('simulated'))
    .option('--base-url <url>', 'openai-compatible endpoint, e.g. http://127.0.0.1:11434/v1')
    .option('--model <name>', 'model for the openai-compatible provider')
    .option('--no-latency', 'simulated provider without simulated latency')
    .option('--json', 'print the result as JSON')
    .addOption(deps.dataDirOption())
    .action(async (flags) => {
      let configuration: Record<string, unknown> = {};
      if (flags.config) {
        try {
          configuration = JSON.parse(flags.config) as Record<string, unknown>;
        } catch (error) {
          throw new Error(`--config is not valid JSON: ${(error as Error).message}`);
        }
      }
      if (flags.depth) configuration.narrativeAnalysisDepth = flags.depth;
      if (flags.directive !== undefined) configuration.storyDirective = flags.directive;
      const provider: ProviderConfigInput =
        flags.provider === 'openai-compatible'
          ? { kind: 'openai-compatible', baseUrl: flags.baseUrl ?? '', ...(flags.model ? { model: flags.model } : {}) }
          : { kind: 'simulated', ...(flags.latency === false ? { latency: { kind: 'none' } } : {}) };
      const host = deps.openHost(flags.dataDir, provider);
      try {
        const states = new Map<string, string>();
        const tty = process.stderr.isTTY && !flags.json;
        let turnId = '';
        const finished = new Promise<void>((resolve) => {
          host.topics.subscribe<'turn.progress'>(operator, 'turn.progress', (progress) => {
            if (turnId && progress.turnId !== turnId) return;
            if (progress.phase && progress.phaseStatus) states.set(progress.phase, progress.phaseStatus);
            if (tty) process.stderr.write(`\r\x1b[2K${progressLine(states, progress)}`);
            else if (!flags.json) process.stderr.write(`${progress.message}\n`);
            if (progress.overallStatus !== 'running') resolve();
          });
        });
        const started = await host.rpc.invoke(
          'turns.run',
          {
            campaignId: flags.campaign,
            ...(flags.participants
              ? {
                  participants: String(flags.participants)
                    .split(',')
                    .map((id) => id.trim()),
                }
              : {}),
            ...(flags.preset ? { preset: flags.preset } : {}),
            configuration,
          },
          operator,
          'cli',
        );
        turnId = started.turnId;
        await finished;
        if (tty) process.stderr.write('\n');
        const detail = await host.rpc.invoke('turns.get', { turnId }, operator);
        process.stdout.write(`${flags.json ? JSON.stringify(detail, null, 2) : describeTurn(detail)}\n`);
        if (detail.turn.status !== 'completed') process.exitCode = 1;
      } finally {
        await host.close();
      }
    });

  turn
    .command('show')
    .description('show a turn: phases, events, narrative, compensations')
    .argument('<turnId>')
    .option('--json', 'print as JSON')
    .addOption(deps.dataDirOption())
    .action(async (turnId: string, flags) => {
      const host = deps.openHost(flags.dataDir);
      try {
        const detail = await host.rpc.invoke('turns.get', { turnId }, operator);
        process.stdout.write(`${flags.json ? JSON.stringify(detail, null, 2) : describeTurn(detail)}\n`);
      } finally {
        await host.close();
      }
    });

  turn
    .command('list')
    .description('list turns, newest first')
    .option('--campaign <id>', 'only this campaign')
    .addOption(new Option('--status <status>', 'only this status').choices(OVERALL_STATUSES))
    .option('--limit <n>', 'at most this many', '20')
    .option('--json', 'print as JSON')
    .addOption(deps.dataDirOption())
    .action(async (flags) => {
      const host = deps.openHost(flags.dataDir);
      try {
        const { turns, total } = await host.rpc.invoke(
          'turns.list',
          {
            ...(flags.campaign ? { campaignId: flags.campaign } : {}),
            ...(flags.status ? { status: flags.status } : {}),
            limit: Number(flags.limit),
          },
          operator,
        );
        if (flags.json) {
          process.stdout.write(`${JSON.stringify({ turns, total }, null, 2)}\n`);
          return;
        }
        for (const row of turns) {
          process.stdout.write(
            `${row.startedAt}  ${row.campaignId} #${row.number}  ${row.status.padEnd(19)} ${formatCost(row.totalAiCost).padStart(10)}  ${row.id}\n`,
          );
        }
        process.stdout.write(`${turns.length} of ${total} turns\n`);
      } finally {
        await host.close();
      }
    });

  turn
    .command('replay')
    .description(
      'replay a stored turn from its input world and seed, without touching the campaign; exits non-zero unless it reproduces the original',
    )
    .argument('<turnId>')
    .addOption(
      new Option('--mode <mode>', 'recorded provider responses, or the simulated provider').choices(REPLAY_MODES).default('recorded'),
    )
    .option('--json', 'print the diff as JSON')
    .addOption(deps.dataDirOption())
    .action(async (turnId: string, flags) => {
      const host = deps.openHost(flags.dataDir);
      try {
        const { replayTurnId, diff } = await host.rpc.invoke('turns.replay', { turnId, mode: flags.mode }, operator);
        process.stdout.write(
          flags.json ? `${JSON.stringify({ replayTurnId, diff }, null, 2)}\n` : `replay ${replayTurnId}\n${describeDiff(diff)}\n`,
        );
        if (!diff.identical) process.exitCode = 1;
      } finally {
        await host.close();
      }
    });

  turn
    .command('diff')
    .description('compare two turns: world after, events, narrative, cost, timings')
    .argument('<a>')
    .argument('<b>')
    .option('--json', 'print as JSON')
    .addOption(deps.dataDirOption())
    .action(async (a: string, b: string, flags) => {
      const host = deps.openHost(flags.dataDir);
      try {
        const diff = await host.rpc.invoke('turns.diff', { a, b }, operator);
        process.stdout.write(`${flags.json ? JSON.stringify(diff, null, 2) : describeDiff(diff)}\n`);
      } finally {
        await host.close();
      }
    });

  return turn;
}

export function describeDiff(diff: ResponseOf<'turns.diff'>): string {
  const lines = [
    `A turn ${diff.a.number} (${diff.a.id}) ${diff.a.status}  ·  B turn ${diff.b.number} (${diff.b.id}) ${diff.b.status}`,
    diff.identical ? 'identical: same world after, events, narrative and cost' : 'different:',
  ];
  if (diff.world.changes.length > 0) {
    lines.push(`  world: ${diff.world.changes.length}${diff.world.truncated ? '+' : ''} changes`);
    for (const change of diff.world.changes.slice(0, 20))
      lines.push(`    ${change.path}: ${JSON.stringify(change.a)} -> ${JSON.stringify(change.b)}`);
  }
  if (diff.events.onlyA.length + diff.events.onlyB.length > 0) {
    lines.push(`  events: ${diff.events.common} in both`);
    for (const event of diff.events.onlyA) lines.push(`    only A: ${event.type}: ${event.description}`);
    for (const event of diff.events.onlyB) lines.push(`    only B: ${event.type}: ${event.description}`);
  }
  if (!diff.narrative.identical) lines.push('  narrative differs');
  if (Math.abs(diff.cost.delta) > 0) lines.push(`  cost: ${formatCost(diff.cost.a)} -> ${formatCost(diff.cost.b)}`);
  lines.push('timings:');
  for (const t of diff.timings) {
    const ms = (value: number | null) => (value === null ? '—' : `${Math.round(value)} ms`);
    lines.push(`  ${t.phase.padEnd(26)} A ${ms(t.aMs).padStart(8)} ${t.aStatus ?? ''}  B ${ms(t.bMs).padStart(8)} ${t.bStatus ?? ''}`);
  }
  return lines.join('\n');
}
