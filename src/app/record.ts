import { randomBytes } from 'node:crypto';
import type { AskResult } from '../commands/ask.js';
import type { Recorder } from '../store/recorder.js';
import type { ChannelKind, QuestionRecord } from '../store/types.js';
import type { Reply } from './dispatch.js';
import type { Route } from './routing.js';

/** One answered question, as a front end knows it. */
export interface Answered {
  text: string;
  reply: Reply;
  route: Route;
  latencyMs: number;
  channelKind: ChannelKind;
  /** The Slack user (or "console"): the Recorder stores only its salted hash. */
  user: string;
}

/** A question's text as the store keeps it (the first 2,000 characters): every table holding one uses this. */
export const storedText = (text: string): string => text.slice(0, 2000);

/**
 * Records one answered question through the Recorder (queued: it is written after the reply) and returns
 * its id: random, short enough for a button value, so the reply's buttons can carry it.
 */
export function recordQuestion(recorder: Recorder, answered: Answered): string {
  const id = randomBytes(9).toString('base64url');
  recorder.question(questionRecord(id, answered, new Date()), answered.user);
  return id;
}

/**
 * What is kept of one question (issue #10): the text (the Recorder replaces Slack and instance ids in it,
 * issue #16), language, band, top entries and confidences, the
 * route taken and how long the answer took. Not the user: the Recorder adds a salted hash.
 */
function questionRecord(id: string, { text, reply, route, latencyMs, channelKind }: Answered, at: Date): Omit<QuestionRecord, 'userHash'> {
  const ask = reply.kind === 'result' && reply.command === 'ask' ? (reply.result as AskResult) : undefined;
  // The store's words: the search's 'none' is kept as 'decline' (what the report groups), a calculator's run as 'command'.
  const band = ask ? (ask.band === 'none' ? 'decline' : ask.band) : reply.kind === 'result' ? 'command' : reply.kind;
  return {
    id,
    at,
    text: storedText(text),
    lang: reply.lang,
    band,
    confidence: ask?.confidence ?? 0,
    top: (ask?.hits ?? []).slice(0, 5).map((h) => ({ id: h.entry.id, score: Math.round((h.score / (ask!.hits[0]!.score || 1)) * 1000) / 1000 })),
    route: route.invocation.command,
    ...(route.offer ? { offer: route.offer.command } : {}),
    latencyMs: Math.round(latencyMs * 100) / 100,
    channelKind,
  };
}
