import type { Logger, webApi } from '@slack/bolt';
import type { SlackMessage } from './reply.js';

/** How a private reply reaches the user: its response_url, and who to fall back to when that fails. */
export interface PrivateTarget {
  responseUrl?: string;
  channel?: string;
  user?: string;
}

export interface DeliverOptions {
  /** Tries of the response_url POST (Slack accepts up to five uses within 30 minutes). */
  tries?: number;
  timeoutMs?: number;
  /** Wait before retry n (0-based): 0.5 s, 1 s, … capped, or Retry-After on a 429 (capped too). */
  backoffMs?: (attempt: number, retryAfterSeconds?: number) => number;
  fetch?: typeof globalThis.fetch;
}

const defaultBackoff = (attempt: number, retryAfter?: number) => Math.min(retryAfter !== undefined ? retryAfter * 1000 : 500 * 2 ** attempt, 5_000);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** POSTs to a response_url, retrying 429 and 5xx and network failures within bounds; true when Slack took it. */
export async function postToResponseUrl(url: string, body: unknown, opts: DeliverOptions = {}): Promise<boolean> {
  const { tries = 3, timeoutMs = 5_000, backoffMs = defaultBackoff, fetch = globalThis.fetch } = opts;
  for (let attempt = 0; attempt < tries; attempt++) {
    let retryAfter: number | undefined;
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
      await res.arrayBuffer().catch(() => undefined);
      if (res.ok) return true;
      if (res.status !== 429 && res.status < 500) return false; // the URL is expired or wrong: retrying will not help
      const header = res.headers.get('retry-after');
      retryAfter = header !== null && /^\d{1,4}$/.test(header.trim()) ? Number(header) : undefined;
    } catch {
      // timeout or connection failure: try again
    }
    if (attempt + 1 < tries) await sleep(backoffMs(attempt, retryAfter));
  }
  return false;
}

/**
 * Delivers a private reply so that it is never silently lost: the response_url first (with bounded retries),
 * then chat.postEphemeral to the same user in the same channel, and when both fail a log line saying what
 * was lost (which command and channel, never the text).
 */
export async function deliverPrivately(
  target: PrivateTarget,
  message: SlackMessage & { replace_original?: boolean },
  client: Pick<webApi.WebClient, 'chat'>,
  logger: Pick<Logger, 'warn' | 'error'>,
  what: string,
  opts: DeliverOptions = {},
): Promise<boolean> {
  if (target.responseUrl && (await postToResponseUrl(target.responseUrl, { response_type: 'ephemeral', ...message }, opts))) return true;
  if (target.channel && target.user) {
    try {
      await client.chat.postEphemeral({ channel: target.channel, user: target.user, blocks: message.blocks, text: message.text });
      logger.warn(`${what}: response_url failed, delivered with chat.postEphemeral instead`);
      return true;
    } catch (error) {
      logger.error(`${what}: reply lost in ${target.channel}: response_url and chat.postEphemeral both failed (${(error as { data?: { error?: string } }).data?.error ?? (error as Error).message})`);
      return false;
    }
  }
  logger.error(`${what}: reply lost: response_url failed and there is no channel to fall back to`);
  return false;
}
