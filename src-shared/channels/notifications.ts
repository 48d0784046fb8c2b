/**
 * Notification channels (issue 6): receivers of alert notifications, their delivery outbox and circuit breakers.
 * Gathered into the contract by src-shared/contract.ts.
 */

export const notificationChannels = {} as const;

export const notificationTopics = {} as const;
