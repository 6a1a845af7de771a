import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buttonsOf, CHANNEL, Harness, TEAM, USER } from './harness.js';

/** The "Ask ecs-netbot" message shortcut (issue #10: asking from anywhere, threads included). */
const h = new Harness({ NETBOT_ALLOWED_USERS: USER, NETBOT_DNS_SERVER: '127.0.0.1:9', NETBOT_DNS_TIMEOUT_MS: '300' });
beforeAll(() => h.start(), 20_000);
afterAll(() => h.stop());
const json = (value: unknown) => JSON.stringify(value);

function shortcut(text: string | undefined, user = USER) {
  const id = randomUUID();
  const payload = {
    type: 'message_action',
    callback_id: 'netbot_ask',
    trigger_id: `trigger-${id}`,
    action_ts: '1700000002.000000',
    team: { id: TEAM, domain: 'fake' },
    user: { id: user, name: user.toLowerCase(), team_id: TEAM },
    channel: { id: CHANNEL, name: 'netops' },
    message: { type: 'message', user: 'U0CAROL', ts: '1700000000.000100', thread_ts: '1700000000.000001', ...(text === undefined ? {} : { text }) },
    response_url: h.fake.responseUrl(id),
    token: 'legacy-verification-token',
  };
  return { id, payload };
}

describe('message shortcut "Ask ecs-netbot"', () => {
  it('answers the chosen message privately, with the citation and a Share button', async () => {
    const { id, payload } = shortcut('<@UBOT> 弹性网卡在哪建');
    const res = await h.interaction(payload);
    expect(res.status).toBe(200);
    const reply = await h.fake.waitForResponse(id);
    expect(reply.body.response_type).toBe('ephemeral');
    expect(json(reply.body.blocks)).toMatch(/来源/);
    expect(json(reply.body.blocks)).toMatch(/创建弹性网卡/);
    expect(buttonsOf(reply.body.blocks).map((b) => b.action_id)).toContain('netbot_share');
    expect(h.fake.callsTo('chat.postMessage').filter((c) => c.args.thread_ts === '1700000000.000001')).toEqual([]); // nothing public
  });

  it('a calculation in the message runs the calculator, as a mention would', async () => {
    const { id, payload } = shortcut('5M带宽入网多少');
    await h.interaction(payload);
    expect(json((await h.fake.waitForResponse(id)).body)).toMatch(/100 Mbps/);
  });

  it('a message without text gets a clear note, and a user not on the allow-list the refusal', async () => {
    const empty = shortcut(undefined);
    await h.interaction(empty.payload);
    expect(json((await h.fake.waitForResponse(empty.id)).body)).toMatch(/no text to answer/);
    const stranger = shortcut('what is an EIP', 'U0MALLORY');
    await h.interaction(stranger.payload);
    const refusal = await h.fake.waitForResponse(stranger.id);
    expect(json(refusal.body)).toMatch(/only available to selected users/);
    expect(json(refusal.body)).not.toMatch(/Elastic IP/);
  });
});
