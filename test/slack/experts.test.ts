import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runKb } from '../../src/cli/kb.js';
import { runReport } from '../../src/cli/report.js';
import { SqliteStore } from '../../src/store/sqlite.js';
import { tempRecorder } from '../support/recorder.js';
import { buttonsOf, CHANNEL, DM, Harness, USER } from './harness.js';

/**
 * Issue #17, "a way to a human", end to end through the real HTTP receiver and a fake Slack: a declined
 * question goes (after the asker confirms) to the experts' channel with a link to the asker's thread; an
 * expert's reply there comes back to that thread and into the store as a candidate answer; the gaps report
 * (CLI --json and the maintainers' App Home) shows it with a patch that `kb check --patch` accepts.
 */
const EXPERTS = 'C0EXPERTS';
const EXPERT = 'U0EXPERT';
const MAINTAINER = 'U0MAINT';
const json = (value: unknown) => JSON.stringify(value);
let tsCounter = 0;
const nextTs = () => `1730000000.${String(++tsCounter).padStart(6, '0')}`;

let h: Harness;
let dbPath: string;
let stopRecorder: () => Promise<void>;
beforeAll(async () => {
  const temp = await tempRecorder();
  dbPath = temp.path;
  stopRecorder = temp.cleanup;
  h = await new Harness({ NETBOT_EXPERTS_CHANNEL: EXPERTS, NETBOT_MAINTAINERS: MAINTAINER }, { recorder: temp.recorder }).start();
}, 60_000);
afterAll(async () => {
  await h.stop();
  await stopRecorder();
});

type Button = ReturnType<typeof buttonsOf>[number];
const button = (blocks: unknown, id: string): Button | undefined => buttonsOf(blocks).find((b) => b.action_id === id);

/** A mention in CHANNEL and the bot's threaded answer, as the message a click is made on. */
async function mention(question: string, channel = CHANNEL) {
  const ts = nextTs();
  await h.event({ type: 'app_mention', user: USER, text: `<@UBOT> ${question}`, ts, channel });
  const post = await h.fake.waitForCall('chat.postMessage', (a) => a.thread_ts === ts && a.channel === channel);
  const message = { type: 'message', ts: `${ts}9`, thread_ts: ts, text: post.args.text, blocks: post.args.blocks, bot_id: 'BBOT', user: 'UBOT' };
  return { ts, message };
}

/** Presses a button on an ephemeral message (the preview) or a posted one; returns the private reply. */
async function press(b: Button, where: { message?: Record<string, unknown>; user?: string; channel?: string } = {}) {
  const click = await h.click(b, where);
  return (await h.fake.waitForResponse(click.id)).body;
}

const postsTo = (channel: string) => h.fake.callsTo('chat.postMessage').filter((c) => c.args.channel === channel);

/** Waits until the bot has finished everything it acknowledged (HTTP work queue idle) and written it. */
async function settled() {
  expect(await h.bot.queue.drain(5000)).toBe(true);
  await h.bot.recorder.flush();
}

/** Declines, asks, confirms: the experts' post and everything on the way there. */
async function sendToExperts(question: string, channel = CHANNEL) {
  const { ts, message } = await mention(question, channel);
  const ask = button(message.blocks, 'netbot_experts_ask')!;
  const preview = await press(ask, { message, channel });
  const send = button(preview.blocks, 'netbot_experts_send')!;
  const before = postsTo(EXPERTS).length;
  const done = await press(send, { channel });
  const post = await h.fake.waitFor(() => postsTo(EXPERTS)[before]);
  return { ts, message, ask, preview, send, done, post, postTs: String(h.fake.resultOf(post)?.ts) };
}

describe('a declined question reaches the experts', () => {
  it('decline → "Ask the experts" → a private preview of the exact post → Send → the post, with a link to the thread', async () => {
    const { ts, message } = await mention('how to cook rice in a wok');
    const ask = button(message.blocks, 'netbot_experts_ask');
    expect(ask?.label).toBe('Ask the experts');

    const preview = await press(ask!, { message });
    expect(preview.response_type).toBe('ephemeral');
    expect(json(preview.blocks)).toContain(`<#${EXPERTS}>`);
    expect(h.fake.callsTo('chat.getPermalink').at(-1)?.args).toMatchObject({ channel: CHANNEL, message_ts: ts });
    const send = button(preview.blocks, 'netbot_experts_send')!;
    expect(send.label).toBe('Send to the experts');
    expect(postsTo(EXPERTS)).toHaveLength(0); // nothing is posted before the asker confirms

    const done = await press(send);
    const post = await h.fake.waitFor(() => postsTo(EXPERTS)[0]);
    // Exactly what the preview showed, between its intro and its buttons.
    expect(post.args.blocks).toEqual((preview.blocks as unknown[]).slice(2, -2));
    const text = json(post.args.blocks);
    expect(text).toContain(`<@${USER}>`);
    expect(text).toContain('how to cook rice in a wok');
    expect(text).toContain(`<https://fake.slack.com/archives/${CHANNEL}/p${ts.replace('.', '')}|Open their thread>`);
    expect(done).toMatchObject({ replace_original: true });
    expect(json(done.blocks)).toContain("Sent to the experts' channel");
  });

  it('the question is neutralized in the post: it cannot ping the channel, hide a link or inject markup', async () => {
    // As Slack sends it: markup in <…>, what the user typed as < > & as entities.
    const { post } = await sendToExperts('zzqx <!channel> <https://evil.example|click> &lt;@U0BOSS&gt; &amp; frobnicate\u202e the wok');
    const quoted = (post.args.blocks as Array<{ text?: { text: string } }>)[1]!.text!.text;
    expect(quoted).toBe('>zzqx @channel click (https://evil.example) &lt;@U0BOSS&gt; &amp; frobnicate\ufffd the wok');
  });

  it('Chinese in, Chinese out: the button, the preview and the post', async () => {
    const { message } = await mention('红烧肉怎么做才好吃');
    const ask = button(message.blocks, 'netbot_experts_ask')!;
    expect(ask.label).toBe('问问专家');
    const preview = await press(ask, { message });
    expect(json(preview.blocks)).toContain('ecs-netbot 答不上来');
    expect(button(preview.blocks, 'netbot_experts_send')!.label).toBe('发送给专家');
  });

  it('from a DM: no permalink (experts could not open it), the post says where it was asked', async () => {
    const before = h.fake.callsTo('chat.getPermalink').length;
    const { post } = await sendToExperts('how to brew tea in a kettle', DM);
    expect(json(post.args.blocks)).toContain('Asked in a direct message');
    expect(h.fake.callsTo('chat.getPermalink')).toHaveLength(before);
  });

  it('a question is sent once: pressing again says it was sent, a double click on Send posts once', async () => {
    const { ask, message, send } = await sendToExperts('how to sharpen a kitchen knife');
    const again = await press(ask, { message });
    expect(json(again.blocks)).toContain('already sent');
    const posts = postsTo(EXPERTS).length;
    const twice = await press(send);
    expect(json(twice.blocks)).toContain('already sent');
    await settled();
    expect(postsTo(EXPERTS)).toHaveLength(posts);
  });

  it('a post the experts\' channel refuses is said plainly, and pressing Ask again retries', async () => {
    const { message } = await mention('how to fold a paper crane');
    const ask = button(message.blocks, 'netbot_experts_ask')!;
    const preview = await press(ask, { message });
    h.fake.failNext('chat.postMessage', 'not_in_channel');
    const failed = await press(button(preview.blocks, 'netbot_experts_send')!);
    expect(json(failed.blocks)).toContain('not_in_channel');
    expect(json(failed.blocks)).toContain('invite @ecs-netbot');
    const retry = await press(ask, { message });
    const done = await press(button(retry.blocks, 'netbot_experts_send')!);
    expect(json(done.blocks)).toContain("Sent to the experts' channel");
  });
});

describe('what is refused', () => {
  it('a forged or altered button value: nothing is looked up or posted', async () => {
    const { message } = await mention('how to cook pasta al dente');
    const ask = button(message.blocks, 'netbot_experts_ask')!;
    const permalinks = h.fake.callsTo('chat.getPermalink').length;
    const posts = postsTo(EXPERTS).length;
    const altered = { ...ask, value: ask.value.replace('pasta', 'PASTA') };
    const madeUp = { ...ask, value: JSON.stringify({ u: USER, c: CHANNEL, t: '1.1', l: 'en', x: 'spam' }) };
    const otherKey = { ...ask, value: 'A'.repeat(22) + ask.value.slice(22) };
    for (const forged of [altered, madeUp, otherKey]) {
      const reply = await press(forged, { message });
      expect(json(reply.blocks)).toContain('This button is not valid');
    }
    // A Send button made from a real preview, then altered.
    const preview = await press(ask, { message });
    const send = button(preview.blocks, 'netbot_experts_send')!;
    const forgedSend = await press({ ...send, value: send.value.replace('al dente', 'al dente <!channel>') });
    expect(json(forgedSend.blocks)).toContain('This button is not valid');
    await settled();
    expect(postsTo(EXPERTS)).toHaveLength(posts);
    expect(h.fake.callsTo('chat.getPermalink')).toHaveLength(permalinks + 1); // the one real preview
  });

  it('someone else pressing the asker\'s button', async () => {
    const { message } = await mention('how to cook couscous');
    const ask = button(message.blocks, 'netbot_experts_ask')!;
    const reply = await press(ask, { message, user: 'U0BOB' });
    expect(json(reply.blocks)).toContain('Only the person who asked');
    const preview = await press(ask, { message });
    const send = await press(button(preview.blocks, 'netbot_experts_send')!, { user: 'U0BOB' });
    expect(json(send.blocks)).toContain('Only the person who asked');
  });

  it('an answer the bot knows gets no button; Cancel sends nothing', async () => {
    const answered = await mention('how do I apply for reverse DNS');
    expect(button(answered.message.blocks, 'netbot_experts_ask')).toBeUndefined();
    const { message } = await mention('how to cook bulgur');
    const preview = await press(button(message.blocks, 'netbot_experts_ask')!, { message });
    const posts = postsTo(EXPERTS).length;
    const cancelled = await press(button(preview.blocks, 'netbot_experts_cancel')!);
    expect(cancelled).toMatchObject({ replace_original: true });
    expect(json(cancelled.blocks)).toContain('nothing was sent');
    await settled();
    expect(postsTo(EXPERTS)).toHaveLength(posts);
  });
});

describe('"none of these" and 👎 offer the experts too', () => {
  it('"none of these": the decline in the thread carries the button for whoever pressed it', async () => {
    const { message, ts } = await mention('ip');
    const none = button(message.blocks, 'netbot_suggest_none')!;
    await h.click(none, { message });
    const decline = await h.fake.waitForCall('chat.postMessage', (a) => a.thread_ts === ts && json(a.blocks).includes('netbot_experts_ask'));
    const preview = await press(button(decline.args.blocks, 'netbot_experts_ask')!, { message });
    expect(json(preview.blocks)).toContain('>ip');
  });

  it('👎: the presser gets the offer privately, for the question that was asked', async () => {
    const { message } = await mention('what is an elastic network interface');
    const down = button(message.blocks, 'netbot_feedback_down')!;
    const offer = await press(down, { message });
    expect(json(offer.blocks)).toContain('Still stuck?');
    const preview = await press(button(offer.blocks, 'netbot_experts_ask')!, { message });
    expect(json(preview.blocks)).toContain('what is an elastic network interface');
  });
});

/** A message in the experts' channel, as message.channels delivers it. */
const said = (text: string, over: Record<string, unknown> = {}) => h.event({ type: 'message', channel: EXPERTS, channel_type: 'channel', user: EXPERT, text, ts: nextTs(), ...over });

describe("an expert's reply comes back", () => {
  it("is posted in the asker's thread by the bot, attributed by mention, neutralized, and recorded as a candidate", async () => {
    const { ts, postTs } = await sendToExperts('how do I keep a sourdough starter alive');
    await said('Feed it daily <!channel>, see <https://example.com/starter|this guide> &amp; ask <@U0CHEF>', { thread_ts: postTs });
    const relay = await h.fake.waitForCall('chat.postMessage', (a) => a.channel === CHANNEL && a.thread_ts === ts && json(a.blocks).includes(EXPERT));
    const text = json(relay.args.blocks);
    expect(text).toContain(`<@${EXPERT}> answered in the experts' channel (from a person, not from the guide)`);
    expect(text).toContain('this guide (https://example.com/starter)');
    expect(text).not.toContain('<!channel>');
    expect(text).not.toContain('<@U0CHEF>');

    await settled();
    const { candidates } = await h.rows();
    const mine = candidates.filter((c) => c.question === 'how do I keep a sourdough starter alive');
    expect(mine).toEqual([
      expect.objectContaining({ answer: 'Feed it daily @channel, see this guide (https://example.com/starter) & ask @U0CHEF', lang: 'en', expertHash: h.userHash(EXPERT) }),
    ]);
    // No raw Slack id anywhere in what was stored: the expert hashed, the asker's thread sealed.
    const db = new Database(dbPath, { readonly: true });
    try {
      const stored = json([db.prepare('SELECT * FROM expert_requests').all(), db.prepare('SELECT * FROM expert_answers').all()]);
      for (const id of [EXPERT, USER, CHANNEL, EXPERTS, ts]) expect(stored).not.toContain(id);
    } finally {
      db.close();
    }
  });

  it("ignores everything else in the experts' channel, and the bot's own messages (no loops)", async () => {
    const { postTs } = await sendToExperts('how to season a cast iron pan');
    const relays = () => h.fake.calls.filter((c) => c.method === 'chat.postMessage' && c.args.channel !== EXPERTS).length;
    const before = relays();
    const candidatesBefore = (await h.rows()).candidates.length;
    await said('a top-level message, not a reply');
    await said('a reply in a thread the bot did not start', { thread_ts: '1600000000.000001' });
    await said('the bot itself', { thread_ts: postTs, user: 'UBOT', bot_id: 'BBOT' });
    await said('the bot by its user id only', { thread_ts: postTs, user: 'UBOT' });
    await said('another bot (legacy)', { thread_ts: postTs, bot_id: 'BOTHER', user: undefined, subtype: 'bot_message' });
    await said('another app posting as its bot user', { thread_ts: postTs, bot_id: 'BOTHER', user: 'U0OTHERBOT' });
    await said('an edit', { thread_ts: postTs, subtype: 'message_changed' });
    await h.event({ type: 'message', channel: 'C0OTHER', channel_type: 'channel', user: EXPERT, text: 'same ts, other channel', ts: nextTs(), thread_ts: postTs }, { eventId: 'EvOTHER1' });
    await settled();
    expect(relays()).toBe(before);
    expect((await h.rows()).candidates).toHaveLength(candidatesBefore);
    // Other channels' messages are dropped before they are claimed: message.channels costs no store write.
    const db = new Database(dbPath, { readonly: true });
    try {
      expect(db.prepare('SELECT key FROM deliveries WHERE key = ?').all('event:EvOTHER1')).toEqual([]);
    } finally {
      db.close();
    }
    // The same reply delivered twice (a retry with the same event id) is passed on once.
    const reply = { type: 'message', channel: EXPERTS, channel_type: 'channel', user: EXPERT, text: 'oil and heat', ts: nextTs(), thread_ts: postTs };
    await h.event(reply, { eventId: 'EvRETRY1' });
    await h.event(reply, { eventId: 'EvRETRY1' });
    await settled();
    expect(relays()).toBe(before + 1);
  });

  it('a mention of the bot in an experts\' thread is a reply to relay, not a question to answer', async () => {
    const { ts, postTs } = await sendToExperts('how to proof bread dough');
    const replyTs = nextTs();
    await h.event({ type: 'app_mention', channel: EXPERTS, user: EXPERT, text: '<@UBOT> warm and covered', ts: replyTs, thread_ts: postTs });
    await said('<@UBOT> warm and covered', { ts: replyTs, thread_ts: postTs });
    await h.fake.waitForCall('chat.postMessage', (a) => a.channel === CHANNEL && a.thread_ts === ts && json(a.blocks).includes('warm and covered'));
    await settled();
    expect(postsTo(EXPERTS).filter((c) => c.args.thread_ts === postTs)).toHaveLength(0);
  });

  it("an answer that cannot be passed on is said in the experts' thread and still kept", async () => {
    const { postTs } = await sendToExperts('how to whip cream by hand');
    h.fake.failNext('chat.postMessage', 'channel_not_found');
    await said('cold bowl, whisk fast', { thread_ts: postTs });
    const note = await h.fake.waitForCall('chat.postMessage', (a) => a.channel === EXPERTS && a.thread_ts === postTs);
    expect(json(note.args.blocks)).toContain('Could not pass this on to the asker (channel_not_found)');
    await settled();
    expect((await h.rows()).candidates.some((c) => c.answer === 'cold bowl, whisk fast')).toBe(true);
  });
});

/** Runs a CLI command in-process, capturing stdout. */
async function cli(run: () => number | Promise<number>) {
  let stdout = '';
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => ((stdout += String(chunk)), true));
  try {
    return { code: await run(), stdout };
  } finally {
    spy.mockRestore();
  }
}

describe('the report shows candidates with a patch kb check accepts', () => {
  it('a new entry draft (CLI --json, kb check --patch) and an alias when the expert names an entry', async () => {
    const draft = await sendToExperts('is there a limit on arp entries per vswitch');
    await said('Not one the guide states.', { thread_ts: draft.postTs });
    await said('In practice: check the instance type\'s limits, not the vSwitch.', { thread_ts: draft.postTs });
    const alias = await sendToExperts('does anycast work with an eip');
    await said('<@UBOT> no anycast: an EIP is one public address in one region, see ip-eip-what-is', { thread_ts: alias.postTs });
    await h.fake.waitForCall('chat.postMessage', (a) => a.thread_ts === alias.ts && json(a.blocks).includes('ip-eip-what-is'));
    await settled();

    const out = await cli(() => runReport(['--since', '7d'], true, 'en', { NETBOT_DB: dbPath }, (env) => new SqliteStore(env.NETBOT_DB!)));
    expect(out.code).toBe(0);
    const report = JSON.parse(out.stdout) as { candidates: Array<{ question: string; kind: string; entry: string; yaml: string; patch: string; answers: string[] }> };
    const entry = report.candidates.find((c) => c.question === 'is there a limit on arp entries per vswitch')!;
    expect(entry).toMatchObject({ kind: 'entry', file: 'entries/09-faq.yaml', answers: ['Not one the guide states.', "In practice: check the instance type's limits, not the vSwitch."] });
    expect(entry.yaml).toContain('TODO: translate the English answer');
    expect(entry.patch).toContain('+++ b/knowledge/entries/09-faq.yaml');
    const aliased = report.candidates.find((c) => c.question === 'does anycast work with an eip')!;
    expect(aliased).toMatchObject({ kind: 'alias', entry: 'ip-eip-what-is', answers: ['no anycast: an EIP is one public address in one region, see ip-eip-what-is'] });
    expect(aliased.yaml).toBe('aliases:\n  en: [does anycast work with an eip]');

    const dir = mkdtempSync(join(tmpdir(), 'netbot-experts-'));
    try {
      for (const c of [entry, aliased]) {
        const file = join(dir, `${c.kind}.patch`);
        writeFileSync(file, c.patch);
        const checked = await cli(() => runKb(['check', '--patch', file], true, 'en'));
        expect(JSON.parse(checked.stdout)).toMatchObject({ ok: true, problems: [] });
        expect(checked.code).toBe(0);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("the maintainers' App Home shows the candidates and their YAML", async () => {
    // App Home shows the report's cached copy (issue #16): a copy made after the experts answered.
    await h.bot.deps.recorder.flush(30_000);
    await h.bot.deps.report.refresh();
    await h.event({ type: 'app_home_opened', user: MAINTAINER, channel: 'D0HOMEM', tab: 'home', ts: nextTs() });
    const home = await h.fake.waitForCall('views.publish', (a) => a.user_id === MAINTAINER && json((a.view as { blocks: unknown[] }).blocks).includes('is there a limit on arp entries per vswitch'));
    const text = json((home.args.view as { blocks: unknown[] }).blocks);
    expect(text).toContain('Answers from the experts');
    expect(text).toContain('is there a limit on arp entries per vswitch');
    expect(text).toContain('id: expert-is-there-a-limit-on-arp');
  });
});

describe('without NETBOT_EXPERTS_CHANNEL', () => {
  const plain = new Harness();
  beforeAll(() => plain.start(), 60_000);
  afterAll(() => plain.stop());

  it('a decline has no button, and a button from elsewhere is refused', async () => {
    const ts = nextTs();
    await plain.event({ type: 'app_mention', user: USER, text: '<@UBOT> how to cook rice in a wok', ts, channel: CHANNEL });
    const post = await plain.fake.waitForCall('chat.postMessage', (a) => a.thread_ts === ts);
    expect(json(post.args.blocks)).toContain('confident answer');
    expect(button(post.args.blocks, 'netbot_experts_ask')).toBeUndefined();
    const click = await plain.click({ action_id: 'netbot_experts_ask', value: 'x'.repeat(40), label: 'Ask the experts' });
    expect(json((await plain.fake.waitForResponse(click.id)).body.blocks)).toContain("No experts' channel is configured");
  });
});
