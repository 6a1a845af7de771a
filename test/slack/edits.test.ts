import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AnswerLog } from '../../src/slack/answer-log.js';
import { DM, Harness, USER } from './harness.js';

/** An edited question updates its answer (issue #10): in place, within a few minutes, never a second answer. */
const h = new Harness({ NETBOT_DNS_SERVER: '127.0.0.1:9', NETBOT_DNS_TIMEOUT_MS: '300' });
beforeAll(() => h.start(), 20_000);
afterAll(() => h.stop());
const json = (value: unknown) => JSON.stringify(value);

describe('an edited question', () => {
  it('in a DM, updates the answer in place (chat.update) with the answer to the new text', async () => {
    const ts = '1715000000.000001';
    await h.event({ type: 'message', channel_type: 'im', channel: DM, user: USER, text: '红烧肉怎么做', ts });
    const first = await h.fake.waitForCall('chat.postMessage', (a) => a.thread_ts === ts);
    expect(json(first.args.blocks)).toMatch(/抱歉/);
    await h.event({
      type: 'message', subtype: 'message_changed', channel_type: 'im', channel: DM, ts: '1715000000.000099', hidden: true,
      message: { type: 'message', user: USER, text: '弹性网卡在哪建', ts, edited: { user: USER, ts: '1715000000.000099' } },
      previous_message: { type: 'message', user: USER, text: '红烧肉怎么做', ts },
    });
    const update = await h.fake.waitForCall('chat.update', (a) => a.channel === DM && json(a.blocks).includes('创建弹性网卡'));
    expect(update.args.ts).toBe(h.fake.messages.find((m) => m.thread_ts === ts)!.ts); // the ts the fake gave the first answer
    const sentinel = '1715000000.000200';
    await h.event({ type: 'message', channel_type: 'im', channel: DM, user: USER, text: 'what is an EIP', ts: sentinel });
    await h.fake.waitForCall('chat.postMessage', (a) => a.thread_ts === sentinel);
    expect(h.fake.callsTo('chat.postMessage').filter((c) => c.args.thread_ts === ts)).toHaveLength(1);
  });

  it("Slack's retry of an edit (same event_id, signed again) updates the answer once and records the question once", async () => {
    const ts = '1717000000.000001';
    await h.event({ type: 'message', channel_type: 'im', channel: DM, user: USER, text: '红烧肉怎么做', ts });
    await h.fake.waitForCall('chat.postMessage', (a) => a.thread_ts === ts);
    const now = Math.floor(Date.now() / 1000);
    const edit = {
      type: 'message', subtype: 'message_changed', channel_type: 'im', channel: DM, ts: '1717000000.000099', hidden: true,
      message: { type: 'message', user: USER, text: 'where do I create an ENI', ts, edited: { user: USER, ts: '1717000000.000099' } },
    };
    const first = await h.event(edit, { timestamp: now - 1 });
    const retry = await h.event(edit, { eventId: first.eventId, timestamp: now, headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' } });
    expect([first.status, retry.status]).toEqual([200, 200]);
    await h.fake.waitForCall('chat.update', (a) => a.channel === DM);
    const sentinel = '1717000000.000200';
    await h.event({ type: 'message', channel_type: 'im', channel: DM, user: USER, text: 'what is an EIP', ts: sentinel });
    await h.fake.waitForCall('chat.postMessage', (a) => a.thread_ts === sentinel);
    await new Promise((r) => setTimeout(r, 150));
    const answerTs = h.fake.messages.find((m) => m.thread_ts === ts)!.ts;
    expect(h.fake.callsTo('chat.update').filter((c) => c.args.ts === answerTs)).toHaveLength(1);
    const { questions } = await h.rows();
    expect(questions.filter((q) => q.text === 'where do I create an ENI')).toHaveLength(1);
  });

  it('an edit of a message the bot never answered does nothing', async () => {
    const mark = h.fake.calls.length;
    await h.event({
      type: 'message', subtype: 'message_changed', channel_type: 'im', channel: DM, ts: '1716000000.000099',
      message: { type: 'message', user: USER, text: 'what is an EIP', ts: '1716000000.000001' },
    });
    const sentinel = '1716000000.000200';
    await h.event({ type: 'message', channel_type: 'im', channel: DM, user: USER, text: 'what is an EIP', ts: sentinel });
    await h.fake.waitForCall('chat.postMessage', (a) => a.thread_ts === sentinel);
    expect(h.fake.calls.slice(mark).map((c) => c.method)).toEqual(['chat.postMessage']);
  });
});

describe('AnswerLog', () => {
  it('remembers an answer for the edit window only, and a bounded number of them', () => {
    let now = 0;
    const log = new AnswerLog(5 * 60_000, 2, () => now);
    log.record('D1', 'q1', 'a1');
    now = 5 * 60_000;
    expect(log.answerTo('D1', 'q1')).toBe('a1');
    now += 1;
    expect(log.answerTo('D1', 'q1')).toBeUndefined();
    log.record('D1', 'q2', 'a2');
    log.record('D1', 'q3', 'a3');
    log.record('D1', 'q4', 'a4');
    expect(log.answerTo('D1', 'q2')).toBeUndefined();
    expect(log.answerTo('D1', 'q4')).toBe('a4');
  });
});
