import type { App } from '@slack/bolt';
import type { Deps } from '../deps.js';
import { registerActions } from './actions.js';
import { registerCommands } from './commands.js';
import { registerEvents } from './events.js';
import { registerShortcuts } from './shortcuts.js';
import { registerViews } from './views.js';

/**
 * Each event is answered once, across replicas: a delivery whose event_id was already taken (a retry after
 * a late ack, a Socket Mode reconnect, a retry that reached another replica) is dropped; a retry whose
 * first delivery never arrived, or was shed as "busy" (HTTP 503), is answered. Memory first, then the store.
 */
function registerDedupe(app: App, deps: Deps): void {
  app.use(async ({ body, context, next }) => {
    // message.channels/groups deliver every message of every channel the bot is in: only the experts' channel
    // matters (its threads), so the rest is dropped here, before it costs a store write.
    const event = (body as { event?: { type?: unknown; channel_type?: unknown; channel?: unknown } }).event;
    if (event?.type === 'message' && event.channel_type !== 'im' && event.channel !== deps.experts?.channel) return;
    const eventId = (body as { type?: string; event_id?: unknown }).type === 'event_callback' ? (body as { event_id?: unknown }).event_id : undefined;
    if (typeof eventId === 'string' && !(await deps.recorder.claim(`event:${eventId}`))) {
      deps.logger.debug(`skipping a redelivered event (retry ${context.retryNum ?? 0}, reason ${context.retryReason ?? 'none'})`);
      return;
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
  registerShortcuts(app, deps);
}
