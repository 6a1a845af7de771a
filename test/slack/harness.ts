import { randomUUID } from 'node:crypto';
import { testServices } from '../support/services.js';
import { createSlackBot, type BotOptions, type SlackBot } from '../../src/slack/app.js';
import { loadConfig, type SlackConfig } from '../../src/slack/config.js';
import { FakeSlack } from './fake-slack.js';
import type { Rows } from '../../src/store/types.js';
import { tempRecorder } from '../support/recorder.js';
import { blockActionsPayload } from '../support/slack-payloads.js';
import { signedHeaders } from './sign.js';

export const SECRET = '8f742231b10e8888abcd99yyyzzz85a5'.replace(/[yz]/g, '0');
export const TEAM = 'T0FAKE';
export const CHANNEL = 'C0CHANNEL';
export const DM = 'D0DIRECT';
export const USER = 'U0ALICE';

const FORM = 'application/x-www-form-urlencoded';

/** The real Bolt HTTP receiver on a loopback port, talking to a fake Slack Web API. */
export class Harness {
  readonly fake = new FakeSlack();
  bot!: SlackBot;
  base = '';
  /** The SQLite file the bot records into (when the harness made it): a second bot can open it too. */
  dbPath = '';
  private eventCounter = 0;
  private cleanup: (() => Promise<void>) | undefined;

  constructor(
    private readonly env: Record<string, string> = {},
    private readonly botOptions: BotOptions = {},
  ) {}

  async start(): Promise<this> {
    await this.fake.start();
    const config = loadConfig({
      SLACK_BOT_TOKEN: 'xoxb-000-111-testtoken',
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: this.fake.apiUrl,
      LOG_LEVEL: 'error',
      // Loopback only: a test's bot is never reachable from the network.
      NETBOT_HOST: '127.0.0.1',
      ...this.env,
    }) as SlackConfig;
    // Every harness records into its own SQLite file, as `npm start` does by default.
    let recorder = this.botOptions.recorder;
    if (!recorder) {
      const temp = await tempRecorder({ record: this.env.NETBOT_RECORD !== 'off' });
      recorder = temp.recorder;
      this.dbPath = temp.path;
      this.cleanup = temp.cleanup;
    }
    this.bot = createSlackBot(config, testServices({ ...this.env }), { ...this.botOptions, recorder });
    const { port } = await this.bot.start(0);
    this.base = `http://127.0.0.1:${port}`;
    return this;
  }

  async stop(): Promise<void> {
    await this.bot?.stop();
    await this.cleanup?.();
    await this.fake.close();
  }

  /** Everything recorded so far, once pending writes are written. */
  async rows(): Promise<Rows> {
    await this.bot.recorder.flush();
    return this.bot.recorder.rowsSince(new Date(0));
  }

  /** The hash the store keeps instead of a Slack user id. */
  userHash(user: string): string {
    return this.bot.recorder.hashOf(user)!;
  }

  /** POSTs a raw body to /slack/events, signed (unless told otherwise) like Slack does. */
  async post(rawBody: string, contentType: string, opts: { timestamp?: number; secret?: string; headers?: Record<string, string> } = {}) {
    const headers = { ...signedHeaders(opts.secret ?? SECRET, rawBody, contentType, opts.timestamp), ...opts.headers };
    const res = await fetch(`${this.base}/slack/events`, { method: 'POST', headers, body: rawBody });
    return { status: res.status, text: await res.text() };
  }

  /**
   * A slash command as Slack sends it; returns the response_url id its reply goes to. `opts.id` sends the same
   * invocation again (its trigger_id and response_url); `opts.timestamp` signs it at another second.
   */
  async command(command: string, text: string, extra: Record<string, string> = {}, opts: { id?: string; timestamp?: number } = {}) {
    const id = opts.id ?? randomUUID();
    const form = new URLSearchParams({
      token: 'legacy-verification-token',
      team_id: TEAM,
      team_domain: 'fake',
      channel_id: CHANNEL,
      channel_name: 'netops',
      user_id: USER,
      user_name: 'alice',
      command,
      text,
      api_app_id: 'A0NETBOT',
      is_enterprise_install: 'false',
      response_url: this.fake.responseUrl(id),
      trigger_id: `trigger-${id}`,
      ...extra,
    });
    const res = await this.post(form.toString(), FORM, { timestamp: opts.timestamp });
    return { ...res, id, triggerId: `trigger-${id}` };
  }

  /** An Events API delivery (event_callback envelope); `opts.timestamp` signs it at another second (Slack's retry). */
  async event(event: Record<string, unknown>, opts: { eventId?: string; headers?: Record<string, string>; timestamp?: number } = {}) {
    this.eventCounter += 1;
    const eventId = opts.eventId ?? `Ev${Date.now()}${this.eventCounter}`;
    const body = JSON.stringify({
      token: 'legacy-verification-token',
      team_id: TEAM,
      api_app_id: 'A0NETBOT',
      event: { event_ts: event.ts, ...event },
      type: 'event_callback',
      event_id: eventId,
      event_time: Math.floor(Date.now() / 1000),
      authorizations: [{ enterprise_id: null, team_id: TEAM, user_id: 'UBOT', is_bot: true, is_enterprise_install: false }],
      is_ext_shared_channel: false,
    });
    return { ...(await this.post(body, 'application/json', { headers: opts.headers, timestamp: opts.timestamp })), eventId };
  }

  /** An interactivity payload (block_actions, view_submission): form field payload=<JSON>. */
  async interaction(payload: Record<string, unknown>) {
    return this.post('payload=' + encodeURIComponent(JSON.stringify(payload)), FORM);
  }

  /** "Ask ecs-netbot" (the message shortcut) on a message with `text` (none: a message without text), by `user`. */
  async messageShortcut(text: string | undefined, user = USER) {
    const id = randomUUID();
    const res = await this.interaction({
      type: 'message_action',
      callback_id: 'netbot_ask',
      trigger_id: `trigger-${id}`,
      action_ts: '1700000002.000000',
      team: { id: TEAM, domain: 'fake' },
      user: { id: user, name: user.toLowerCase(), team_id: TEAM },
      channel: { id: CHANNEL, name: 'netops' },
      message: { type: 'message', user: 'U0CAROL', ts: '1700000000.000100', thread_ts: '1700000000.000001', ...(text === undefined ? {} : { text }) },
      response_url: this.fake.responseUrl(id),
      token: 'legacy-verification-token',
    });
    return { ...res, id };
  }

  /**
   * A button click on a message; `message` absent = an ephemeral message (Slack does not send it back).
   * `user` clicks (default USER).
   */
  async click(action: { action_id: string; value: string; label: string }, where: { channel?: string; message?: Record<string, unknown>; user?: string } = {}) {
    const id = randomUUID();
    const channel = where.channel ?? CHANNEL;
    const user = where.user ?? USER;
    const res = await this.interaction(
      blockActionsPayload({ user, channel, team: TEAM, responseUrl: this.fake.responseUrl(id), triggerId: `trigger-${id}`, action, ...(where.message ? { message: where.message } : {}) }),
    );
    return { ...res, id };
  }
}

/** Every button in a list of Block Kit blocks. */
export function buttonsOf(blocks: unknown): Array<{ action_id: string; value: string; label: string }> {
  const out: Array<{ action_id: string; value: string; label: string }> = [];
  for (const block of (blocks ?? []) as Array<{ type: string; elements?: Array<{ type: string; action_id: string; value: string; text: { text: string } }> }>) {
    if (block.type !== 'actions') continue;
    for (const e of block.elements ?? []) if (e.type === 'button') out.push({ action_id: e.action_id, value: e.value, label: e.text.text });
  }
  return out;
}

/** A view_submission of the canswap modal: one value per block (text) or option (select), from `user`. */
export function submission(values: Record<string, { value?: string; option?: string }>, metadata: { channel?: string; lang: string } = { channel: CHANNEL, lang: 'en' }, user = USER) {
  const state: Record<string, Record<string, unknown>> = {};
  for (const [block, v] of Object.entries(values)) {
    state[block] = {
      value: v.option !== undefined ? { type: 'static_select', selected_option: { value: v.option, text: { type: 'plain_text', text: v.option } } } : { type: 'plain_text_input', value: v.value ?? null },
    };
  }
  return {
    type: 'view_submission',
    team: { id: TEAM, domain: 'fake' },
    user: { id: user, username: user.toLowerCase(), name: user.toLowerCase(), team_id: TEAM },
    api_app_id: 'A0NETBOT',
    token: 'legacy-verification-token',
    trigger_id: 'trigger-view',
    view: {
      id: 'V0FAKE',
      team_id: TEAM,
      type: 'modal',
      callback_id: 'netbot_canswap',
      private_metadata: JSON.stringify(metadata),
      state: { values: state },
      hash: 'h',
      title: { type: 'plain_text', text: 'Can I change the IP?' },
      blocks: [],
      app_id: 'A0NETBOT',
      bot_id: 'BBOT',
      root_view_id: 'V0FAKE',
      previous_view_id: null,
      clear_on_close: false,
      notify_on_close: false,
    },
    response_urls: [],
    is_enterprise_install: false,
  };
}
