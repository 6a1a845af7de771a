import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHANNEL, Harness } from './harness.js';

/** With allow-lists set, anyone else gets a polite ephemeral refusal and nothing runs. */
const h = new Harness({ NETBOT_ALLOWED_USERS: 'U0BOB', NETBOT_ALLOWED_CHANNELS: 'C0OTHER' });
beforeAll(async () => {
  await h.start();
}, 20_000);
afterAll(async () => {
  await h.stop();
});

describe('allow-lists', () => {
  it('refuses a slash command from a user not on the list', async () => {
    const res = await h.command('/ecs-bw', '5M');
    expect(res.status).toBe(200);
    const reply = await h.fake.waitForResponse(res.id);
    expect(reply.body.response_type).toBe('ephemeral');
    expect(JSON.stringify(reply.body.blocks)).toMatch(/only available to selected users/);
    expect(JSON.stringify(reply.body.blocks)).not.toMatch(/100/);
  });

  it('refuses a mention with an ephemeral message, posting nothing visible', async () => {
    const ts = '1720000000.000001';
    await h.event({ type: 'app_mention', user: 'U0ALICE', text: '<@UBOT> how do I apply for reverse DNS', ts, channel: CHANNEL });
    const call = await h.fake.waitForCall('chat.postEphemeral', (a) => a.thread_ts === ts);
    expect(call.args.user).toBe('U0ALICE');
    expect(h.fake.callsTo('chat.postMessage')).toEqual([]);
  });

  it('serves an allowed user in an allowed channel', async () => {
    const res = await h.command('/ecs-bw', '5M', { user_id: 'U0BOB', channel_id: 'C0OTHER' });
    const reply = await h.fake.waitForResponse(res.id);
    expect(JSON.stringify(reply.body.blocks)).toMatch(/100/);
  });
});
