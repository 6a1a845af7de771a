import type { App, MessageShortcut } from '@slack/bolt';
import { isAllowed, mayReadInfrastructure } from '../access.js';
import { signCards } from '../cards.js';
import type { Deps } from '../deps.js';
import { stripMention } from './events.js';
import { answerSafely, langOf, messageFor, recorded, textMessage } from '../reply.js';
import { slackStrings as S } from '../strings.js';

/** The message shortcut's callback id (manifest.yml → features.shortcuts). */
export const ASK_SHORTCUT = 'netbot_ask';

/**
 * "Ask ecs-netbot" on any message (slash commands do not work in threads): the message's text is answered
 * privately to the user who chose it, like a mention would be, with Share in channel.
 */
export function registerShortcuts(app: App, deps: Deps): void {
  app.shortcut<MessageShortcut>({ type: 'message_action', callback_id: ASK_SHORTCUT }, async ({ ack, shortcut, context }) => {
    await ack();
    const text = stripMention(shortcut.message.text ?? '', context.botUserId);
    const lang = langOf(text, deps.config.lang);
    const target = { responseUrl: shortcut.response_url, channel: shortcut.channel.id, user: shortcut.user.id };
    const reply = (message: ReturnType<typeof textMessage>) => deps.outbox.privately(target, message, 'shortcut Ask ecs-netbot');
    if (!isAllowed(deps.config, shortcut.user.id, shortcut.channel.id)) return void (await reply(textMessage(S.notAllowed[lang], lang)));
    if (!text) return void (await reply(textMessage(S.shortcutEmpty[lang], lang)));
    const asker = { user: shortcut.user.id, channelKind: 'shortcut' as const };
    const outcome = await recorded(deps, text, asker, () => answerSafely(text, lang, deps.services, deps.logger, 'shortcut', mayReadInfrastructure(deps.config, shortcut.user.id, shortcut.channel.id)));
    await reply(signCards(messageFor(outcome, true), deps.config));
  });
}
