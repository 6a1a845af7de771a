import type { App } from '@slack/bolt';
import { isAllowed } from '../access.js';
import { CANSWAP_CALLBACK_ID, readMetadata, readSubmission } from '../canswap-modal.js';
import { DOWN_REASON_CALLBACK_ID, readDownMeta, readDownReason } from '../down-reason-modal.js';
import type { Deps } from '../deps.js';
import { messageFor, runInvocation, textMessage } from '../reply.js';
import { slackStrings as S } from '../strings.js';

export function registerViews(app: App, deps: Deps): void {
  // The 👎 menu: adds the reason (and note) to the vote recorded when 👎 was clicked.
  app.view(DOWN_REASON_CALLBACK_ID, async ({ ack, body, view }) => {
    const meta = readDownMeta(view.private_metadata);
    const picked = readDownReason(view.state.values as Parameters<typeof readDownReason>[0]);
    if (!meta) return void (await ack());
    if (!picked) return void (await ack({ response_action: 'errors', errors: { reason: S.downReason.pickOne[meta.lang] } }));
    await ack();
    deps.recorder.reason({ entryId: meta.entryId, questionId: meta.questionId, ...picked }, body.user.id);
  });

  app.view(CANSWAP_CALLBACK_ID, async ({ ack, body, view }) => {
    const meta = readMetadata(view.private_metadata, deps.config.lang);
    const { lang } = meta;
    const user = body.user.id;
    // The allow-list first: someone not on it gets the refusal, never a reading of their input.
    const allowed = isAllowed(deps.config, user, meta.channel);
    const submission = readSubmission(view.state.values, lang, deps.services);
    if (allowed && !submission.ok) {
      // Slack shows these under the inputs and keeps the modal open.
      await ack({ response_action: 'errors', errors: submission.errors });
      return;
    }
    await ack();
    const outcome = allowed && submission.ok ? await runInvocation({ command: 'canswap', tokens: submission.tokens, defaultLang: lang }, deps.services, deps.logger) : undefined;
    // The share button needs the ephemeral message's response_url: none in a DM.
    const render = (share: boolean) => (outcome ? messageFor(outcome, share) : textMessage(S.notAllowed[lang], lang));
    // Refused in the channel (e.g. the bot is not in it): a direct message instead. A reply still pending is on its way.
    if (meta.channel && (await deps.outbox.ephemeral({ channel: meta.channel, user }, render(true), 'canswap form')).state !== 'failed') return;
    await deps.outbox.post({ channel: user }, render(false), 'canswap form (by DM)');
  });
}
