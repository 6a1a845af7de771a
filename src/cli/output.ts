import type { Reply } from '../app/dispatch.js';
import { renderText } from '../render/text.js';

/** Exit codes of the CLI: 0 answered, 2 bad usage (the caller can fix the input). */
export function exitCodeOf(reply: Reply): number {
  return reply.kind === 'error' ? 2 : 0;
}

export function formatReply(reply: Reply, json: boolean): string {
  return json ? JSON.stringify(reply.json) : renderText(reply.doc, reply.lang);
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
