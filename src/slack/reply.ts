import type { KnownBlock } from '@slack/types';
import { performance } from 'node:perf_hooks';
import { answerMessage, type ThreadRef } from '../app/chat.js';
import { recordQuestion } from '../app/record.js';
import type { Route } from '../app/routing.js';
import type { AskResult } from '../commands/ask.js';
import type { Recorder } from '../store/recorder.js';
import type { ChannelKind } from '../store/types.js';
import { tagButtons } from './refs.js';
import { dispatch, type Invocation, type Reply } from '../app/dispatch.js';
import type { Services } from '../commands/types.js';
import { detectLang, isLang, type Lang } from '../i18n/lang.js';
import type { Doc } from '../render/doc.js';
import { renderBlocks, SLACK_LIMITS, type SlackMessage } from '../render/blocks.js';
import { slackStrings as S } from './strings.js';

export type { SlackMessage };

/** Reply in the language of what the user typed (any Han → zh), else the configured default. */
export function langOf(text: string | undefined, fallback: Lang): Lang {
  return text && detectLang(text) === 'zh' ? 'zh' : fallback;
}

/**
 * What the share button carries, so that sharing works even for ephemeral messages, whose content Slack
 * does not send back with the click: the invocation (re-run) or the knowledge entry (re-rendered).
 */
export type SharePayload =
  | { kind: 'cmd'; command: string; tokens: string[]; lang: Lang }
  | { kind: 'entry'; id: string; lang: Lang };

export function encodeShare(payload: SharePayload): string | undefined {
  const value = JSON.stringify(payload);
  return value.length <= SLACK_LIMITS.buttonValue ? value : undefined;
}

export function decodeShare(value: string | undefined): SharePayload | undefined {
  if (!value || value === 'share') return undefined;
  try {
    const data = JSON.parse(value) as Partial<Record<string, unknown>>;
    if (!isLang(data.lang)) return undefined;
    if (data.kind === 'entry' && typeof data.id === 'string') return { kind: 'entry', id: data.id, lang: data.lang };
    if (data.kind === 'cmd' && typeof data.command === 'string' && Array.isArray(data.tokens) && data.tokens.every((t) => typeof t === 'string')) {
      return { kind: 'cmd', command: data.command, tokens: data.tokens as string[], lang: data.lang };
    }
  } catch {
    // not ours: fall through
  }
  return undefined;
}

/**
 * Renders a Doc for Slack; with a share payload the "Share in channel" button carries it (or the plain
 * marker "share" when too long, and the listener then shares the blocks Slack sends back).
 */
export function toMessage(doc: Doc, lang: Lang, share?: SharePayload): SlackMessage {
  return renderBlocks(doc, { lang, ...(share ? { shareValue: encodeShare(share) ?? 'share' } : {}) });
}

/** Only results are shareable: errors and help stay private (issue #4). */
export function replyMessage(reply: Reply, inv: Invocation, share: boolean): SlackMessage {
  const payload: SharePayload | undefined =
    share && reply.kind === 'result' ? { kind: 'cmd', command: reply.command, tokens: [...inv.tokens], lang: reply.lang } : undefined;
  return toMessage(reply.doc, reply.lang, payload);
}

export const textMessage = (text: string, lang: Lang): SlackMessage => toMessage({ blocks: [{ type: 'text', text }] }, lang);
export const contextMessage = (text: string, lang: Lang): SlackMessage => toMessage({ blocks: [{ type: 'context', text }] }, lang);

/** A reply ready to render, with the route that chose it and the id it was recorded under (its buttons carry it). */
export type Outcome = { reply: Reply; invocation: Invocation; route?: Route; questionId?: string; followup?: boolean } | { kind: 'internal'; lang: Lang };

/** Runs work for a Slack surface; an unexpected failure becomes a polite message, logged without input. */
export async function runSafely(
  lang: Lang,
  logger: { error(...msg: unknown[]): void },
  what: string,
  work: () => Promise<Exclude<Outcome, { kind: 'internal' }>>,
): Promise<Outcome> {
  try {
    return await work();
  } catch (error) {
    logger.error(`${what} failed: ${error instanceof Error ? error.message : String(error)}`);
    return { kind: 'internal', lang };
  }
}

/** Answers a chat message (routing, as a mention would be) for a Slack surface (see runSafely). */
export function answerSafely(
  text: string,
  lang: Lang,
  services: Services,
  logger: { error(...msg: unknown[]): void },
  what: string,
  infrastructureAllowed = false,
  thread?: ThreadRef,
): Promise<Outcome> {
  return runSafely(lang, logger, what, async () => {
    const { reply, route, reading } = await answerMessage(text, services, { defaultLang: lang, remote: true, infrastructureAllowed, ...(thread ? { thread } : {}) });
    return { reply, invocation: route.invocation, route, followup: reading?.thread.followup === true };
  });
}

/** Runs a command for a Slack surface (see runSafely). */
export function runInvocation(inv: Invocation, services: Services, logger: { error(...msg: unknown[]): void }): Promise<Outcome> {
  return runSafely(inv.lang ?? inv.defaultLang ?? 'en', logger, `command ${inv.command}`, async () => ({
    reply: await dispatch({ ...inv, remote: true }, services),
    invocation: inv,
  }));
}

/** Who asked, as the store keeps it: the Slack user (hashed by the Recorder) and the kind of channel. */
export interface Asker {
  user: string | undefined;
  channelKind: ChannelKind;
}

/**
 * Runs `work` and records the question (text, band, top entries, route, latency) under a new id that the
 * reply's buttons then carry. The write is queued by the Recorder and runs after the reply: never on its path.
 * An answer's band (and whether it was a follow-up) is told to the services' observers (metrics).
 */
export async function recorded(
  { recorder, services }: { recorder: Recorder; services: Pick<Services, 'observe'> },
  text: string,
  asker: Asker,
  work: () => Promise<Outcome>,
): Promise<Outcome> {
  const started = performance.now();
  const outcome = await work();
  if ('kind' in outcome) return outcome;
  const reply = outcome.reply;
  if (reply.kind === 'result' && reply.command === 'ask') services.observe?.answered?.((reply.result as AskResult).band, outcome.followup === true);
  const route = outcome.route ?? { invocation: outcome.invocation };
  const id = recordQuestion(recorder, { text, reply: outcome.reply, route, latencyMs: performance.now() - started, channelKind: asker.channelKind, user: asker.user ?? 'unknown' });
  return { ...outcome, questionId: id };
}

export function messageFor(outcome: Outcome, share: boolean): SlackMessage {
  if ('kind' in outcome) return textMessage(S.internal[outcome.lang], outcome.lang);
  const message = replyMessage(outcome.reply, outcome.invocation, share);
  if (!outcome.questionId) return message;
  const reply = outcome.reply;
  const band = reply.kind === 'result' && reply.command === 'ask' ? (reply.result as AskResult).band : undefined;
  // "Did you mean" and the probable band's picks are recorded as choices.
  const suggest = band === 'suggest' || band === 'probable';
  return tagButtons(message, outcome.questionId, suggest);
}

/** Blocks of a posted message without its buttons (for sharing, or once feedback is given). */
export function withoutActions(blocks: readonly unknown[] | undefined): KnownBlock[] {
  return ((blocks ?? []) as KnownBlock[]).filter((b) => b && typeof b === 'object' && b.type !== 'actions');
}
