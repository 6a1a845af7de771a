import { createHmac, timingSafeEqual } from 'node:crypto';
import type { KnownBlock } from '@slack/types';
import type { InstanceResult } from '../commands/instance.js';
import { cardTokens, decodeCard, type CardRef } from '../render/card.js';
import { instanceViewDoc } from '../render/instance.js';
import { mayReadInfrastructure } from './access.js';
import type { Deps } from './deps.js';
import { runInvocation, toMessage, messageFor, type SlackMessage } from './reply.js';

/**
 * The instance card in Slack: its "Details" and "Back" buttons (action ids netbot_card_<view>) carry a
 * CardRef (src/render/card.ts) and a signature, so a value the bot did not make is refused before anything
 * is read. Each click reads the instance again (through the cloud client's 30 s cache), as the clicking
 * user (NETBOT_TRIAGE_ALLOW is checked again), and the view replaces the card where it is.
 */
export const CARD_ACTION = /^netbot_card_/;

const keys = new WeakMap<object, Buffer>();

/** The signing key: derived from the bot token, so every replica has the same one and nothing new is configured. */
function keyOf(config: Deps['config']): Buffer {
  let key = keys.get(config);
  if (!key) {
    key = createHmac('sha256', config.botToken).update('ecs-netbot card buttons v1').digest();
    keys.set(config, key);
  }
  return key;
}

/** 128 bits of HMAC-SHA256, base64url: enough to make a guess hopeless, short enough for a button. */
const signatureOf = (value: string, key: Buffer) => createHmac('sha256', key).update(value).digest('base64url').slice(0, 22);

/** Signs the value of every card button in a message (other buttons are left as they are). */
export function signCards(message: SlackMessage, config: Deps['config']): SlackMessage {
  const key = keyOf(config);
  const blocks = message.blocks.map((block): KnownBlock => {
    if (block.type !== 'actions') return block;
    const elements = block.elements.map((el) =>
      el.type === 'button' && el.action_id && CARD_ACTION.test(el.action_id) && el.value ? { ...el, value: `${el.value}.${signatureOf(el.value, key)}` } : el,
    );
    return { ...block, elements };
  });
  return { ...message, blocks };
}

/** The ref a signed value carries, or undefined when the signature or any field is not what the bot made. */
export function verifyCard(signed: string, config: Deps['config']): CardRef | undefined {
  const at = signed.lastIndexOf('.');
  if (at < 1) return undefined;
  const value = signed.slice(0, at);
  const given = Buffer.from(signed.slice(at + 1));
  const expected = Buffer.from(signatureOf(value, keyOf(config)));
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  return decodeCard(value);
}

/**
 * The message a card button asks for, as `user` in `channel` may see it: the view (replace: true), or the
 * refusal or error the command gave (replace: false: the card stays, the answer comes beside it).
 */
export async function cardMessage(ref: CardRef, who: { user: string; channel: string | undefined }, deps: Deps): Promise<{ message: SlackMessage; replace: boolean }> {
  const invocation = {
    command: 'instance',
    tokens: cardTokens(ref),
    lang: ref.lang,
    infrastructureAllowed: mayReadInfrastructure(deps.config, who.user, who.channel),
  };
  const outcome = await runInvocation(invocation, deps.services, deps.logger);
  if ('kind' in outcome || outcome.reply.kind !== 'result') return { message: messageFor(outcome, false), replace: false };
  const doc = instanceViewDoc(outcome.reply.result as InstanceResult, ref.lang, ref.view, ref.ptr);
  // The summary keeps its "Share in channel" (the summary is what is shared, without buttons).
  const share = ref.view === 'summary' ? ({ kind: 'cmd', command: 'instance', tokens: invocation.tokens, lang: ref.lang } as const) : undefined;
  return { message: signCards(toMessage(doc, ref.lang, share), deps.config), replace: true };
}
