import type { webApi } from '@slack/bolt';
import type { DeliveryKind, DeliveryRow } from '../store/types.js';
import { apiFailure, postOnce, type Failure } from './deliver.js';
import type { SlackMessage } from './reply.js';

/** Where an answer goes: a conversation (and thread), a user for an ephemeral post, or a response_url. */
export interface DeliveryTarget {
  channel?: string;
  threadTs?: string;
  user?: string;
  responseUrl?: string;
}

/** What an outbox row carries (its payload column, as JSON). `body` is the message, plus response_url fields. */
export interface DeliveryPayload {
  target: DeliveryTarget;
  body: SlackMessage & { response_type?: 'ephemeral' | 'in_channel'; replace_original?: boolean };
}

/** Slack message metadata on every post: how a post whose outcome was not known is found again. */
export const DELIVERY_EVENT_TYPE = 'netbot_delivery';

/** The outcome of one try. `kind` changes when a response_url reply falls back to an ephemeral post. */
export type TryOutcome = { kind?: DeliveryKind } & (
  | { result: 'delivered'; ts?: string }
  /** Try again later; `unsure`: Slack may have it, so a post is looked up first. */
  | { result: 'retry'; unsure: boolean; error: string; retryAfterMs?: number }
  /** Slack refused it: not sent again. */
  | { result: 'failed'; error: string }
  /** It may have arrived and cannot be checked (ephemeral, response_url): not sent again. */
  | { result: 'unsure'; error: string }
);

export interface TryContext {
  client: webApi.WebClient;
  /** How long a response_url POST may take. */
  responseTimeoutMs: number;
  /** How many clear failures of a response_url before the reply goes by chat.postEphemeral instead. */
  responseUrlTries: number;
  /** Called once per reason when a lookup cannot be made (a missing scope): the post goes ahead regardless. */
  lookupUnavailable(error: string): void;
}

/** How far before the row's creation a lookup reads: Slack's clock and ours may differ. */
const CLOCK_SKEW_MS = 5 * 60_000;
/** Pages of 200 messages read at most: a thread busier than that since the row was made is not searched further. */
const LOOKUP_PAGES = 5;

type Lookup = { found: true; ts?: string } | { found: false; failure?: Failure };

function carries(message: unknown, id: string): boolean {
  const metadata = (message as { metadata?: { event_type?: unknown; event_payload?: { delivery_id?: unknown } } }).metadata;
  return metadata?.event_type === DELIVERY_EVENT_TYPE && metadata.event_payload?.delivery_id === id;
}

/** Looks for the post carrying this delivery id: in its thread (conversations.replies), else the conversation's history. */
async function lookUp(ctx: TryContext, row: DeliveryRow, channel: string, threadTs: string | undefined): Promise<Lookup> {
  const { client } = ctx;
  try {
    // A post to a user id goes to the bot's DM with that user: its history is under the DM's own id.
    const conversation = /^[UW]/.test(channel) ? ((await client.conversations.open({ users: channel })).channel?.id ?? channel) : channel;
    const oldest = ((row.createdAt - CLOCK_SKEW_MS) / 1000).toFixed(6);
    let cursor: string | undefined;
    for (let page = 0; page < LOOKUP_PAGES; page++) {
      const args = { channel: conversation, oldest, include_all_metadata: true, limit: 200, ...(cursor ? { cursor } : {}) };
      const res = threadTs ? await client.conversations.replies({ ...args, ts: threadTs }) : await client.conversations.history(args);
      const hit = res.messages?.find((m) => carries(m, row.id));
      if (hit) return { found: true, ...(hit.ts ? { ts: hit.ts } : {}) };
      cursor = res.response_metadata?.next_cursor || undefined;
      if (!res.has_more || !cursor) break;
    }
    return { found: false };
  } catch (error) {
    return { found: false, failure: apiFailure(error, 'clear') };
  }
}

/** A visible post. After a try whose outcome is unknown it is first looked for, and sent only when absent. */
async function tryPost(ctx: TryContext, row: DeliveryRow, { target, body }: DeliveryPayload, wasUnsure: boolean): Promise<TryOutcome> {
  const channel = target.channel!;
  if (wasUnsure) {
    const seen = await lookUp(ctx, row, channel, target.threadTs);
    if (seen.found) return { result: 'delivered', ...(seen.ts ? { ts: seen.ts } : {}) };
    if (seen.failure?.how === 'refused') ctx.lookupUnavailable(seen.failure.error);
    else if (seen.failure) return { result: 'retry', unsure: true, error: `lookup: ${seen.failure.error}`, ...retryAfter(seen.failure) };
  }
  try {
    const metadata = { event_type: DELIVERY_EVENT_TYPE, event_payload: { delivery_id: row.id } };
    const res = await ctx.client.chat.postMessage({ channel, ...(target.threadTs ? { thread_ts: target.threadTs } : {}), text: body.text, blocks: body.blocks, metadata });
    return { result: 'delivered', ...(res.ts ? { ts: res.ts } : {}) };
  } catch (error) {
    const failure = apiFailure(error, 'unknown');
    if (failure.how === 'refused') return { result: 'failed', error: failure.error };
    return { result: 'retry', unsure: failure.how === 'unknown', error: failure.error, ...retryAfter(failure) };
  }
}

const retryAfter = (f: Failure) => (f.retryAfterMs === undefined ? {} : { retryAfterMs: f.retryAfterMs });

/** What to do after a failure of a reply that cannot be looked up: retry only a clear one. */
function unseenOutcome(failure: Failure): TryOutcome {
  if (failure.how === 'clear') return { result: 'retry', unsure: false, error: failure.error, ...retryAfter(failure) };
  if (failure.how === 'unknown') return { result: 'unsure', error: failure.error };
  return { result: 'failed', error: failure.error };
}

/** An ephemeral post: Slack keeps no copy that could be looked up, so only a clear failure is tried again. */
async function tryEphemeral(ctx: TryContext, { target, body }: DeliveryPayload): Promise<TryOutcome> {
  try {
    await ctx.client.chat.postEphemeral({ channel: target.channel!, user: target.user!, ...(target.threadTs ? { thread_ts: target.threadTs } : {}), text: body.text, blocks: body.blocks });
    return { result: 'delivered' };
  } catch (error) {
    return unseenOutcome(apiFailure(error, 'clear'));
  }
}

/**
 * A response_url reply: retried on a clear failure, never after a timeout. Refused (expired, used up), or
 * failing clearly `responseUrlTries` times, it goes by chat.postEphemeral to the same user and channel.
 */
async function tryResponseUrl(ctx: TryContext, row: DeliveryRow, payload: DeliveryPayload): Promise<TryOutcome> {
  const sent = await postOnce(payload.target.responseUrl!, payload.body, ctx.responseTimeoutMs);
  if (sent.ok) return { result: 'delivered' };
  const canFallBack = Boolean(payload.target.channel && payload.target.user);
  const giveUp = sent.how === 'refused' || (sent.how === 'clear' && row.failures + 1 >= ctx.responseUrlTries);
  if (giveUp && canFallBack) return { ...(await tryEphemeral(ctx, payload)), kind: 'ephemeral' };
  return unseenOutcome(sent);
}

/** One try of a row. `wasUnsure`: the previous try's outcome is not known. */
export async function tryDelivery(ctx: TryContext, row: DeliveryRow, wasUnsure: boolean): Promise<TryOutcome> {
  const payload = JSON.parse(row.payload) as DeliveryPayload;
  if (row.kind === 'post') return tryPost(ctx, row, payload, wasUnsure);
  // An ephemeral or response_url reply whose last try may have arrived: sending it again could show it twice.
  if (wasUnsure) return { result: 'unsure', error: 'an earlier try may have arrived' };
  return row.kind === 'ephemeral' ? tryEphemeral(ctx, payload) : tryResponseUrl(ctx, row, payload);
}
