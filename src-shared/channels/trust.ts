/**
 * Trust (issue 6): agents' scores, history, policy, quarantine release.
 * Gathered into the contract by src-shared/contract.ts.
 */

export const trustChannels = {} as const;

export const trustTopics = {} as const;
