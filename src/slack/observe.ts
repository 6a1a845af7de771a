import { performance } from 'node:perf_hooks';
import type { AnyMiddlewareArgs, Logger, Middleware } from '@slack/bolt';
import { currentRequest, inRequest, newRequestId } from '../app/request-context.js';

/** The kinds of request Slack sends, as metrics and logs name them. */
export type RequestKind = 'event' | 'command' | 'action' | 'shortcut' | 'view' | 'other';

export function requestKind(body: Record<string, unknown>): RequestKind {
  if (typeof body.command === 'string') return 'command';
  switch (body.type) {
    case 'event_callback':
    case 'app_rate_limited':
      return 'event';
    case 'view_submission':
    case 'view_closed':
      return 'view';
    case 'shortcut':
    case 'message_action':
      return 'shortcut';
    case 'block_actions':
    case 'block_suggestion':
    case 'interactive_message':
      return 'action';
  }
  return 'other';
}

/** What the front ends report about requests (src/app/metrics.ts counts them). */
export interface RequestObserver {
  /** A request ended: handled (ok/error), or never run (shed: over capacity; refused: not verified or malformed). */
  request(kind: RequestKind | 'unknown', outcome: 'ok' | 'error' | 'shed' | 'refused'): void;
  /** A request shed by the front door, and why: its work queue was full, or the event loop lagged. */
  shed?(kind: RequestKind, reason: 'full' | 'lag'): void;
  /** From arrival to the ack sent (HTTP mode: the front door acks). */
  acked(kind: RequestKind, seconds: number): void;
  /** From arrival to the listener's end: the reply sent, or owed to Slack through the outbox. */
  replied(kind: RequestKind, seconds: number): void;
}

/**
 * Bolt middleware, first of all: each request runs as one request (app/request-context.ts), with the id the
 * front door gave it at ack (HTTP) or a new one (Socket Mode), and is counted when its listeners end.
 */
export function observeRequests(logger: Logger, observer: RequestObserver | undefined): Middleware<AnyMiddlewareArgs> {
  return async ({ body, next }) => {
    const kind = requestKind(body as Record<string, unknown>);
    const request = currentRequest() ?? { requestId: newRequestId(), startedAt: performance.now() };
    await inRequest(request, async () => {
      let outcome: 'ok' | 'error' = 'error';
      try {
        await next();
        outcome = 'ok';
      } finally {
        const seconds = (performance.now() - request.startedAt) / 1000;
        observer?.request(kind, outcome);
        observer?.replied(kind, seconds);
        logger.debug(`${kind} request done (${outcome}) ${Math.round(seconds * 1000)} ms after it arrived`);
      }
    });
  };
}
