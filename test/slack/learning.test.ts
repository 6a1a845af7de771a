import { LATEST_SCHEMA } from '../../src/store/migrations.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buttonsOf, CHANNEL, DM, Harness, TEAM, USER } from './harness.js';

/**
 * Issue #10 end to end through the real HTTP receiver: what the bot records (questions, 👍/👎 with the
 * reason menu, "did you mean" picks, "none of these"), and the gaps report that maintainers, and only
 * they, see in the App Home tab and through /ecs-ask report.
 */
const MAINTAINER = 'U0MAINT';
const h = new Harness({ NETBOT_MAINTAINERS: MAINTAINER });
beforeAll(async () => {
  await h.start();
}, 20_000);
afterAll(async () => {
  await h.stop();
});

const json = (value: unknown) => JSON.stringify(value);
let tsCounter = 0;
const nextTs = () => `1720000000.${String(++tsCounter).padStart(6, '0')}`;

async function mention(question: string, user = USER) {
  const ts = nextTs();
  await h.event({ type: 'app_mention', user, text: `<@UBOT> ${question}`, ts, channel: CHANNEL });
  const post = await h.fake.waitForCall('chat.postMessage', (a) => a.thread_ts === ts);
  const message = { type: 'message', ts: `${ts}9`, thread_ts: ts, text: post.args.text, blocks: post.args.blocks, bot_id: 'BBOT', user: 'UBOT' };
  return { ts, post, message };
}

const questionIdOf = (value: string) => /\|(?:q|dym)=([\w-]+)$/.exec(value)?.[1];

/** A view_submission of the 👎 reason modal the bot opened. */
function reasonSubmission(view: { private_metadata: string }, reason: string | undefined, note: string | undefined, user = USER) {
  return {
    type: 'view_submission',
    team: { id: TEAM, domain: 'fake' },
    user: { id: user, username: 'u', name: 'u', team_id: TEAM },
    api_app_id: 'A0NETBOT',
    token: 't',
    trigger_id: 'trigger-view',
    view: {
      id: 'V0DOWN',
      team_id: TEAM,
      type: 'modal',
      callback_id: 'netbot_down_reason',
      private_metadata: view.private_metadata,
      state: {
        values: {
          reason: { pick: { type: 'radio_buttons', selected_option: reason ? { value: reason, text: { type: 'plain_text', text: reason } } : null } },
          note: { text: { type: 'plain_text_input', value: note ?? null } },
        },
      },
      hash: 'h',
      title: { type: 'plain_text', text: 'x' },
      blocks: [],
      app_id: 'A0NETBOT',
      bot_id: 'BBOT',
      root_view_id: 'V0DOWN',
      previous_view_id: null,
      clear_on_close: false,
      notify_on_close: false,
    },
    response_urls: [],
    is_enterprise_install: false,
  };
}

describe('recording questions', () => {
  it('records a mention: text, language, band, top entries, route, latency, channel kind, hashed user', async () => {
    const { message } = await mention('how do I apply for reverse DNS');
    const id = questionIdOf(buttonsOf(message.blocks).find((b) => b.action_id === 'netbot_feedback_up')!.value)!;
    const { questions } = await h.rows();
    const q = questions.find((x) => x.id === id)!;
    expect(q).toMatchObject({ text: 'how do I apply for reverse DNS', lang: 'en', band: 'answer', route: 'ask', channelKind: 'channel', userHash: h.userHash(USER) });
    expect(q.top[0]).toEqual({ id: 'faq-reverse-dns-apply', score: 1 });
    expect(q.confidence).toBeGreaterThan(0.5);
    expect(q.latencyMs).toBeGreaterThan(0);
    expect(json(questions)).not.toContain(USER);
  });

  it('records a DM in Chinese as channel kind dm, and a calculation the route ran as band "command"', async () => {
    const ts = nextTs();
    await h.event({ type: 'message', channel_type: 'im', channel: DM, user: USER, text: '5M带宽入网最大多少', ts });
    await h.fake.waitForCall('chat.postMessage', (a) => a.thread_ts === ts);
    const { questions } = await h.rows();
    expect(questions.find((q) => q.text === '5M带宽入网最大多少')).toMatchObject({ lang: 'zh', channelKind: 'dm', band: 'command', route: 'bw' });
  });

  it('records /ecs-ask as channel kind slash, and not the calculators', async () => {
    const asked = await h.command('/ecs-ask', 'what is a vpc');
    await h.fake.waitForResponse(asked.id);
    const calc = await h.command('/ecs-bw', '7M');
    await h.fake.waitForResponse(calc.id);
    const { questions } = await h.rows();
    expect(questions.find((q) => q.text === 'what is a vpc')).toMatchObject({ channelKind: 'slash', route: 'ask' });
    expect(questions.some((q) => q.text.includes('7M'))).toBe(false);
  });
});

describe('👎 and its reason menu', () => {
  it('a 👎 records the vote at once, opens the menu, and the picked reason and note are added to that vote', async () => {
    const { message } = await mention('what is an elastic network interface');
    const down = buttonsOf(message.blocks).find((b) => b.action_id === 'netbot_feedback_down')!;
    const questionId = questionIdOf(down.value)!;
    const entryId = down.value.replace(/^feedback:down:/, '').split('|')[0]!;
    const click = await h.click(down, { message });
    expect(click.status).toBe(200);
    const open = await h.fake.waitForCall('views.open', (a) => (a.view as { callback_id?: string }).callback_id === 'netbot_down_reason');
    expect(open.args.trigger_id).toBe(`trigger-${click.id}`);
    const view = open.args.view as { private_metadata: string; blocks: unknown[] };
    for (const label of ['Wrong answer', 'Outdated', 'Unclear', 'Not what I asked']) expect(json(view.blocks)).toContain(label);
    expect((await h.rows()).votes).toContainEqual(expect.objectContaining({ entryId, questionId, vote: 'down', userHash: h.userHash(USER) }));

    // No reason picked: Slack shows the error under the menu and keeps the modal open.
    const empty = await h.interaction(reasonSubmission(view, undefined, undefined));
    expect(JSON.parse(empty.text)).toEqual({ response_action: 'errors', errors: { reason: 'Pick a reason, or choose Skip.' } });

    const sent = await h.interaction(reasonSubmission(view, 'outdated', '  the console menu moved  '));
    expect(sent.status).toBe(200);
    const vote = (await h.rows()).votes.find((v) => v.questionId === questionId)!;
    expect(vote).toMatchObject({ vote: 'down', reason: 'outdated', note: 'the console menu moved' });
  });

  it('the menu is in Chinese for a Chinese answer', async () => {
    const { message } = await mention('怎么申请反向解析');
    const down = buttonsOf(message.blocks).find((b) => b.action_id === 'netbot_feedback_down')!;
    const click = await h.click(down, { message });
    const open = await h.fake.waitForCall('views.open', (a) => a.trigger_id === `trigger-${click.id}`);
    expect(json(open.args.view)).toContain('答非所问');
  });
});

describe('"did you mean" choices and "none of these"', () => {
  // "Did you mean" (three equal picks) and the probable band (the likely answer, and the next two as picks) alike.
  it.each([
    ['ip', 'suggest'],
    ['eni ip', 'probable'],
  ])('records the picked suggestion against its question, and "none of these": %s (%s band)', async (asked, band) => {
    const { message } = await mention(asked);
    const buttons = buttonsOf(message.blocks);
    const pick = buttons.find((b) => b.action_id === 'netbot_entry')!;
    expect(pick.value).toMatch(/\|dym=/);
    const questionId = questionIdOf(pick.value)!;
    await h.click(pick, { message });
    await h.fake.waitForCall('chat.postMessage', (a) => a.thread_ts === message.thread_ts && json(a.blocks).includes('netbot_feedback_up'));
    const none = buttons.find((b) => b.action_id === 'netbot_suggest_none')!;
    await h.click(none, { message, user: 'U0BOB' });
    await new Promise((r) => setTimeout(r, 100));
    const { choices, questions } = await h.rows();
    expect(questions.find((q) => q.id === questionId)).toMatchObject({ band, text: asked });
    expect(choices).toContainEqual(expect.objectContaining({ questionId, entryId: pick.value.replace(/^entry:/, '').split('|')[0], questionText: asked, userHash: h.userHash(USER) }));
    expect(choices).toContainEqual({ at: expect.any(Date), questionId, userHash: h.userHash('U0BOB'), questionText: asked, questionLang: 'en' });
  });
});

describe('the gaps report in Slack', () => {
  it("a maintainer's App Home shows the report (computing it first, then updated); anyone else's shows none of it", async () => {
    await mention('how to cook rice in a wok');
    await h.rows();
    await h.event({ type: 'app_home_opened', user: MAINTAINER, channel: 'D0HOMEM', tab: 'home', ts: nextTs() });
    const first = await h.fake.waitForCall('views.publish', (a) => a.user_id === MAINTAINER);
    expect(json(first.args.view)).toContain('Computing the report');
    const mine = await h.fake.waitForCall('views.publish', (a) => a.user_id === MAINTAINER && json(a.view).includes('cook rice'));
    const text = json((mine.args.view as { blocks: unknown[] }).blocks);
    expect(text).toContain('Maintainers: knowledge gaps');
    expect(text).toContain('how to cook rice in a wok');
    expect(text).toMatch(/Computed 0 min ago \(\d{4}-\d\d-\d\d \d\d:\d\d UTC\)/);
    expect((mine.args.view as { blocks: unknown[] }).blocks.length).toBeLessThanOrEqual(100);

    await h.event({ type: 'app_home_opened', user: USER, channel: 'D0HOMEU', tab: 'home', ts: nextTs() });
    const theirs = await h.fake.waitForCall('views.publish', (a) => a.user_id === USER);
    const other = json((theirs.args.view as { blocks: unknown[] }).blocks);
    expect(other).toContain('/ecs-bw');
    expect(other).not.toContain('knowledge gaps');
    expect(other).not.toContain('cook rice');
  });

  it('/ecs-ask report gives a maintainer the report, privately; for anyone else it is an ordinary question', async () => {
    const mine = await h.command('/ecs-ask', 'report', { user_id: MAINTAINER });
    // The bot's copy (computed for the App Home above, or now: then "computing" comes first and the report follows).
    const reply = await h.fake.waitFor(() => h.fake.responses.find((r) => r.id === mine.id && /declined/i.test(json(r.body.blocks))));
    expect(reply.body.response_type).toBe('ephemeral');
    expect(json(reply.body.blocks)).toContain('cook rice');
    const theirs = await h.command('/ecs-ask', 'report');
    const answer = await h.fake.waitForResponse(theirs.id);
    expect(json(answer.body.blocks)).not.toMatch(/knowledge gaps|Declined questions/i);
  });
});

describe('health', () => {
  it('/healthz names the store and its schema', async () => {
    const res = await fetch(`${h.base}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true, store: 'sqlite', schema: LATEST_SCHEMA, storeReachable: true });
  });
});
