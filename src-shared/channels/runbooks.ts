/**
 * Runbooks (issue 6): shipped and user-written Markdown runbooks and the steps taken on an incident.
 * Gathered into the contract by src-shared/contract.ts.
 */

export const runbookChannels = {} as const;

export const runbookTopics = {} as const;
