import type { CheckStatus } from './doc.js';

/**
 * The one set of status markers, for every check, verdict and runbook step (instance, triage, canswap, ptr,
 * subnet), in Slack and in plain text alike: the same emoji everywhere, so a reader learns them once.
 */
export const STATUS_MARK = { pass: '✅', fail: '❌', unknown: '❔', info: 'ℹ️' } as const satisfies Record<CheckStatus | 'info', string>;

/** A three-state outcome (true, false, null for "cannot tell yet") as a check status. */
export const statusOf = (outcome: boolean | null): CheckStatus => (outcome === null ? 'unknown' : outcome ? 'pass' : 'fail');

/** A three-state outcome as the key of the strings that word it: yes, no, unknown. */
export const outcomeKey = (outcome: boolean | null): 'yes' | 'no' | 'unknown' => (outcome === null ? 'unknown' : outcome ? 'yes' : 'no');
