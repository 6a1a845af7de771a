import { createHash } from 'node:crypto';
import type { App } from '@slack/bolt';
import { parseSlash } from '../../app/route.js';
import { isAllowed, mayReadInfrastructure } from '../access.js';
import { canswapModal } from '../canswap-modal.js';
import type { Deps } from '../deps.js';
import { signCards } from '../cards.js';
import { langOf, messageFor, recorded, runInvocation, textMessage, toMessage, type SlackMessage } from '../reply.js';
import { isMaintainer, REPORT_REQUEST, reportBlocks, wantsRefresh } from '../report.js';
import { slackStrings as S } from '../strings.js';
import type { Block } from '../../render/doc.js';

/** Every /ecs-<command> maps to dispatch generically, so a command added to COMMANDS needs only a manifest line. */
export const SLASH_COMMAND = /^\/ecs-[a-z]+$/;

export function registerCommands(app: App, deps: Deps): void {
  app.command(SLASH_COMMAND, async ({ command, ack, client }) => {
    // Acknowledge at once with no body: the reply follows through response_url, so slow commands (DNS) are fine.
    await ack();
    // Slack sends one request per invocation, named by its trigger_id: a duplicate delivery, to any replica, runs
    // once. Without a trigger_id there is nothing to tell a duplicate from a user typing the same thing again.
    if (command.trigger_id) {
      const request = createHash('sha256').update([command.team_id, command.user_id, command.channel_id, command.command, command.text, command.trigger_id].join('\u0000')).digest('hex');
      if (!(await deps.recorder.claim(`slash:${request}`))) return;
    }
    const text = command.text ?? '';
    const lang = langOf(text, deps.config.lang);
    // Private replies go through the outbox: response_url, then chat.postEphemeral, kept until delivered.
    const reply = (message: SlackMessage) => deps.outbox.privately({ responseUrl: command.response_url, channel: command.channel_id, user: command.user_id }, message, command.command);
    if (!isAllowed(deps.config, command.user_id, command.channel_id)) {
      await reply(textMessage(S.notAllowed[lang], lang));
      return;
    }
    const inv = parseSlash(`${command.command} ${text}`);
    if (!inv) return;
    if (inv.command === 'canswap' && !text.trim()) {
      try {
        await client.views.open({ trigger_id: command.trigger_id, view: canswapModal({ channel: command.channel_id, lang }) });
        return;
      } catch (error) {
        // An expired trigger (slow network) must not leave the user with nothing: show the typed form instead.
        deps.logger.warn(`views.open failed: ${error instanceof Error ? error.message : String(error)}`);
        inv.tokens = ['help'];
      }
    }
    // The gaps report, for maintainers only: for anyone else "report" is an ordinary question.
    if (inv.command === 'ask' && REPORT_REQUEST.test(text) && isMaintainer(deps, command.user_id)) {
      // The bot's copy at once (with its age); a fresh one, when on its way, follows as a second reply.
      const later = { key: `slash:${command.trigger_id ?? command.response_url}`, show: (blocks: Block[]) => void reply(toMessage({ blocks }, lang)) };
      await reply(toMessage({ blocks: reportBlocks(deps, lang, { refresh: wantsRefresh(text), later }) }, lang));
      return;
    }
    const invocation = { ...inv, defaultLang: lang, infrastructureAllowed: mayReadInfrastructure(deps.config, command.user_id, command.channel_id) };
    const run = () => runInvocation(invocation, deps.services, deps.logger);
    const asker = { user: command.user_id, channelKind: 'slash' as const };
    const outcome = inv.command === 'ask' ? await recorded(deps, text, asker, run) : await run();
    await reply(signCards(messageFor(outcome, true), deps.config));
  });
}
