import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buttonsOf, Harness, USER } from './harness.js';

/** The "Ask ecs-netbot" message shortcut (issue #10: asking from anywhere, threads included). */
const h = new Harness({ NETBOT_ALLOWED_USERS: USER, NETBOT_DNS_SERVER: '127.0.0.1:9', NETBOT_DNS_TIMEOUT_MS: '300' });
beforeAll(() => h.start(), 20_000);
afterAll(() => h.stop());
const json = (value: unknown) => JSON.stringify(value);


describe('message shortcut "Ask ecs-netbot"', () => {
  it('answers the chosen message privately, with the citation and a Share button', async () => {
    const res = await h.messageShortcut('<@UBOT> 弹性网卡在哪建');
    const id = res.id;
    expect(res.status).toBe(200);
    const reply = await h.fake.waitForResponse(id);
    expect(reply.body.response_type).toBe('ephemeral');
    expect(json(reply.body.blocks)).toMatch(/来源/);
    expect(json(reply.body.blocks)).toMatch(/创建弹性网卡/);
    expect(buttonsOf(reply.body.blocks).map((b) => b.action_id)).toContain('netbot_share');
    expect(h.fake.callsTo('chat.postMessage').filter((c) => c.args.thread_ts === '1700000000.000001')).toEqual([]); // nothing public
  });

  it('a calculation in the message runs the calculator, as a mention would', async () => {
    const { id } = await h.messageShortcut('5M带宽入网多少');
    expect(json((await h.fake.waitForResponse(id)).body)).toMatch(/100 Mbps/);
  });

  it('a message without text gets a clear note, and a user not on the allow-list the refusal', async () => {
    const empty = await h.messageShortcut(undefined);
    expect(json((await h.fake.waitForResponse(empty.id)).body)).toMatch(/no text to answer/);
    const stranger = await h.messageShortcut('what is an EIP', 'U0MALLORY');
    const refusal = await h.fake.waitForResponse(stranger.id);
    expect(json(refusal.body)).toMatch(/only available to selected users/);
    expect(json(refusal.body)).not.toMatch(/Elastic IP/);
  });
});
