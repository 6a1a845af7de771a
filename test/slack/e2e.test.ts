import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../src/app/dispatch.js';
import { findCommand } from '../../src/app/registry.js';
import { testServices } from '../support/services.js';
import { buttonsOf, CHANNEL, DM, Harness, submission, USER } from './harness.js';

/**
 * End to end through the real Bolt HTTP receiver: requests signed exactly as Slack signs them, the bot's
 * Web API calls and response_url posts recorded by a fake Slack on loopback.
 */
const h = new Harness({ NETBOT_DNS_SERVER: '127.0.0.1:9', NETBOT_DNS_TIMEOUT_MS: '300' });
beforeAll(async () => {
  await h.start();
}, 20_000);
afterAll(async () => {
  await h.stop();
});

const json = (value: unknown) => JSON.stringify(value);
let tsCounter = 0;
const nextTs = () => `1710000000.${String(++tsCounter).padStart(6, '0')}`;

describe('HTTP receiver basics', () => {
  it('answers GET /healthz with 200', async () => {
    const res = await fetch(`${h.base}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true, webApi: 'ok', queue: { running: 0, waiting: 0 }, memory: { rssMB: expect.any(Number), heapUsedMB: expect.any(Number) } });
  });

  it('answers the url_verification challenge', async () => {
    const res = await h.post(JSON.stringify({ token: 't', challenge: 'chal-123', type: 'url_verification' }), 'application/json');
    expect(res.status).toBe(200);
    expect(res.text).toContain('chal-123');
  });

  it('rejects a bad signature with 401 and runs nothing', async () => {
    const before = h.fake.responses.length;
    const form = new URLSearchParams({ command: '/ecs-bw', text: '5', user_id: USER, channel_id: CHANNEL, response_url: h.fake.responseUrl('bad-sig') });
    const res = await h.post(form.toString(), 'application/x-www-form-urlencoded', { secret: 'not-the-secret-0000000000000000' });
    expect(res.status).toBe(401);
    await new Promise((r) => setTimeout(r, 100));
    expect(h.fake.responses.length).toBe(before);
  });

  it('rejects a timestamp older than 5 minutes with 401', async () => {
    const form = new URLSearchParams({ command: '/ecs-bw', text: '5', user_id: USER, channel_id: CHANNEL, response_url: h.fake.responseUrl('stale') });
    const res = await h.post(form.toString(), 'application/x-www-form-urlencoded', { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 });
    expect(res.status).toBe(401);
  });
});

describe('slash commands', () => {
  it('/ecs-bw: empty ack, then an ephemeral reply with a share button through response_url', async () => {
    const res = await h.command('/ecs-bw', '5M');
    expect(res.status).toBe(200);
    expect(res.text).toBe('');
    const reply = await h.fake.waitForResponse(res.id);
    expect(reply.body.response_type).toBe('ephemeral');
    expect(json(reply.body.blocks)).toMatch(/100/); // 5 Mbps outbound → up to 100 Mbps inbound
    const share = buttonsOf(reply.body.blocks).find((b) => b.action_id === 'netbot_share');
    expect(share).toBeDefined();
    expect(JSON.parse(share!.value)).toEqual({ kind: 'cmd', command: 'bw', tokens: ['5M'], lang: 'en' });
  });

  it('the same invocation delivered twice (same trigger_id, signed a second apart) is answered once', async () => {
    const now = Math.floor(Date.now() / 1000);
    const first = await h.command('/ecs-bw', '7M', {}, { timestamp: now - 1 });
    // Not a replay of the same signature (the guard would refuse that): Slack's second delivery of one invocation.
    const again = await h.command('/ecs-bw', '7M', {}, { id: first.id, timestamp: now });
    expect([first.status, again.status]).toEqual([200, 200]);
    // A different invocation after it: once its reply is in, the duplicate has had its turn.
    const sentinel = await h.command('/ecs-bw', '8M');
    await h.fake.waitForResponse(sentinel.id);
    await h.fake.waitForResponse(first.id);
    await new Promise((r) => setTimeout(r, 150));
    expect(h.fake.responses.filter((r) => r.id === first.id)).toHaveLength(1);
  });

  it('/ecs-ask: the whole text is the question, answered with its citation', async () => {
    const res = await h.command('/ecs-ask', 'how do I apply for reverse DNS');
    const reply = await h.fake.waitForResponse(res.id);
    expect(reply.body.response_type).toBe('ephemeral');
    expect(json(reply.body.blocks)).toMatch(/Source: /);
    const ids = buttonsOf(reply.body.blocks).map((b) => b.action_id);
    expect(ids).toContain('netbot_feedback_up');
    expect(ids).toContain('netbot_share');
  });

  it('/ecs-ask in Chinese answers in Chinese', async () => {
    const res = await h.command('/ecs-ask', '怎么申请反向解析');
    const reply = await h.fake.waitForResponse(res.id);
    expect(json(reply.body.blocks)).toMatch(/来源/);
  });

  it('/ecs-canswap with arguments gives the verdict', async () => {
    const res = await h.command('/ecs-canswap', 'vpc 2h swaps=0 stopped nat');
    const reply = await h.fake.waitForResponse(res.id);
    expect(reply.body.response_type).toBe('ephemeral');
    expect(json(reply.body.blocks)).toMatch(/public IP/i);
    expect(buttonsOf(reply.body.blocks).some((b) => b.action_id === 'netbot_share')).toBe(true);
  });

  it.each(['bw', 'ask', 'canswap', 'subnet', 'ptr'])('/ecs-%s help is ephemeral and has no share button', async (name) => {
    expect(findCommand(name), `/ecs-${name} is registered`).toBeDefined();
    const res = await h.command(`/ecs-${name}`, 'help');
    const reply = await h.fake.waitForResponse(res.id);
    expect(reply.body.response_type).toBe('ephemeral');
    expect(json(reply.body.blocks)).toContain(`${name}:`);
    expect(buttonsOf(reply.body.blocks)).toEqual([]);
  });

  it('an error is ephemeral, has no share button, and escapes an injected <!channel>', async () => {
    const res = await h.command('/ecs-bw', '<!channel> <@U0BOSS> <http://evil.example|click>');
    const reply = await h.fake.waitForResponse(res.id);
    const body = json(reply.body);
    expect(reply.body.response_type).toBe('ephemeral');
    expect(buttonsOf(reply.body.blocks)).toEqual([]);
    expect(body).toContain('&lt;!channel&gt;');
    expect(body).not.toContain('<!channel>');
    expect(body).not.toContain('<@U0BOSS>');
    expect(String(reply.body.text)).not.toMatch(/<[!@h]/);
  });

  it('/ecs-subnet splits a network', async () => {
    expect(findCommand('subnet')).toBeDefined();
    const res = await h.command('/ecs-subnet', '10.0.0.0/16 --count 4');
    const reply = await h.fake.waitForResponse(res.id);
    expect(json(reply.body.blocks)).toContain('10.0.0.0/18');
  });

  it('/ecs-ptr replies (with an error) even when DNS is down, after the ack', async () => {
    expect(findCommand('ptr')).toBeDefined();
    const res = await h.command('/ecs-ptr', '192.0.2.10');
    expect(res.status).toBe(200);
    const reply = await h.fake.waitForResponse(res.id, 10_000);
    expect(reply.body.response_type).toBe('ephemeral');
    const blocks = json(reply.body.blocks);
    expect(blocks).toMatch(/192\.0\.2\.10|10\.2\.0\.192/);
    // The reply is the DNS failure itself (nothing listens on 127.0.0.1:9): the timeout, or "unreachable"
    // where the network refuses to send; never a PTR answer.
    expect(blocks).toMatch(/No answer from 127\.0\.0\.1:9 in 2 tries of 300 ms each|Could not send the query to 127\.0\.0\.1:9 \(network unreachable\)/);
    expect(blocks).not.toMatch(/IN PTR|PTR record/);
  });

  it('/ecs-canswap without arguments opens the modal with the trigger id, channel in private_metadata', async () => {
    const res = await h.command('/ecs-canswap', '');
    expect(res.status).toBe(200);
    const call = await h.fake.waitForCall('views.open', (a) => a.trigger_id === res.triggerId);
    const view = call.args.view as { callback_id: string; private_metadata: string; blocks: Array<{ block_id?: string; type: string; optional?: boolean }> };
    expect(view.callback_id).toBe('netbot_canswap');
    expect(JSON.parse(view.private_metadata)).toEqual({ channel: CHANNEL, lang: 'en' });
    const inputs = view.blocks.filter((b) => b.type === 'input');
    expect(inputs.map((b) => b.block_id)).toEqual(['network', 'age', 'created', 'swaps', 'status', 'publicIp', 'billing']);
    expect(inputs.every((b) => b.optional)).toBe(true);
  });
});

describe('canswap modal fallback', () => {
  it('shows the typed usage when the modal cannot be opened (expired trigger)', async () => {
    h.fake.failNext('views.open', 'expired_trigger_id');
    const res = await h.command('/ecs-canswap', '  ');
    const reply = await h.fake.waitForResponse(res.id);
    expect(reply.body.response_type).toBe('ephemeral');
    expect(json(reply.body.blocks)).toContain('canswap:');
    expect(buttonsOf(reply.body.blocks)).toEqual([]);
  });
});

describe('canswap modal submission', () => {
  it('shows inline errors for a bad age and bad swaps, and posts nothing', async () => {
    const before = h.fake.callsTo('chat.postEphemeral').length;
    const res = await h.interaction(submission({ age: { value: 'two hours' }, swaps: { value: 'lots' }, network: { option: 'vpc' } }));
    expect(res.status).toBe(200);
    const body = JSON.parse(res.text) as { response_action: string; errors: Record<string, string> };
    expect(body.response_action).toBe('errors');
    expect(Object.keys(body.errors).sort()).toEqual(['age', 'swaps']);
    expect(body.errors.age).toMatch(/two hours/);
    await new Promise((r) => setTimeout(r, 100));
    expect(h.fake.callsTo('chat.postEphemeral').length).toBe(before);
  });

  it('closes the modal and posts the verdict ephemerally in the channel it came from', async () => {
    const res = await h.interaction(submission({ network: { option: 'vpc' }, age: { value: '2h' }, swaps: { value: '0' }, status: { option: 'stopped' }, publicIp: { option: 'nat' } }));
    expect(res.status).toBe(200);
    expect(res.text).toBe('');
    const call = await h.fake.waitForCall('chat.postEphemeral', (a) => json(a.blocks).includes('public IP') && a.channel === CHANNEL);
    expect(call.args.user).toBe(USER);
    expect(json(call.args.blocks)).toMatch(/vpc/);
  });

  it('falls back to a DM when the bot cannot post in the channel', async () => {
    h.fake.failNext('chat.postEphemeral', 'channel_not_found');
    await h.interaction(submission({ network: { option: 'classic' }, age: { value: '30m' } }));
    const dm = await h.fake.waitForCall('chat.postMessage', (a) => a.channel === USER);
    expect(json(dm.args.blocks)).toMatch(/classic/);
    expect(buttonsOf(dm.args.blocks)).toEqual([]);
  });
});

describe('questions in channels and DMs', () => {
  it('an @-mention is answered in a thread with the citation, next matches and feedback buttons', async () => {
    const ts = nextTs();
    await h.event({ type: 'app_mention', user: USER, text: '<@UBOT> how do I apply for reverse DNS', ts, channel: CHANNEL, client_msg_id: `cm-${ts}` });
    const post = await h.fake.waitForCall('chat.postMessage', (a) => a.thread_ts === ts);
    expect(post.args.channel).toBe(CHANNEL);
    expect(json(post.args.blocks)).toMatch(/Source: /);
    expect(json(post.args.blocks)).not.toContain('UBOT');
    const ids = buttonsOf(post.args.blocks).map((b) => b.action_id);
    expect(ids.filter((id) => id === 'netbot_entry').length).toBe(2);
    expect(ids).toContain('netbot_feedback_up');
    expect(ids).toContain('netbot_feedback_down');
    expect(ids).not.toContain('netbot_share');
  });

  it('a mention inside a thread is answered in that thread', async () => {
    const ts = nextTs();
    await h.event({ type: 'app_mention', user: USER, text: '<@UBOT> 5M带宽入网多少', ts, thread_ts: '1690000000.000001', channel: CHANNEL });
    const post = await h.fake.waitForCall('chat.postMessage', (a) => a.thread_ts === '1690000000.000001');
    expect(json(post.args.blocks)).toMatch(/100/); // routed to bw
  });

  it('a DM is answered in a thread; bot messages and edits are ignored', async () => {
    const ts = nextTs();
    await h.event({ type: 'message', channel_type: 'im', user: USER, text: 'how do I apply for reverse DNS', ts, channel: DM });
    const post = await h.fake.waitForCall('chat.postMessage', (a) => a.thread_ts === ts);
    expect(post.args.channel).toBe(DM);
    const botTs = nextTs();
    await h.event({ type: 'message', channel_type: 'im', bot_id: 'BOTHER', user: 'U0OTHERBOT', text: 'how do I apply for reverse DNS', ts: botTs, channel: DM });
    const editTs = nextTs();
    await h.event({ type: 'message', subtype: 'message_changed', channel_type: 'im', ts: editTs, channel: DM, message: { text: 'x' } });
    const sentinel = nextTs();
    await h.event({ type: 'message', channel_type: 'im', user: USER, text: 'PTR of 1.2.3.4 please', ts: sentinel, channel: DM });
    await h.fake.waitForCall('chat.postMessage', (a) => a.thread_ts === sentinel, 10_000);
    expect(h.fake.callsTo('chat.postMessage').filter((c) => c.args.thread_ts === botTs || c.args.thread_ts === editTs)).toEqual([]);
  });

  it('a <!channel> injection in a message is escaped in the threaded reply', async () => {
    const ts = nextTs();
    await h.event({ type: 'message', channel_type: 'im', user: USER, text: '/ecs-bw <!channel> <!here>', ts, channel: DM });
    const post = await h.fake.waitForCall('chat.postMessage', (a) => a.thread_ts === ts);
    const body = json(post.args);
    expect(body).toContain('&lt;!channel&gt;');
    expect(body).not.toContain('<!channel>');
    expect(body).not.toContain('<!here>');
  });

  it('a retried event never produces a second answer; a retry whose first delivery was lost is answered once', async () => {
    const ts = nextTs();
    const event = { type: 'app_mention', user: USER, text: '<@UBOT> how do I apply for reverse DNS', ts, channel: CHANNEL };
    const first = await h.event(event);
    await h.fake.waitForCall('chat.postMessage', (a) => a.thread_ts === ts);
    // Slack's retry: same event_id, x-slack-retry-num header; then a redelivery without the header.
    const retry = await h.event(event, { eventId: first.eventId, headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' } });
    expect(retry.status).toBe(200);
    await h.event(event, { eventId: first.eventId });
    // A retry whose first delivery never arrived (a fresh event id) is answered, once.
    const ts2 = nextTs();
    await h.event({ ...event, ts: ts2 }, { headers: { 'x-slack-retry-num': '2', 'x-slack-retry-reason': 'http_timeout' } });
    const sentinel = nextTs();
    await h.event({ ...event, ts: sentinel });
    await h.fake.waitForCall('chat.postMessage', (a) => a.thread_ts === sentinel);
    await new Promise((r) => setTimeout(r, 150));
    expect(h.fake.callsTo('chat.postMessage').filter((c) => c.args.thread_ts === ts)).toHaveLength(1);
    expect(h.fake.callsTo('chat.postMessage').filter((c) => c.args.thread_ts === ts2)).toHaveLength(1);
  });

  it('the same message delivered as app_mention and as message.im is answered once', async () => {
    const ts = nextTs();
    await h.event({ type: 'app_mention', user: USER, text: '<@UBOT> how do I apply for reverse DNS', ts, channel: DM, client_msg_id: `cm-${ts}` });
    await h.event({ type: 'message', channel_type: 'im', user: USER, text: '<@UBOT> how do I apply for reverse DNS', ts, channel: DM, client_msg_id: `cm-${ts}` });
    await h.fake.waitForCall('chat.postMessage', (a) => a.thread_ts === ts);
    await new Promise((r) => setTimeout(r, 200));
    expect(h.fake.callsTo('chat.postMessage').filter((c) => c.args.thread_ts === ts)).toHaveLength(1);
  });
});

describe('buttons', () => {
  async function threadedAnswer(question: string) {
    const ts = nextTs();
    await h.event({ type: 'app_mention', user: USER, text: `<@UBOT> ${question}`, ts, channel: CHANNEL });
    const post = await h.fake.waitForCall('chat.postMessage', (a) => a.thread_ts === ts);
    const message = { type: 'message', ts: `${ts}9`, thread_ts: ts, text: post.args.text, blocks: post.args.blocks, bot_id: 'BBOT', user: 'UBOT' };
    return { ts, post, message };
  }

  it('a feedback click records the vote and replaces the buttons with thanks (chat.update)', async () => {
    const { message } = await threadedAnswer('how do I apply for reverse DNS');
    const up = buttonsOf(message.blocks).find((b) => b.action_id === 'netbot_feedback_up')!;
    const res = await h.click(up, { message });
    expect(res.status).toBe(200);
    const update = await h.fake.waitForCall('chat.update', (a) => a.ts === message.ts);
    expect(update.args.channel).toBe(CHANNEL);
    expect(buttonsOf(update.args.blocks)).toEqual([]);
    expect(json(update.args.blocks)).toMatch(/Thanks for the feedback/);
    expect(json(update.args.blocks)).toMatch(/Source: /);
    const entry = up.value.replace('feedback:up:', '');
    const { votes, questions } = await h.rows();
    // The button carries the id of the question it answers; the vote is recorded against it, the user hashed.
    const questionId = /\|q=([\w-]+)$/.exec(up.value)![1]!;
    expect(questions.find((q) => q.id === questionId)).toMatchObject({ text: 'how do I apply for reverse DNS', band: 'answer', route: 'ask', channelKind: 'channel' });
    expect(votes).toContainEqual(expect.objectContaining({ entryId: entry.split('|')[0], vote: 'up', userHash: h.userHash(USER), questionId }));
    expect(JSON.stringify(votes)).not.toContain(USER);
  });

  it('a "why" question with a figure gets the FAQ answer, and its "Calculate it" button runs the calculator in the thread', async () => {
    const { ts, post, message } = await threadedAnswer('新建的ECS实例为什么有200Kbps左右的入网流量');
    expect(json(post.args.blocks)).toMatch(/ARP/); // the FAQ entry (ARP broadcasts), not "what 0.2 Mbps means"
    const run = buttonsOf(message.blocks).find((b) => b.action_id === 'netbot_run')!;
    expect(run.label).toBe('🧮 直接计算：/ecs-bw 200Kbps');
    await h.click(run, { message });
    const calc = await h.fake.waitForCall('chat.postMessage', (a) => a.thread_ts === ts && json(a.blocks).includes('0.2'));
    expect(json(calc.args.blocks)).toMatch(/Mbps/);
  });

  it('a forged "Calculate it" button that names a non-calculator command runs nothing and says so', async () => {
    const { ts, message } = await threadedAnswer('新建的ECS实例为什么有200Kbps左右的入网流量');
    await h.click({ action_id: 'netbot_run', label: 'x', value: 'run:{"command":"ask","tokens":["hi"]}' }, { message });
    const post = await h.fake.waitForCall('chat.postMessage', (a) => a.thread_ts === ts && json(a.blocks).includes('按钮'));
    expect(json(post.args.blocks)).toMatch(/这个按钮已失效|no longer works/);
  });

  it('a "next match" click answers that entry in the same thread', async () => {
    const { ts, message } = await threadedAnswer('how do I apply for reverse DNS');
    const next = buttonsOf(message.blocks).find((b) => b.action_id === 'netbot_entry')!;
    await h.click(next, { message });
    const post = await h.fake.waitForCall('chat.postMessage', (a) => a.thread_ts === ts && json(a.blocks).includes(next.label.slice(0, 20)));
    expect(json(post.args.blocks)).toMatch(/Source: /);
  });

  it('a "did you mean" click answers the chosen entry; "None of these" declines with tips', async () => {
    const services = testServices({});
    const candidates = ['classic link', 'change ip', 'ipv6 eni'];
    let question: string | undefined;
    for (const q of candidates) {
      const reply = await dispatch({ command: 'ask', tokens: [q] }, services);
      if ((reply.json as { band?: string }).band === 'suggest') question = q;
      if (question) break;
    }
    expect(question, 'a question in the suggest band').toBeDefined();
    const { ts, message } = await threadedAnswer(question!);
    const buttons = buttonsOf(message.blocks);
    expect(json(message.blocks)).toMatch(/Did you mean/);
    const choice = buttons.find((b) => b.action_id === 'netbot_entry')!;
    await h.click(choice, { message });
    const answer = await h.fake.waitForCall('chat.postMessage', (a) => a.thread_ts === ts && json(a.blocks).includes('Source: '));
    expect(buttonsOf(answer.args.blocks).map((b) => b.action_id)).toEqual(['netbot_feedback_up', 'netbot_feedback_down']);
    const none = buttons.find((b) => b.action_id === 'netbot_suggest_none')!;
    await h.click(none, { message });
    await h.fake.waitForCall('chat.postMessage', (a) => a.thread_ts === ts && json(a.blocks).includes("Sorry, I don't have a confident answer"));
  });

  it('an entry click on an ephemeral reply answers ephemerally via response_url', async () => {
    const res = await h.command('/ecs-ask', 'how do I apply for reverse DNS');
    const reply = await h.fake.waitForResponse(res.id);
    const next = buttonsOf(reply.body.blocks).find((b) => b.action_id === 'netbot_entry')!;
    const click = await h.click(next);
    const answer = await h.fake.waitForResponse(click.id);
    expect(answer.body.response_type).toBe('ephemeral');
    expect(answer.body.replace_original).toBe(false);
    expect(json(answer.body.blocks)).toMatch(/Source: /);
  });

  it('"Share in channel" posts the reply visibly, without buttons', async () => {
    const res = await h.command('/ecs-bw', '5M');
    const reply = await h.fake.waitForResponse(res.id);
    const share = buttonsOf(reply.body.blocks).find((b) => b.action_id === 'netbot_share')!;
    const click = await h.click(share);
    const shared = await h.fake.waitForResponse(click.id);
    expect(shared.body.response_type).toBe('in_channel');
    expect(buttonsOf(shared.body.blocks)).toEqual([]);
    expect(json(shared.body.blocks)).toBe(json((reply.body.blocks as Array<{ type: string }>).filter((b) => b.type !== 'actions')));
  });
});

describe('App Home', () => {
  it('publishes a home view listing every command with slash examples', async () => {
    await h.event({ type: 'app_home_opened', user: USER, channel: 'D0HOME', tab: 'home', ts: nextTs() });
    const call = await h.fake.waitForCall('views.publish', (a) => a.user_id === USER);
    const view = call.args.view as { type: string; blocks: unknown[] };
    expect(view.type).toBe('home');
    const text = json(view.blocks);
    for (const name of ['ask', 'bw', 'canswap']) expect(text).toContain(`/ecs-${name}`);
    expect(text).not.toContain('ecs-netbot bw');
  });
});


