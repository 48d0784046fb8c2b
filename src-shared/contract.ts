/**
 * The contract: every channel (request/response) and topic (push stream) the engine offers, with one
 * zod schema per message. The renderer's bridge, the Electron preload and IPC, the HTTP /rpc and /events
 * routes and the CLI all go through this table; nothing crosses a process or network boundary
 * unvalidated. JSON fields are camelCase.
 */
import { z } from 'zod';
import type { Permission } from './rbac';

// ---------------------------------------------------------------------------------------------- system

export const FACES = ['desktop', 'headless', 'cli'] as const;
export type Face = (typeof FACES)[number];

const EmptyRequest = z.strictObject({});

export const SystemHealth = z.strictObject({
  status: z.enum(['ok', 'degraded']),
  database: z.strictObject({
    reachable: z.boolean(),
    schemaVersion: z.number().int().nonnegative(),
    latestSchemaVersion: z.number().int().nonnegative(),
    error: z.string().nullable(),
  }),
  uptimeSeconds: z.number().nonnegative(),
  versions: z.strictObject({
    app: z.string(),
    node: z.string(),
    electron: z.string().nullable(),
    sqlite: z.string(),
  }),
  checkedAt: z.iso.datetime(),
});
export type SystemHealth = z.infer<typeof SystemHealth>;

export const SystemInfo = z.strictObject({
  app: z.strictObject({ name: z.string(), version: z.string() }),
  face: z.enum(FACES),
  dataDir: z.string(),
  databasePath: z.string(),
  pid: z.number().int(),
  platform: z.string(),
  arch: z.string(),
  startedAt: z.iso.datetime(),
  channels: z.array(z.string()),
  topics: z.array(z.string()),
});
export type SystemInfo = z.infer<typeof SystemInfo>;

export const SystemTick = z.strictObject({
  at: z.iso.datetime(),
  uptimeSeconds: z.number().nonnegative(),
  memory: z.strictObject({
    rssBytes: z.number().nonnegative(),
    heapUsedBytes: z.number().nonnegative(),
    heapTotalBytes: z.number().nonnegative(),
    externalBytes: z.number().nonnegative(),
  }),
  eventLoopLagMs: z.strictObject({
    mean: z.number().nonnegative(),
    p99: z.number().nonnegative(),
    max: z.number().nonnegative(),
  }),
});
export type SystemTick = z.infer<typeof SystemTick>;

// ---------------------------------------------------------------------------------------------- tables

export interface ChannelSpec<Req extends z.ZodType = z.ZodType, Res extends z.ZodType = z.ZodType> {
  /** Required permission; null = any authenticated caller. */
  permission: Permission | null;
  /** Mutating channels are audited (security issue) and never cached. */
  mutates: boolean;
  summary: string;
  request: Req;
  response: Res;
}

export interface TopicSpec<Payload extends z.ZodType = z.ZodType> {
  permission: Permission | null;
  summary: string;
  payload: Payload;
}

function channel<Req extends z.ZodType, Res extends z.ZodType>(spec: ChannelSpec<Req, Res>): ChannelSpec<Req, Res> {
  return spec;
}

function topic<Payload extends z.ZodType>(spec: TopicSpec<Payload>): TopicSpec<Payload> {
  return spec;
}

export const channels = {
  'system.health': channel({
    permission: null,
    mutates: false,
    summary: 'Database reachability, schema version, uptime and runtime versions.',
    request: EmptyRequest,
    response: SystemHealth,
  }),
  'system.info': channel({
    permission: null,
    mutates: false,
    summary: 'Which face is running, where its data lives, and the channels and topics it offers.',
    request: EmptyRequest,
    response: SystemInfo,
  }),
} as const;

export const topics = {
  'system.tick': topic({
    permission: null,
    summary: 'Every few seconds: process memory and event-loop lag.',
    payload: SystemTick,
  }),
} as const;

export type Channels = typeof channels;
export type ChannelName = keyof Channels;
export type Topics = typeof topics;
export type TopicName = keyof Topics;

/** What a caller sends (defaults not yet applied). */
export type RequestOf<C extends ChannelName> = z.input<Channels[C]['request']>;
/** What a handler receives (validated, defaults applied). */
export type ParsedRequestOf<C extends ChannelName> = z.output<Channels[C]['request']>;
export type ResponseOf<C extends ChannelName> = z.output<Channels[C]['response']>;
export type PayloadOf<T extends TopicName> = z.output<Topics[T]['payload']>;

export const CHANNEL_NAMES = Object.keys(channels) as ChannelName[];
export const TOPIC_NAMES = Object.keys(topics) as TopicName[];

export function isChannelName(name: unknown): name is ChannelName {
  return typeof name === 'string' && Object.hasOwn(channels, name);
}

export function isTopicName(name: unknown): name is TopicName {
  return typeof name === 'string' && Object.hasOwn(topics, name);
}

/** Maps a zod failure to field-named issues (`field` is the dotted path inside the message). */
export function issuesOf(error: z.ZodError): { field: string; message: string }[] {
  return error.issues.flatMap((issue) => {
    const path = issue.path.map(String);
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ field: [...path, key].join('.'), message: 'unknown field' }));
    }
    return [{ field: path.join('.'), message: issue.message }];
  });
}
