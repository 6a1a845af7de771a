/** A block_actions payload as Slack sends it for one button click (HTTP interactivity or a Socket Mode envelope). */
export function blockActionsPayload(opts: {
  user: string;
  channel: string;
  team: string;
  responseUrl: string;
  triggerId: string;
  action: { action_id: string; value: string; label: string };
  /** The message the button sits on; absent = an ephemeral message (Slack does not send it back). */
  message?: Record<string, unknown>;
  actionTs?: string;
}): Record<string, unknown> {
  const { user, channel, team, message, action } = opts;
  return {
    type: 'block_actions',
    user: { id: user, username: user.toLowerCase(), name: user.toLowerCase(), team_id: team },
    api_app_id: 'A0NETBOT',
    token: 'legacy-verification-token',
    container: message
      ? { type: 'message', message_ts: message.ts, channel_id: channel, is_ephemeral: false }
      : { type: 'message', message_ts: '1700000000.999999', channel_id: channel, is_ephemeral: true },
    trigger_id: opts.triggerId,
    team: { id: team, domain: 'fake' },
    enterprise: null,
    is_enterprise_install: false,
    channel: { id: channel, name: 'netops' },
    ...(message ? { message } : {}),
    state: { values: {} },
    response_url: opts.responseUrl,
    actions: [
      {
        type: 'button',
        action_id: action.action_id,
        block_id: 'b1',
        text: { type: 'plain_text', text: action.label, emoji: true },
        value: action.value,
        action_ts: opts.actionTs ?? '1700000001.000000',
      },
    ],
  };
}
