import type { App } from '@slack/bolt';
import type { Deps } from '../deps.js';
import { registerActions } from './actions.js';
import { registerCommands } from './commands.js';
import { registerEvents } from './events.js';
import { registerViews } from './views.js';

/**
 * Retries never produce a second answer. Slack retries an event when our ack was late or failed; the
 * first delivery has then most likely been handled, so every retry is dropped, and a repeated event_id
 * (e.g. over a Socket Mode reconnect) too.
 */
function registerDedupe(app: App, deps: Deps): void {
  app.use(async ({ body, context, next }) => {
    const eventId = (body as { type?: string; event_id?: unknown }).type === 'event_callback' ? (body as { event_id?: unknown }).event_id : undefined;
    if (typeof eventId === 'string' || context.retryNum !== undefined) {
      const first = typeof eventId === 'string' ? deps.seen.firstTime(`event:${eventId}`) : true;
      if (!first || (context.retryNum ?? 0) > 0) {
        deps.logger.debug(`skipping a redelivered event (retry ${context.retryNum ?? 0}, reason ${context.retryReason ?? 'none'})`);
        return;
      }
    }
    await next();
  });
}

export function registerListeners(app: App, deps: Deps): void {
  registerDedupe(app, deps);
  registerCommands(app, deps);
  registerEvents(app, deps);
  registerActions(app, deps);
  registerViews(app, deps);
}
