import type { App, webApi } from '@slack/bolt';
import { isAllowed, mayReadInfrastructure } from '../access.js';
import { signCards } from '../cards.js';
import type { Deps } from '../deps.js';
import { readsInfrastructure } from '../../app/dispatch.js';
import { homeView } from '../home.js';
import { isMaintainer, maintainerBlocks } from '../report.js';
import type { Block } from '../../render/doc.js';
import type { ChannelKind } from '../../store/types.js';
import { declineOffer, isExpertsThread, relayExpertReply, type ChannelMessage } from '../experts.js';
import { answerSafely, langOf, messageFor, recorded, textMessage } from '../reply.js';
import { slackStrings as S } from '../strings.js';
import { slackThread } from '../threads.js';

export interface Question {
  channel: string;
  user: string | undefined;
  text: string;
  ts: string;
  threadTs?: string;
  clientMsgId?: string;
}

/** Removes the bot's own mention (and a leading mention when the bot's id is not known yet). */
export function stripMention(text: string, botUserId: string | undefined): string {
  let out = text;
  if (botUserId) out = out.split(new RegExp(`<@${botUserId}(?:\\|[^>]*)?>`, 'g')).join(' ');
  else out = out.replace(/^\s*<@[UW][A-Z0-9]+(?:\|[^>]*)?>/, ' ');
  return out.replace(/\s+/g, ' ').trim();
}

interface MessageLike {
  channel: string;
  user?: string;
  text?: string;
  ts: string;
  thread_ts?: string;
  client_msg_id?: string;
}

/** The question in a mention or a DM, without the bot's own mention. */
function questionOf(event: MessageLike, botUserId: string | undefined): Question {
  return {
    channel: event.channel,
    user: event.user,
    text: stripMention(event.text ?? '', botUserId),
    ts: event.ts,
    threadTs: event.thread_ts,
    clientMsgId: event.client_msg_id,
  };
}

/** Answers a question in a thread: the message's own thread, or a new one under it. */
async function answer(q: Question, deps: Deps): Promise<void> {
  // The same message can arrive as app_mention and as message.im (at two replicas), and Slack may redeliver: answer once.
  const keys = [`msg:${q.channel}:${q.ts}`, ...(q.clientMsgId ? [`cmid:${q.clientMsgId}`] : [])];
  const fresh = await Promise.all(keys.map((k) => deps.recorder.claim(k)));
  if (!fresh.every(Boolean)) return;
  const lang = langOf(q.text, deps.config.lang);
  const thread_ts = q.threadTs ?? q.ts;
  if (!isAllowed(deps.config, q.user, q.channel)) {
    if (q.user) await deps.outbox.ephemeral({ channel: q.channel, user: q.user, threadTs: thread_ts }, textMessage(S.notAllowed[lang], lang), 'mention (not allowed)');
    return;
  }
  const { message, infrastructure } = await replyTo(q, lang, deps);
  // Instance facts are infrastructure data: outside a DM they go only to the asker (with Share in channel).
  if (infrastructure && q.user && !q.channel.startsWith('D')) {
    await deps.outbox.ephemeral({ channel: q.channel, user: q.user, threadTs: thread_ts }, message, 'mention');
    return;
  }
  // Through the outbox: kept until Slack takes it, and remembered for an edit of the question once posted.
  await deps.outbox.post({ channel: q.channel, threadTs: thread_ts }, message, 'mention', (ts) => deps.answers.record(q.channel, q.ts, ts));
}

/** The kind of conversation, by its id's first letter: all the store keeps of where a question was asked. */
export const channelKindOf = (channel: string | undefined): ChannelKind => (channel?.startsWith('D') ? 'dm' : channel?.startsWith('G') ? 'group' : 'channel');

async function replyTo(q: Question, lang: ReturnType<typeof langOf>, deps: Deps) {
  const asker = { user: q.user, channelKind: channelKindOf(q.channel) };
  const allowed = mayReadInfrastructure(deps.config, q.user, q.channel);
  // The message is read in its conversation: a follow-up ("要停机吗") inherits the thread's topic.
  const thread = slackThread(deps.threads, q);
  const outcome = await recorded(deps, q.text, asker, () => answerSafely(q.text, lang, deps.services, deps.logger, 'message', allowed, thread));
  const infrastructure = !('kind' in outcome) && readsInfrastructure(outcome.invocation);
  // A decline offers its asker the experts' channel (when one is configured).
  return { message: declineOffer(deps.experts, outcome, signCards(messageFor(outcome, infrastructure), deps.config), q), infrastructure };
}

/** A question edited within a few minutes of its answer: the answer is updated in place, not posted again. */
async function answerEdit(q: Question, deps: Deps, client: webApi.WebClient): Promise<void> {
  const answerTs = deps.answers.answerTo(q.channel, q.ts);
  if (!answerTs || !q.text || !isAllowed(deps.config, q.user, q.channel)) return;
  const lang = langOf(q.text, deps.config.lang);
  const { message, infrastructure } = await replyTo(q, lang, deps);
  if (!infrastructure) await client.chat.update({ channel: q.channel, ts: answerTs, ...message });
}

export function registerEvents(app: App, deps: Deps): void {
  app.event('app_mention', async ({ event, context }) => {
    if (event.bot_id || (event as { subtype?: string }).subtype || event.edited) return;
    // An expert naming the bot in a reply to the experts' post is answering, not asking.
    if (await isExpertsThread(deps.experts, deps.recorder, event.channel, event.thread_ts)) return;
    await answer(questionOf(event, context.botUserId), deps);
  });

  app.event('message', async ({ event, client, context }) => {
    if (deps.experts && event.channel === deps.experts.channel) {
      await relayExpertReply({ desk: deps.experts, recorder: deps.recorder, client, logger: deps.logger }, event as ChannelMessage, context.botUserId);
      return;
    }
    if (event.channel_type !== 'im') return;
    if (event.subtype === 'message_changed') {
      // An edit of a question already answered (DMs: edits in channels are not delivered to the bot).
      const edited = event.message as MessageLike & { bot_id?: string; subtype?: string };
      if (!edited.bot_id && !edited.subtype) await answerEdit(questionOf({ ...edited, channel: event.channel }, context.botUserId), deps, client);
      return;
    }
    // Only plain messages a person typed in a DM: no joins, bot posts or other subtypes.
    if (event.subtype !== undefined || event.bot_id) return;
    if (!event.text || !event.user) return;
    await answer(questionOf(event, context.botUserId), deps);
  });

  app.event('app_home_opened', async ({ event, client }) => {
    if (event.tab !== 'home') return;
    // The page is one person's: in their Slack language, listing only the commands they may run.
    const lang = await deps.userLangs.of(event.user, deps.config.lang);
    const infrastructure = mayReadInfrastructure(deps.config, event.user, undefined);
    const publish = (extra: Block[]) => client.views.publish({ user_id: event.user, view: homeView(lang, extra, { infrastructure }) });
    // Maintainers also see the gaps report (the bot's copy, never computed on this path); everyone else sees nothing of it.
    if (!isMaintainer(deps, event.user)) {
      await publish([]);
      return;
    }
    // A fresh copy on its way is published again when ready: once per user, however often the tab is opened.
    const later = (blocks: Block[]) =>
      void publish(blocks).catch((error: unknown) => deps.logger.warn(`App Home not updated with the fresh report: ${error instanceof Error ? error.message : String(error)}`));
    await publish(maintainerBlocks(deps, lang, { later: { key: `home:${event.user}`, show: later } }));
  });
}
