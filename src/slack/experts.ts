import { createHash, randomBytes } from 'node:crypto';
import type { Logger, webApi } from '@slack/bolt';
import type { ActionsBlock, KnownBlock, SectionBlock } from '@slack/types';
import { storedText } from '../app/record.js';
import type { AskResult } from '../commands/ask.js';
import { fill, isLang, type Lang } from '../i18n/lang.js';
import { escapeSlack, SLACK_LIMITS } from '../render/blocks.js';
import type { Recorder } from '../store/recorder.js';
import { CHANNEL_ID, USER_ID } from './config.js';
import { ExpertsSeal } from './experts-seal.js';
import { contextMessage, textMessage, toMessage, type Outcome, type SlackMessage } from './reply.js';
import { slackStrings } from './strings.js';
import { conversationKey } from './threads.js';

const S = slackStrings.experts;

/** The experts' buttons (action ids the listeners match). */
export const EXPERTS_ASK = 'netbot_experts_ask';
export const EXPERTS_SEND = 'netbot_experts_send';
export const EXPERTS_CANCEL = 'netbot_experts_cancel';

/**
 * What an "Ask the experts" button carries, signed (see ExpertsSeal): who may press it (the asker), their
 * thread (where answers come back), the question's words and language. The confirm step adds the permalink
 * it showed, and a nonce so that a double click on Send posts once. Everything here is visible to the asker
 * in their own thread already; the store keeps none of it in the clear.
 */
export interface Ticket {
  /** The asker's user id. */
  u: string;
  /** The channel of the asker's thread, and the thread's ts. */
  c: string;
  t: string;
  l: Lang;
  /** The question's text (cut to fit a button). */
  x: string;
  /** The recorded question's id, and the entry the asker saw (👎, "did you mean"): where a draft starts. */
  q?: string;
  e?: string;
  /** Added by the preview: the permalink it showed, and a nonce (one post per press of Send). */
  p?: string;
  n?: string;
}

const TS = /^\d{6,12}\.\d{1,8}$/;
const QUESTION_ID = /^[A-Za-z0-9_-]{6,40}$/;
const ENTRY_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const PERMALINK = /^https:\/\/[^\s<>|]+$/;
const NONCE = /^[A-Za-z0-9_-]{8,32}$/;

/** Every field checked, as at any boundary: a signed value is trusted for who made it, not for its shape. */
function asTicket(data: unknown): Ticket | undefined {
  const d = (data && typeof data === 'object' ? data : {}) as Record<string, unknown>;
  const ok = (v: unknown, re: RegExp) => typeof v === 'string' && re.test(v);
  const optional = (v: unknown, re: RegExp) => v === undefined || ok(v, re);
  if (!ok(d.u, USER_ID) || !ok(d.c, CHANNEL_ID) || !ok(d.t, TS) || !isLang(d.l) || typeof d.x !== 'string' || !d.x.trim() || d.x.length > SLACK_LIMITS.buttonValue) return undefined;
  if (!optional(d.q, QUESTION_ID) || !optional(d.e, ENTRY_ID) || !optional(d.p, PERMALINK) || !optional(d.n, NONCE)) return undefined;
  const t: Ticket = { u: d.u as string, c: d.c as string, t: d.t as string, l: d.l, x: d.x };
  for (const key of ['q', 'e', 'p', 'n'] as const) if (typeof d[key] === 'string') t[key] = d[key] as string;
  return t;
}

/** The experts' channel and the keys of its flow: one per app, present only when NETBOT_EXPERTS_CHANNEL is set. */
export class ExpertsDesk {
  readonly seal: ExpertsSeal;

  constructor(
    readonly channel: string,
    botToken: string,
  ) {
    this.seal = new ExpertsSeal(botToken);
  }

  /** The signed button value; a long question is cut (with "…") so that the value fits Slack's 2,000 characters. */
  encode(ticket: Ticket): string {
    let t = ticket;
    for (;;) {
      const value = this.seal.sign(JSON.stringify(t));
      if (value.length <= SLACK_LIMITS.buttonValue) return value;
      const chars = Array.from(t.x);
      t = { ...t, x: chars.slice(0, Math.floor(chars.length * 0.9) - 1).join('') + '…' };
    }
  }

  decode(value: string | undefined): Ticket | undefined {
    const text = value ? this.seal.verify(value) : undefined;
    if (text === undefined) return undefined;
    try {
      return asTicket(JSON.parse(text));
    } catch {
      return undefined;
    }
  }

  /** The asker's thread as the store keeps it: sealed. */
  sealOrigin(ticket: Pick<Ticket, 'c' | 't'>): string {
    return this.seal.seal(JSON.stringify({ c: ticket.c, t: ticket.t }));
  }

  openOrigin(sealed: string): { channel: string; ts: string } | undefined {
    try {
      const data = JSON.parse(this.seal.unseal(sealed) ?? 'null') as { c?: unknown; t?: unknown } | null;
      return data && typeof data.c === 'string' && CHANNEL_ID.test(data.c) && typeof data.t === 'string' && TS.test(data.t) ? { channel: data.c, ts: data.t } : undefined;
    } catch {
      return undefined;
    }
  }
}

/** A request's id: the same asker, thread and words give the same id, so a question is sent once. */
export const requestId = (t: Pick<Ticket, 'u' | 'c' | 't' | 'x'>): string => createHash('sha256').update(JSON.stringify([t.u, t.c, t.t, t.x])).digest('hex').slice(0, 24);

const section = (text: string): SectionBlock => ({ type: 'section', text: { type: 'mrkdwn', text } });
const button = (actionId: string, label: string, value: string, style?: 'primary'): ActionsBlock['elements'][number] => ({
  type: 'button',
  action_id: actionId,
  text: { type: 'plain_text', text: label, emoji: true },
  value,
  ...(style ? { style } : {}),
});

/** The "Ask the experts" button, for the asker named in the ticket. */
export function askBlock(desk: ExpertsDesk, ticket: Ticket): ActionsBlock {
  return { type: 'actions', elements: [button(EXPERTS_ASK, S.button[ticket.l], desk.encode(ticket))] };
}

/** A message with the button added (kept within Slack's 50 blocks). */
export function withAskButton(message: SlackMessage, desk: ExpertsDesk, ticket: Ticket): SlackMessage {
  const blocks = message.blocks.slice(0, SLACK_LIMITS.blocks - 1);
  return { ...message, blocks: [...blocks, askBlock(desk, ticket)] };
}

/** The offer after a 👎: a line and the button, sent privately to whoever pressed 👎. */
export function offerMessage(desk: ExpertsDesk, ticket: Ticket): SlackMessage {
  return withAskButton(contextMessage(S.offer[ticket.l], ticket.l), desk, ticket);
}

/** A reply is a decline worth a human: the FAQ found nothing, and not because the question is about another product. */
export function isPlainDecline(outcome: Outcome): boolean {
  if ('kind' in outcome || outcome.reply.kind !== 'result' || outcome.reply.command !== 'ask') return false;
  const result = outcome.reply.result as AskResult;
  return result.band === 'none' && !result.foreignCloud && !result.otherTopic;
}

/**
 * The decline of a mention or a DM with the button for its asker; any other reply unchanged. No entry hint:
 * a decline's closest entry is by definition not close (a draft from it starts at the FAQ chapter instead).
 */
export function declineOffer(desk: ExpertsDesk | undefined, outcome: Outcome, message: SlackMessage, q: { user?: string; channel: string; ts: string; threadTs?: string; text: string }): SlackMessage {
  if (!desk || !q.user || 'kind' in outcome || !isPlainDecline(outcome)) return message;
  const ticket: Ticket = { u: q.user, c: q.channel, t: q.threadTs ?? q.ts, l: outcome.reply.lang, x: plainSlackText(q.text), ...(outcome.questionId ? { q: outcome.questionId } : {}) };
  return withAskButton(message, desk, ticket);
}

/**
 * The ticket for a click on an answer in a thread (a 👎, "none of these"): the presser, the thread, and the
 * question's words from its recorded id. None for a private (ephemeral) reply, which has no thread to answer
 * in, or when the question cannot be found (another replica with the store down).
 */
export async function clickTicket(
  recorder: Recorder,
  click: { user: string; channel?: string; message?: { ts?: string; thread_ts?: string }; ephemeral: boolean; questionId?: string; hint?: string },
): Promise<Ticket | undefined> {
  const ts = click.message?.thread_ts ?? click.message?.ts;
  if (click.ephemeral || !click.channel || !ts || !click.questionId) return undefined;
  const brief = await recorder.questionBrief(click.questionId);
  if (!brief) return undefined;
  const hint = click.hint ?? brief.top[0]?.id;
  return { u: click.user, c: click.channel, t: ts, l: brief.lang, x: plainSlackText(brief.text), q: click.questionId, ...(hint ? { e: hint } : {}) };
}

/** True for a thread under one of the bot's posts in the experts' channel (a mention there is a reply, not a question). */
export async function isExpertsThread(desk: ExpertsDesk | undefined, recorder: Recorder, channel: string, threadTs: string | undefined): Promise<boolean> {
  if (!desk || channel !== desk.channel || !threadTs) return false;
  return (await recorder.expertRequest({ postKey: conversationKey(channel, threadTs) })) !== undefined;
}

/**
 * The post in the experts' channel: who asked (a mention, so an expert knows whom they help and can follow up;
 * the asker sees it in the preview before anything is posted), the question escaped (it cannot ping or link),
 * the link to their thread, and how to answer. The preview shows exactly these blocks.
 */
export function expertsPost(ticket: Ticket): SlackMessage {
  const { l: lang } = ticket;
  const quoted = escapeSlack(ticket.x)
    .split('\n')
    .map((line) => `>${line}`)
    .join('\n');
  const where = ticket.p ? `<${ticket.p}|${S.postLink[lang]}>` : ticket.c.startsWith('D') ? S.postDm[lang] : '';
  const blocks: KnownBlock[] = [section(fill(S.postHeader[lang], { asker: `<@${ticket.u}>` })), section(quoted)];
  if (where) blocks.push(section(where));
  blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: escapeSlack(S.postFooter[lang]) }] });
  const text = `${fill(S.postHeader[lang], { asker: `<@${ticket.u}>` })} ${escapeSlack(ticket.x).replace(/\s+/g, ' ')}`;
  return { blocks, text: text.slice(0, SLACK_LIMITS.fallbackText) };
}

/** The confirm step: the post as it will appear, then Send and Cancel (Send carries the permalink shown and a nonce). */
export function confirmMessage(desk: ExpertsDesk, ticket: Ticket): SlackMessage {
  const lang = ticket.l;
  const post = expertsPost(ticket);
  const send = desk.encode({ ...ticket, n: randomBytes(9).toString('base64url') });
  return {
    blocks: [
      { type: 'context', elements: [{ type: 'mrkdwn', text: fill(S.confirmIntro[lang], { channel: desk.channel }) }] },
      { type: 'divider' },
      ...post.blocks,
      { type: 'divider' },
      { type: 'actions', elements: [button(EXPERTS_SEND, S.send[lang], send, 'primary'), button(EXPERTS_CANCEL, S.cancel[lang], `cancel:${lang}`)] },
    ],
    text: post.text,
  };
}

/**
 * Slack's markup in an expert's message, as plain words: mentions and channel links become @name / #name
 * (relayed, they must not ping anyone), links "label (url)", and the three entities decoded. What is stored
 * and relayed is this text; the relay escapes it again.
 */
export function plainSlackText(text: string): string {
  return text
    .replace(/<([@#!])([^>|]*)(?:\|([^>]*))?>/g, (_all, sigil: string, id: string, label?: string) => {
      if (label) return sigil === '#' && !label.startsWith('#') ? `#${label}` : label;
      if (sigil === '!') return `@${id.replace(/\^.*$/, '')}`;
      return `${sigil}${id}`;
    })
    .replace(/<([^>|]+)\|([^>]*)>/g, (_all, url: string, label: string) => (label && label !== url ? `${label} (${url})` : url))
    .replace(/<([^>]+)>/g, '$1')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** An expert's answer in the asker's thread: attributed by mention, said to come from a person, escaped. */
export function relayMessage(expert: string, answer: string, lang: Lang): SlackMessage {
  const header = fill(S.relayHeader[lang], { expert: `<@${expert}>` });
  const body = toMessage({ blocks: [{ type: 'text', text: answer }] }, lang);
  return { blocks: [section(header), ...body.blocks].slice(0, SLACK_LIMITS.blocks), text: `${header} ${body.text}`.slice(0, SLACK_LIMITS.fallbackText) };
}

/** What the two button handlers and the relay need. */
export interface ExpertsContext {
  desk: ExpertsDesk | undefined;
  recorder: Recorder;
  client: webApi.WebClient;
  logger: Pick<Logger, 'warn' | 'debug'>;
}

const errorCode = (error: unknown): string => (error as { data?: { error?: string } }).data?.error ?? (error instanceof Error ? error.message.split('\n')[0]! : String(error));

/** The checks every press goes through: the experts' channel is set, the value is ours and unaltered, the presser asked. */
async function checked(ctx: ExpertsContext, presser: string, value: string | undefined, fallback: Lang): Promise<{ desk: ExpertsDesk; ticket: Ticket } | SlackMessage> {
  if (!ctx.desk) return textMessage(S.notConfigured[fallback], fallback);
  const ticket = ctx.desk.decode(value);
  if (!ticket) {
    ctx.logger.warn('experts: a button value that does not verify was refused');
    return textMessage(S.invalid[fallback], fallback);
  }
  if (ticket.u !== presser) return textMessage(S.notYours[ticket.l], ticket.l);
  if (await ctx.recorder.expertRequest({ id: requestId(ticket) })) return textMessage(S.alreadySent[ticket.l], ticket.l);
  return { desk: ctx.desk, ticket };
}

/** "Ask the experts": the private preview of the post, with Send and Cancel. */
export async function confirmStep(ctx: ExpertsContext, presser: string, value: string | undefined, fallback: Lang): Promise<SlackMessage> {
  const ok = await checked(ctx, presser, value, fallback);
  if ('blocks' in ok) return ok;
  const { desk, ticket } = ok;
  let permalink: string | undefined;
  // A DM's permalink opens only for its two members: the post says where it was asked instead.
  if (!ticket.c.startsWith('D')) {
    try {
      const res = await ctx.client.chat.getPermalink({ channel: ticket.c, message_ts: ticket.t });
      if (typeof res.permalink === 'string' && PERMALINK.test(res.permalink)) permalink = res.permalink;
    } catch (error) {
      // The post goes without the link rather than not at all.
      ctx.logger.warn(`experts: no permalink for the asker's thread: ${errorCode(error)}`);
    }
  }
  return confirmMessage(desk, { ...ticket, ...(permalink ? { p: permalink } : {}) });
}

/** "Send to the experts": posts once, remembers where answers go, and says what happened. */
export async function sendStep(ctx: ExpertsContext, presser: string, value: string | undefined, fallback: Lang): Promise<SlackMessage> {
  const ok = await checked(ctx, presser, value, fallback);
  if ('blocks' in ok) return ok;
  const { desk, ticket } = ok;
  const lang = ticket.l;
  const id = requestId(ticket);
  if (!ticket.n) return textMessage(S.invalid[lang], lang);
  // A double click, or the same press delivered to two replicas: one post.
  if (!(await ctx.recorder.claim(`experts:${id}:${ticket.n}`))) return textMessage(S.alreadySent[lang], lang);
  let ts: string | undefined;
  try {
    const posted = await ctx.client.chat.postMessage({ channel: desk.channel, ...expertsPost(ticket), unfurl_links: false, unfurl_media: false });
    ts = posted.ts;
  } catch (error) {
    ctx.logger.warn(`experts: could not post in the experts' channel: ${errorCode(error)}`);
    return textMessage(fill(S.postFailed[lang], { code: errorCode(error) }), lang);
  }
  if (!ts) return textMessage(fill(S.postFailed[lang], { code: 'no ts' }), lang);
  ctx.recorder.keepExpertRequest(
    {
      id,
      at: new Date(),
      postKey: conversationKey(desk.channel, ts),
      ...(ticket.q ? { questionId: ticket.q } : {}),
      text: storedText(ticket.x),
      lang,
      ...(ticket.e ? { hintEntry: ticket.e } : {}),
      origin: desk.sealOrigin(ticket),
    },
    ticket.u,
  );
  return contextMessage(S.sent[lang], lang);
}

/** A message event as the relay reads it. */
export interface ChannelMessage {
  channel: string;
  user?: string;
  text?: string;
  ts: string;
  thread_ts?: string;
  bot_id?: string;
  subtype?: string;
}

/**
 * A reply in the thread of one of the bot's posts in the experts' channel: kept as a candidate answer (the
 * expert's id hashed), and posted in the asker's thread by the bot, attributed to the expert. Anything else
 * in that channel (top-level messages, other threads, edits, joins, any bot, the bot itself) is ignored.
 */
export async function relayExpertReply(ctx: ExpertsContext, m: ChannelMessage, botUserId: string | undefined): Promise<void> {
  const { desk } = ctx;
  if (!desk || m.channel !== desk.channel) return;
  if (m.bot_id || !m.user || m.user === botUserId || !USER_ID.test(m.user)) return;
  if ((m.subtype !== undefined && m.subtype !== 'thread_broadcast') || !m.thread_ts || m.thread_ts === m.ts) return;
  // The bot's own mention (an expert may address it) is not part of the answer.
  const addressed = botUserId ? (m.text ?? '').split(new RegExp(`<@${botUserId}(?:\\|[^>]*)?>\\s*`, 'g')).join('') : (m.text ?? '');
  const answer = plainSlackText(addressed).trim().slice(0, 4000);
  if (!answer) return;
  const request = await ctx.recorder.expertRequest({ postKey: conversationKey(m.channel, m.thread_ts) });
  if (!request || !(await ctx.recorder.claim(`expert-reply:${m.channel}:${m.ts}`))) return;
  ctx.recorder.expertAnswer({ at: new Date(), requestId: request.id, text: answer }, m.user);
  const origin = desk.openOrigin(request.origin);
  try {
    if (!origin) throw new Error('the route was sealed with another bot token');
    await ctx.client.chat.postMessage({ channel: origin.channel, thread_ts: origin.ts, ...relayMessage(m.user, answer, request.lang), unfurl_links: false, unfurl_media: false });
  } catch (error) {
    ctx.logger.warn(`experts: an answer could not be passed on: ${errorCode(error)}`);
    // Said in the experts' thread, so the expert knows; the bot's own post there is ignored by this handler.
    await ctx.client.chat
      .postMessage({ channel: m.channel, thread_ts: m.thread_ts, ...contextMessage(fill(S.relayFailed[request.lang], { code: errorCode(error) }), request.lang) })
      .catch(() => undefined);
  }
}
