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

/**
 * Ends the call with `code` once the reply is written. When nothing of the call is left (no timer, socket or
 * request but stdout and stderr), it ends at once: Node would otherwise wait for V8's background work (an
 * optimizing compile a hot loop started) before exiting, 10-20 ms after `ask` is done (issue #18). Anything
 * still running (a lookup's socket, a file being written) is left to finish, as before.
 */
export function exitWhenDone(code: number): void {
  process.exitCode = code;
  process.stdout.write('', () =>
    setImmediate(() => {
      const node = process as unknown as { _getActiveHandles(): unknown[]; _getActiveRequests(): unknown[] };
      const handles = node._getActiveHandles().filter((handle) => handle !== process.stdout && handle !== process.stderr);
      const timers = process.getActiveResourcesInfo().filter((name) => name === 'Timeout' || name === 'Immediate');
      if (!handles.length && !timers.length && !node._getActiveRequests().length) process.exit();
    }),
  );
}
