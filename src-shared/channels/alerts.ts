/**
 * Alerts (issue 6): rules, alert states and transitions, silences, routes, incidents.
 * Gathered into the contract by src-shared/contract.ts.
 */

export const alertChannels = {} as const;

export const alertTopics = {} as const;
