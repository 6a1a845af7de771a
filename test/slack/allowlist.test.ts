import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buttonsOf, CHANNEL, DM, Harness, submission, USER } from './harness.js';

/**
 * With allow-lists set, anyone else gets a polite ephemeral refusal and nothing runs.
 *
 * "Nothing else happened" cannot be seen at the moment the refusal arrives: an answer that wrongly follows it
 * comes a little later. So each refusal is followed by a sentinel, the same request from an allowed user in
 * an allowed channel, and only once the sentinel is answered is the refused request checked for anything
 * beyond its refusal.
 */
const BOB = 'U0BOB';
const ALLOWED = 'C0OTHER';
const h = new Harness({ NETBOT_ALLOWED_USERS: BOB, NETBOT_ALLOWED_CHANNELS: ALLOWED });
beforeAll(async () => {
  await h.start();
}, 20_000);
afterAll(async () => {
  await h.stop();
});

const REFUSAL = /only available to selected users/;
const QUESTION = 'how do I apply for reverse DNS';
const json = (value: unknown) => JSON.stringify(value);
let tsCounter = 0;
const nextTs = () => `1720000000.${String(++tsCounter).padStart(6, '0')}`;
const postsIn = (threadTs: string) => h.fake.callsTo('chat.postMessage').filter((c) => c.args.thread_ts === threadTs);
const responsesTo = (id: string) => h.fake.responses.filter((r) => r.id === id);
/** A moment more after the sentinel, for a wrong answer that was still on its way. */
const settle = () => new Promise((r) => setTimeout(r, 100));

/** Bob's mention in the allowed channel, answered in its thread: a message with buttons, and a sentinel. */
async function answered() {
  const ts = nextTs();
  await h.event({ type: 'app_mention', user: BOB, text: `<@UBOT> ${QUESTION}`, ts, channel: ALLOWED });
  const post = await h.fake.waitForCall('chat.postMessage', (a) => a.thread_ts === ts);
  const message = { type: 'message', ts: `${ts}9`, thread_ts: ts, text: post.args.text, blocks: post.args.blocks, bot_id: 'BBOT', user: 'UBOT' };
  return { ts, message };
}

describe('allow-lists: slash commands', () => {
  it('refuses a slash command from a user not on the list', async () => {
    const res = await h.command('/ecs-bw', '5M');
    expect(res.status).toBe(200);
    const reply = await h.fake.waitForResponse(res.id);
    expect(reply.body.response_type).toBe('ephemeral');
    expect(json(reply.body.blocks)).toMatch(REFUSAL);
    expect(json(reply.body.blocks)).not.toMatch(/100/);
    // Sentinel: the same command from Bob is answered; by then no second reply has reached Alice's.
    const bob = await h.command('/ecs-bw', '5M', { user_id: BOB, channel_id: ALLOWED });
    expect(json((await h.fake.waitForResponse(bob.id)).body.blocks)).toMatch(/100/);
    await settle();
    expect(responsesTo(res.id)).toHaveLength(1);
  });

  it('serves an allowed user in an allowed channel', async () => {
    const res = await h.command('/ecs-bw', '5M', { user_id: BOB, channel_id: ALLOWED });
    const reply = await h.fake.waitForResponse(res.id);
    expect(json(reply.body.blocks)).toMatch(/100/);
  });
});

describe('allow-lists: mentions and DMs', () => {
  it.each([
    ['a mention from a user not on the list', { type: 'app_mention', user: USER, text: `<@UBOT> ${QUESTION}`, channel: CHANNEL }],
    ['a mention from an allowed user in a channel not on the list', { type: 'app_mention', user: BOB, text: `<@UBOT> ${QUESTION}`, channel: CHANNEL }],
    ['a DM from a user not on the list', { type: 'message', channel_type: 'im', user: USER, text: QUESTION, channel: DM }],
  ])('refuses %s with an ephemeral message, posting nothing visible', async (_name, event) => {
    const ts = nextTs();
    await h.event({ ...event, ts });
    const call = await h.fake.waitForCall('chat.postEphemeral', (a) => a.thread_ts === ts);
    expect(call.args).toMatchObject({ user: event.user, channel: event.channel });
    expect(json(call.args.blocks)).toMatch(REFUSAL);
    await answered(); // the sentinel: the same question, allowed, answered in its thread
    await settle();
    expect(postsIn(ts)).toEqual([]);
    expect(h.fake.callsTo('chat.postEphemeral').filter((c) => c.args.thread_ts === ts)).toHaveLength(1);
  });
});

describe('allow-lists: buttons', () => {
  const button = (blocks: unknown, actionId: string) => buttonsOf(blocks).find((b) => b.action_id === actionId)!;

  it('an entry button clicked by a user not on the list: the refusal, and no answer in the thread', async () => {
    const [mine, bobs] = [await answered(), await answered()];
    const click = await h.click(button(mine.message.blocks, 'netbot_entry'), { channel: ALLOWED, message: mine.message });
    expect(click.status).toBe(200);
    const refusal = await h.fake.waitForResponse(click.id);
    expect(refusal.body).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(json(refusal.body.blocks)).toMatch(REFUSAL);
    // Sentinel: Bob's click on the same button of his answer is answered in his thread.
    await h.click(button(bobs.message.blocks, 'netbot_entry'), { channel: ALLOWED, message: bobs.message, user: BOB });
    await h.fake.waitFor(() => (postsIn(bobs.ts).length >= 2 ? true : undefined));
    await settle();
    expect(postsIn(mine.ts)).toHaveLength(1); // the original answer only
    expect(responsesTo(click.id)).toHaveLength(1);
  });

  it('a feedback button clicked by a user not on the list: the refusal; no vote, no update', async () => {
    const [mine, bobs] = [await answered(), await answered()];
    const click = await h.click(button(mine.message.blocks, 'netbot_feedback_up'), { channel: ALLOWED, message: mine.message });
    const refusal = await h.fake.waitForResponse(click.id);
    expect(refusal.body).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(json(refusal.body.blocks)).toMatch(REFUSAL);
    // Sentinel: Bob's vote on his answer is recorded and its buttons replaced.
    await h.click(button(bobs.message.blocks, 'netbot_feedback_up'), { channel: ALLOWED, message: bobs.message, user: BOB });
    await h.fake.waitForCall('chat.update', (a) => a.ts === bobs.message.ts);
    await settle();
    expect(h.fake.callsTo('chat.update').filter((c) => c.args.ts === mine.message.ts)).toEqual([]);
    const { votes } = await h.rows();
    expect(votes.filter((v) => v.userHash === h.userHash(USER))).toEqual([]);
    expect(votes.filter((v) => v.userHash === h.userHash(BOB))).toHaveLength(1);
    expect(responsesTo(click.id)).toHaveLength(1);
  });

  it.each(['netbot_entry', 'netbot_feedback_down', 'netbot_suggest_none'])(
    'a %s click on an ephemeral reply, by a user not on the list: the refusal and nothing else',
    async (actionId) => {
      const { message } = await answered();
      const action = actionId === 'netbot_suggest_none' ? { action_id: actionId, value: 'none', label: 'None of these' } : button(message.blocks, actionId);
      const mark = h.fake.calls.length;
      const click = await h.click(action, { channel: ALLOWED });
      const refusal = await h.fake.waitForResponse(click.id);
      expect(refusal.body).toMatchObject({ response_type: 'ephemeral', replace_original: false });
      expect(json(refusal.body.blocks)).toMatch(REFUSAL);
      // Sentinel: Bob's identical click gets its reply through its own response_url.
      const bob = await h.click(action, { channel: ALLOWED, user: BOB });
      const served = await h.fake.waitForResponse(bob.id);
      expect(json(served.body.blocks)).not.toMatch(REFUSAL);
      await settle();
      expect(responsesTo(click.id)).toHaveLength(1);
      expect(h.fake.calls.slice(mark).filter((c) => c.args.user === USER || c.args.channel === USER)).toEqual([]);
      const { votes, choices } = await h.rows();
      expect([...votes, ...choices].filter((v) => v.userHash === h.userHash(USER))).toEqual([]);
    },
  );
});

describe('allow-lists: the canswap modal', () => {
  const values = { network: { option: 'vpc' }, age: { value: '2h' }, swaps: { value: '0' }, status: { option: 'stopped' }, publicIp: { option: 'nat' } };
  const VERDICT = /public IP/i;

  it('a submission from a user not on the list closes the modal and gets the refusal, not the verdict', async () => {
    const mark = h.fake.calls.length;
    const res = await h.interaction(submission(values, { channel: ALLOWED, lang: 'en' }));
    expect(res.status).toBe(200);
    expect(res.text).toBe('');
    const refusal = await h.fake.waitForCall('chat.postEphemeral', (a) => a.user === USER && a.channel === ALLOWED);
    expect(json(refusal.args.blocks)).toMatch(REFUSAL);
    expect(json(refusal.args.blocks)).not.toMatch(VERDICT);
    // Sentinel: Bob's identical submission gets the verdict.
    await h.interaction(submission(values, { channel: ALLOWED, lang: 'en' }, BOB));
    await h.fake.waitForCall('chat.postEphemeral', (a) => a.user === BOB && VERDICT.test(json(a.blocks)));
    await settle();
    const toAlice = h.fake.calls.slice(mark).filter((c) => c.args.user === USER || c.args.channel === USER);
    expect(toAlice).toEqual([refusal]);
  });

  it('an invalid submission from a user not on the list gets the refusal, not a reading of the fields', async () => {
    const mark = h.fake.calls.length;
    const res = await h.interaction(submission({ ...values, age: { value: 'banana' } }, { channel: ALLOWED, lang: 'en' }));
    expect(res.status).toBe(200);
    expect(res.text).toBe(''); // no inline field errors
    const refusal = await h.fake.waitForCall('chat.postEphemeral', (a) => a.user === USER && a.channel === ALLOWED);
    expect(json(refusal.args.blocks)).toMatch(REFUSAL);
    await h.interaction(submission(values, { channel: ALLOWED, lang: 'en' }, BOB));
    await h.fake.waitForCall('chat.postEphemeral', (a) => a.user === BOB && VERDICT.test(json(a.blocks)));
    await settle();
    expect(h.fake.calls.slice(mark).filter((c) => c.args.user === USER || c.args.channel === USER)).toEqual([refusal]);
  });

  it('a submission from a DM (no channel) by a user not on the list: the refusal by DM, nothing else', async () => {
    const mark = h.fake.calls.length;
    await h.interaction(submission(values, { lang: 'en' }));
    const refusal = await h.fake.waitForCall('chat.postMessage', (a) => a.channel === USER);
    expect(json(refusal.args.blocks)).toMatch(REFUSAL);
    expect(json(refusal.args.blocks)).not.toMatch(VERDICT);
    await h.interaction(submission(values, { lang: 'en' }, BOB));
    await h.fake.waitForCall('chat.postMessage', (a) => a.channel === BOB && VERDICT.test(json(a.blocks)));
    await settle();
    const toAlice = h.fake.calls.slice(mark).filter((c) => c.args.user === USER || c.args.channel === USER);
    expect(toAlice).toEqual([refusal]);
  });
});
