import type { Reply } from '../app/dispatch.js';
import { neutralJson } from '../util/neutralize.js';
import { renderText } from '../render/text.js';

/** Cloud failures that are still the caller's input (an id or region the API refused). */
const INPUT_CLOUD_CODES = new Set(['bad_instance_id', 'bad_region']);

/**
 * Exit codes of the CLI: 0 answered, 2 bad usage (the caller can fix the input), 1 when the cloud API call
 * failed (a failure carrying a requestId field: no credentials, forbidden, throttled, not found, …).
 */
export function exitCodeOf(reply: Reply): number {
  if (reply.kind !== 'error') return 0;
  return reply.error.requestId !== undefined && !INPUT_CLOUD_CODES.has(reply.error.code) ? 1 : 2;
}

export function formatReply(reply: Reply, json: boolean): string {
  return json ? neutralJson(reply.json) : renderText(reply.doc, reply.lang);
}

/**
 * `ecs-netbot ask --batch | head`: when the reader goes away, stop quietly (as Unix tools do) instead of
 * dying with an EPIPE stack trace.
 */
export function exitQuietlyWhenStdoutCloses(): void {
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
}
