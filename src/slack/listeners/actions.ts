import type { App, BlockButtonAction, RespondFn, webApi } from '@slack/bolt';
import { dispatch } from '../../app/dispatch.js';
import { detectLang, type Lang } from '../../i18n/lang.js';
import { calculatorCommands } from '../../app/intent.js';
import { declineDoc, entryAnswerDoc, entryBlocks } from '../../render/ask.js';
import { decodeOffer } from '../../render/offer.js';
import type { Doc } from '../../render/doc.js';
import { isAllowed, mayReadInfrastructure } from '../access.js';
import type { Deps } from '../deps.js';
import type { Vote } from '../../store/types.js';
import { downReasonModal } from '../down-reason-modal.js';
import { splitRef, tagButtons, type ButtonRef } from '../refs.js';
import { CARD_ACTION, cardMessage, verifyCard } from '../cards.js';
import { clickTicket, confirmStep, EXPERTS_ASK, EXPERTS_CANCEL, EXPERTS_SEND, offerMessage, sendStep, withAskButton, type ExpertsContext } from '../experts.js';
import { contextMessage, decodeShare, messageFor, runInvocation, textMessage, toMessage, withoutActions, type SharePayload, type SlackMessage } from '../reply.js';
import { slackStrings as S } from '../strings.js';

interface ActionArgs {
  body: BlockButtonAction;
  client: webApi.WebClient;
  respond: RespondFn;
}

/** Ephemeral messages (slash command replies) can only be answered through response_url. */
const isEphemeral = (body: BlockButtonAction) => Boolean(body.container?.is_ephemeral) || !body.message;

/**
 * The language of the message a button sits on, from its first block (the question, or "Did you mean"):
 * not from the whole text, whose citation names the Chinese guide in either language.
 */
function messageLang(body: BlockButtonAction, fallback: Lang): Lang {
  const first = (body.message?.blocks as Array<{ text?: { text?: unknown } }> | undefined)?.[0];
  const text = first?.text?.text;
  return typeof text === 'string' ? detectLang(text) : fallback;
}

const channelOf = (body: BlockButtonAction) => body.channel?.id ?? (body.container?.channel_id as string | undefined);

const labelOf = (body: BlockButtonAction) => `button ${body.actions[0]?.action_id ?? ''}`;

/** A private reply to the clicking user, through the outbox: response_url, then chat.postEphemeral. */
async function privately({ body }: ActionArgs, message: SlackMessage, deps: Deps): Promise<void> {
  await deps.outbox.privately({ responseUrl: body.response_url, channel: channelOf(body), user: body.user.id }, { replace_original: false, ...message }, labelOf(body));
}

/** Replies where the click happened: in the message's thread, or privately to an ephemeral message. */
async function replyHere(args: ActionArgs, message: SlackMessage, deps: Deps): Promise<void> {
  const { body } = args;
  const channel = channelOf(body);
  if (isEphemeral(body) || !channel || !body.message) {
    await privately(args, message, deps);
    return;
  }
  await deps.outbox.post({ channel, threadTs: (body.message.thread_ts as string | undefined) ?? body.message.ts }, message, labelOf(body));
}

function entryDoc(deps: Deps, id: string, lang: Lang): Doc | undefined {
  const entry = deps.services.kb.byId.get(id);
  return entry ? entryAnswerDoc(entry, lang) : undefined;
}

async function shareMessage(deps: Deps, payload: SharePayload, body: BlockButtonAction): Promise<SlackMessage | undefined> {
  if (payload.kind === 'entry') {
    const entry = deps.services.kb.byId.get(payload.id);
    return entry ? toMessage({ blocks: entryBlocks(entry, payload.lang) }, payload.lang) : undefined;
  }
  const infrastructureAllowed = mayReadInfrastructure(deps.config, body.user.id, channelOf(body));
  const reply = await dispatch({ command: payload.command, tokens: payload.tokens, lang: payload.lang, remote: true, infrastructureAllowed }, deps.services);
  return reply.kind === 'result' ? toMessage({ blocks: reply.doc.blocks }, reply.lang) : undefined;
}

/** What a click on an answer in a thread gives the experts' flow (see clickTicket). */
const clickOf = ({ body }: ActionArgs, questionId: string | undefined, hint?: string) => ({
  user: body.user.id,
  channel: channelOf(body),
  message: body.message as { ts?: string; thread_ts?: string } | undefined,
  ephemeral: isEphemeral(body),
  questionId,
  ...(hint ? { hint } : {}),
});

export function registerActions(app: App, deps: Deps): void {
  const experts = (client: webApi.WebClient): ExpertsContext => ({ desk: deps.experts, recorder: deps.recorder, client, logger: deps.logger });

  /** Acknowledges, checks the allow-lists, then runs the handler. */
  const on = (actionId: string | RegExp, handler: (args: ActionArgs, value: string, lang: Lang, ref: ButtonRef) => Promise<void>) =>
    app.action<BlockButtonAction>(actionId, async ({ ack, body, client, respond }) => {
      await ack();
      const args = { body, client, respond };
      const lang = messageLang(body, deps.config.lang);
      if (!isAllowed(deps.config, body.user.id, body.channel?.id)) {
        await privately(args, textMessage(S.notAllowed[lang], lang), deps);
        return;
      }
      const ref = splitRef(body.actions[0]?.value ?? '');
      await handler(args, ref.value, lang, ref);
    });

  // "Next match" and "Did you mean" buttons: the entry's full answer, in the language of its label.
  on('netbot_entry', async (args, value, fallback, ref) => {
    const id = value.replace(/^entry:/, '');
    // A "did you mean" pick: the question → entry pair the report suggests as an alias.
    if (ref.choice && deps.services.kb.byId.has(id)) deps.recorder.choice({ at: new Date(), questionId: ref.questionId, entryId: id }, args.body.user.id);
    const label = args.body.actions[0]?.text.text;
    const lang = label ? detectLang(label) : fallback;
    const doc = entryDoc(deps, id, lang);
    if (!doc) return replyHere(args, textMessage(S.entryMissing[lang], lang), deps);
    const share = isEphemeral(args.body) ? ({ kind: 'entry', id, lang } as const) : undefined;
    const message = toMessage(doc, lang, share);
    // Its 👍/👎 still belong to the question first asked.
    await replyHere(args, ref.questionId ? tagButtons(message, ref.questionId, false) : message, deps);
  });

  // 👍/👎: record, then swap the buttons for a short thanks; a 👎 also opens the reason menu.
  on(/^netbot_feedback_(up|down)$/, async ({ body, client, respond }, value, lang, ref) => {
    const match = /^feedback:(up|down):(.+)$/.exec(value);
    if (!match || !deps.services.kb.byId.has(match[2]!)) return;
    const vote = match[1] as Vote;
    const entryId = match[2]!;
    deps.recorder.vote({ at: new Date(), questionId: ref.questionId, entryId, vote }, body.user.id);
    if (vote === 'down') {
      // The vote is kept whatever happens to the menu (an expired trigger, a closed modal).
      await client.views
        .open({ trigger_id: body.trigger_id, view: downReasonModal({ entryId, questionId: ref.questionId, lang }) })
        .catch((error: unknown) => deps.logger.warn(`reason menu not shown: ${error instanceof Error ? error.message : String(error)}`));
    }
    const thanks = contextMessage(S.feedbackThanks[lang], lang);
    const message = body.message;
    if (!message) {
      await respond({ response_type: 'ephemeral', replace_original: false, ...thanks });
      return;
    }
    const updated = { blocks: [...withoutActions(message.blocks as unknown[]), ...thanks.blocks], text: message.text ?? thanks.text };
    const channel = body.channel?.id;
    if (isEphemeral(body) || !channel) await respond({ response_type: 'ephemeral', replace_original: true, ...updated });
    else await client.chat.update({ channel, ts: message.ts, ...updated });
    // A 👎 in a thread: the presser, privately, may send the question to the experts.
    const ticket = vote === 'down' && deps.experts ? await clickTicket(deps.recorder, clickOf({ body, client, respond }, ref.questionId, entryId)) : undefined;
    if (ticket) await privately({ body, client, respond }, offerMessage(deps.experts!, ticket), deps);
  });

  // "Calculate it" next to an FAQ answer: run the calculator the routing offered (calculators only).
  on('netbot_run', async (args, value, lang) => {
    const offer = decodeOffer(value);
    if (!offer || !calculatorCommands.has(offer.command)) return replyHere(args, textMessage(S.runFailed[lang], lang), deps);
    const invocation = { command: offer.command, tokens: offer.tokens, defaultLang: lang, infrastructureAllowed: mayReadInfrastructure(deps.config, args.body.user.id, channelOf(args.body)) };
    const outcome = await runInvocation(invocation, deps.services, deps.logger);
    await replyHere(args, messageFor(outcome, isEphemeral(args.body)), deps);
  });

  // "None of these": the honest decline with tips.
  on('netbot_suggest_none', async (args, _value, lang, ref) => {
    deps.recorder.choice({ at: new Date(), questionId: ref.questionId }, args.body.user.id);
    const decline = toMessage(declineDoc(lang), lang);
    const ticket = deps.experts ? await clickTicket(deps.recorder, clickOf(args, ref.questionId)) : undefined;
    await replyHere(args, ticket ? withAskButton(decline, deps.experts!, ticket) : decline, deps);
  });

  // "Ask the experts": the post's preview, privately, with Send and Cancel (see slack/experts.ts for the checks).
  on(EXPERTS_ASK, async (args, value, lang) => {
    await privately(args, await confirmStep(experts(args.client), args.body.user.id, value, lang), deps);
  });

  // Send and Cancel sit on the private preview: their result replaces it.
  const replacePreview = async (args: ActionArgs, message: SlackMessage) => {
    try {
      await args.respond({ response_type: 'ephemeral', replace_original: true, ...message });
    } catch {
      await privately(args, message, deps);
    }
  };
  on(EXPERTS_SEND, async (args, value, lang) => replacePreview(args, await sendStep(experts(args.client), args.body.user.id, value, lang)));
  on(EXPERTS_CANCEL, async (args, value) => {
    const lang = value === 'cancel:zh' ? 'zh' : 'en';
    await replacePreview(args, textMessage(S.experts.cancelled[lang], lang));
  });

  // An instance card's "Details" and "Back": the view replaces the card where it is (still private); a value the
  // bot did not sign is refused before anything is read.
  on(CARD_ACTION, async (args, value, lang) => {
    const { body, client } = args;
    const ref = verifyCard(value, deps.config);
    if (!ref) {
      deps.logger.warn(`card button refused: ${body.actions[0]?.action_id ?? ''} carries a value this bot did not sign`);
      await privately(args, textMessage(S.cardRefused[lang], lang), deps);
      return;
    }
    const channel = channelOf(body);
    const { message, replace } = await cardMessage(ref, { user: body.user.id, channel }, deps);
    if (!replace) return void (await privately(args, message, deps));
    if (isEphemeral(body) || !channel || !body.message) {
      await deps.outbox.privately({ responseUrl: body.response_url, channel, user: body.user.id }, { replace_original: true, ...message }, labelOf(body));
    } else {
      await client.chat.update({ channel, ts: body.message.ts, ...message });
    }
  });

  // "Share in channel": post the reply visibly, without buttons.
  on('netbot_share', async ({ body, client, respond }, value, lang) => {
    const payload = decodeShare(value);
    const original = body.message?.blocks ? { blocks: withoutActions(body.message.blocks as unknown[]), text: body.message.text ?? '' } : undefined;
    const message = original ?? (payload ? await shareMessage(deps, payload, body) : undefined);
    if (!message) {
      await privately({ body, client, respond }, textMessage(S.shareFailed[lang], lang), deps);
      return;
    }
    await deps.outbox.respond(body.response_url, { response_type: 'in_channel', replace_original: false, ...message }, labelOf(body));
  });
}
