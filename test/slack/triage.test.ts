import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { onlyReads } from '../cloud/setup.js';
import { addSecurityGroups, GROUPS, SG_IDS } from '../support/cloud-fixtures.js';
import { fakeInstance, type FakeOpenApi } from '../support/fake-openapi.js';
import { encodeOffer } from '../../src/render/offer.js';
import { encodeShare } from '../../src/slack/reply.js';
import { startCloudHarness, type CloudHarness } from './cloud-harness.js';
import { buttonsOf, CHANNEL, Harness, USER } from './harness.js';

/**
 * Issue #11 in Slack: instance facts only for NETBOT_TRIAGE_ALLOW (a user or a channel), refused politely
 * and privately for anyone else before any API call, and private replies (with Share) for those allowed.
 * The real SDK talks to a fake ECS OpenAPI on loopback.
 */
const ONCALL = 'C0ONCALL';
const BOB = 'U0BOB';
const ID = 'i-bp67acfmxazb4ph7ts1q';
let fake: FakeOpenApi;
let h: Harness;
let world: CloudHarness;

beforeAll(async () => {
  world = await startCloudHarness([{ instance: fakeInstance({ InstanceId: ID }) }], { NETBOT_TRIAGE_ALLOW: `${USER},${ONCALL}`, ALIBABA_CLOUD_REGION_ID: 'cn-hangzhou' });
  ({ h, fake } = world);
  addSecurityGroups(fake);
}, 20_000);
afterAll(() => world.close());

const json = (value: unknown) => JSON.stringify(value);
const REFUSAL = /NETBOT_TRIAGE_ALLOW/;
let tsCounter = 0;
const nextTs = () => `1740000000.${String(++tsCounter).padStart(6, '0')}`;

describe('/ecs-instance', () => {
  it('an allowed user gets the live facts privately, with Share, read through read-only calls', async () => {
    const res = await h.command('/ecs-instance', `${ID} --region cn-hangzhou`);
    const reply = await h.fake.waitForResponse(res.id);
    expect(reply.body.response_type).toBe('ephemeral');
    const text = json(reply.body.blocks);
    expect(text).toContain('47.96.10.20');
    expect(text).toContain('vpc-bp1opxu1zkhn00gzv26cq');
    expect(buttonsOf(reply.body.blocks).some((b) => b.action_id === 'netbot_share')).toBe(true);
    expect(fake.calls('DescribeInstances').length).toBeGreaterThan(0);
    expect(onlyReads(fake)).toBe(true);
  });

  it('anyone else, in a channel not listed, gets a polite private refusal and no API call is made', async () => {
    const before = fake.requests.length;
    const res = await h.command('/ecs-instance', ID, { user_id: BOB });
    const reply = await h.fake.waitForResponse(res.id);
    expect(reply.body.response_type).toBe('ephemeral');
    expect(json(reply.body.blocks)).toMatch(REFUSAL);
    expect(json(reply.body.blocks)).not.toContain('47.96.10.20');
    expect(fake.requests.length).toBe(before);
  });

  it('a listed channel allows everyone in it', async () => {
    const res = await h.command('/ecs-instance', ID, { user_id: BOB, channel_id: ONCALL });
    const reply = await h.fake.waitForResponse(res.id);
    expect(json(reply.body.blocks)).toContain('47.96.10.20');
  });

  it('refuses a bad instance id (allowed user) with what is accepted, before any call', async () => {
    const before = fake.requests.length;
    const res = await h.command('/ecs-instance', 'i-<!channel>');
    const reply = await h.fake.waitForResponse(res.id);
    expect(json(reply.body.blocks)).toMatch(/i-bp67acfmxazb4ph7ts1q/); // the example
    expect(json(reply.body.blocks)).not.toContain('<!channel>');
    expect(fake.requests.length).toBe(before);
  });
});

describe('canswap with an instance id', () => {
  it('is refused for a user not allowed, and runs for one allowed; the typed form stays open to all', async () => {
    const refused = await h.command('/ecs-canswap', ID, { user_id: BOB });
    expect(json((await h.fake.waitForResponse(refused.id)).body.blocks)).toMatch(REFUSAL);
    const allowed = await h.command('/ecs-canswap', ID);
    expect(json((await h.fake.waitForResponse(allowed.id)).body.blocks)).not.toMatch(REFUSAL);
    const typed = await h.command('/ecs-canswap', 'vpc 2h swaps=1 stopped nat', { user_id: BOB });
    expect(json((await h.fake.waitForResponse(typed.id)).body.blocks)).not.toMatch(REFUSAL);
  });
});

describe('a mention naming an instance', () => {
  it('answers the allowed asker privately in the thread (postEphemeral), never in the open', async () => {
    const ts = nextTs();
    await h.event({ type: 'app_mention', user: USER, text: `<@UBOT> /ecs-instance ${ID}`, ts, channel: CHANNEL });
    const call = await h.fake.waitForCall('chat.postEphemeral', (a) => a.thread_ts === ts);
    expect(call.args.user).toBe(USER);
    expect(json(call.args.blocks)).toContain('47.96.10.20');
    expect(h.fake.callsTo('chat.postMessage').filter((c) => c.args.thread_ts === ts)).toEqual([]);
  });

  it('refuses anyone else, privately, without calling the API', async () => {
    const before = fake.requests.length;
    const ts = nextTs();
    await h.event({ type: 'app_mention', user: BOB, text: `<@UBOT> /ecs-instance ${ID}`, ts, channel: CHANNEL });
    const call = await h.fake.waitForCall('chat.postEphemeral', (a) => a.thread_ts === ts);
    expect(call.args.user).toBe(BOB);
    expect(json(call.args.blocks)).toMatch(REFUSAL);
    expect(h.fake.callsTo('chat.postMessage').filter((c) => c.args.thread_ts === ts)).toEqual([]);
    expect(fake.requests.length).toBe(before);
  });
});

describe('a symptom in a thread', () => {
  it('gets its runbook in the thread, in Chinese, open to all (no instance: nothing live is read)', async () => {
    const before = fake.requests.length;
    const ts = nextTs();
    await h.event({ type: 'app_mention', user: BOB, text: '<@UBOT> 我的网站外网访问不了', ts, channel: CHANNEL });
    const call = await h.fake.waitForCall('chat.postMessage', (a) => a.thread_ts === ts);
    const text = json(call.args.blocks);
    expect(text).toContain('website-unreachable');
    expect(text).toMatch(/实例ID|实例 ID/);
    expect(fake.requests.length).toBe(before);
  });

  it('with an instance id, an allowed asker gets the checks run against its live facts, privately', async () => {
    const ts = nextTs();
    await h.event({ type: 'app_mention', user: USER, text: `<@UBOT> website unreachable from the internet ${ID} cn-hangzhou`, ts, channel: CHANNEL });
    const call = await h.fake.waitForCall('chat.postEphemeral', (a) => a.thread_ts === ts);
    const text = json(call.args.blocks);
    expect(text).toContain('website-unreachable');
    expect(text).toContain('✅');
    expect(text).toContain('The instance\'s public IP is 47.96.10.20');
    expect(h.fake.callsTo('chat.postMessage').filter((c) => c.args.thread_ts === ts)).toEqual([]);
  });

  it('/ecs-triage works as a slash command too', async () => {
    const res = await h.command('/ecs-triage', 'mail to gmail bounces, no PTR');
    const reply = await h.fake.waitForResponse(res.id);
    expect(json(reply.body.blocks)).toContain('mail-rejected-ptr');
  });
});

/**
 * Every other way into instance facts checks the allow-list too (issue #16: skipping it for any of these left
 * every test green). Each case: someone not listed is refused with no API call; the same request by someone
 * listed gets the facts, so the refusal is the allow-list's doing and not a broken request.
 */
describe('the allow-list on every surface that can read instance facts', () => {
  const FACTS = '47.96.10.20';
  const answerTo = async (id: string) => json((await h.fake.waitForResponse(id)).body);

  it('the message shortcut "Ask ecs-netbot"', async () => {
    const before = fake.requests.length;
    const refused = await h.messageShortcut(`/ecs-instance ${ID}`, BOB);
    const refusal = await answerTo(refused.id);
    expect(refusal).toMatch(REFUSAL);
    expect(refusal).not.toContain(FACTS);
    expect(fake.requests.length).toBe(before);
    const allowed = await h.messageShortcut(`/ecs-instance ${ID}`, USER);
    expect(await answerTo(allowed.id)).toContain(FACTS);
  });

  it('the Share button of an ephemeral reply (which re-runs the command)', async () => {
    const share = { action_id: 'netbot_share', value: encodeShare({ kind: 'cmd', command: 'instance', tokens: [ID, '--region', 'cn-hangzhou'], lang: 'en' })!, label: 'Share in channel' };
    const before = fake.requests.length;
    const refused = await h.click(share, { user: BOB });
    const reply = (await h.fake.waitForResponse(refused.id)).body;
    expect(reply.response_type).toBe('ephemeral');
    expect(json(reply)).not.toContain(FACTS);
    expect(fake.requests.length).toBe(before);
    const allowed = await h.click(share, { user: USER });
    const shared = (await h.fake.waitForResponse(allowed.id)).body;
    expect(shared.response_type).toBe('in_channel');
    expect(json(shared)).toContain(FACTS);
    expect(h.fake.responses.filter((r) => r.id === refused.id)).toHaveLength(1);
  });

  it('the "Calculate it" button, with an instance id in its offer', async () => {
    const run = { action_id: 'netbot_run', value: encodeOffer({ command: 'canswap', tokens: [ID] }), label: 'Calculate it' };
    const before = fake.requests.length;
    const refused = await h.click(run, { user: BOB });
    const refusal = await answerTo(refused.id);
    expect(refusal).toMatch(REFUSAL);
    expect(refusal).not.toContain(ID);
    expect(fake.requests.length).toBe(before);
    const allowed = await h.click(run, { user: USER });
    const verdict = await answerTo(allowed.id);
    expect(verdict).not.toMatch(REFUSAL);
    expect(verdict).toContain(ID); // the verdict names the instance whose facts it judged
  });

  it('a DM: only a listed user or a listed DM, not every DM', async () => {
    const before = fake.requests.length;
    const ts = nextTs();
    await h.event({ type: 'message', channel_type: 'im', user: BOB, text: `/ecs-instance ${ID}`, ts, channel: 'D0BOBDM' });
    const refusal = await h.fake.waitForCall('chat.postMessage', (a) => a.thread_ts === ts);
    expect(json(refusal.args.blocks)).toMatch(REFUSAL);
    expect(fake.requests.length).toBe(before);
    const mine = nextTs();
    await h.event({ type: 'message', channel_type: 'im', user: USER, text: `/ecs-instance ${ID}`, ts: mine, channel: 'D0ALICEDM' });
    expect(json((await h.fake.waitForCall('chat.postMessage', (a) => a.thread_ts === mine)).args.blocks)).toContain(FACTS);
  });

  it('a mention with no user, in a listed channel: no instance facts, and nothing read', async () => {
    const before = fake.requests.length;
    const ts = nextTs();
    await h.event({ type: 'app_mention', text: `<@UBOT> /ecs-instance ${ID}`, ts, channel: ONCALL });
    const posted = await h.fake.waitForCall('chat.postMessage', (a) => a.thread_ts === ts);
    expect(json(posted.args.blocks)).toMatch(REFUSAL);
    expect(json(posted.args.blocks)).not.toContain(FACTS);
    expect(fake.requests.length).toBe(before);
  });
});

describe('security groups in triage', () => {
  const sgReads = (group: string) => fake.calls('DescribeSecurityGroupAttribute').filter((r) => r.securityGroupId === group).length;

  it('a mention naming a port and an instance: the verdict from its live rules, privately in the thread', async () => {
    const before = sgReads(GROUPS.ssh);
    const ts = nextTs();
    await h.event({ type: 'app_mention', user: USER, text: `<@UBOT> website on port 8080 unreachable from the internet ${SG_IDS.closed} cn-hangzhou`, ts, channel: CHANNEL });
    const call = await h.fake.waitForCall('chat.postEphemeral', (a) => a.thread_ts === ts);
    const text = json(call.args.blocks);
    expect(text).toContain('website-unreachable');
    expect(text).toContain('TCP 8080 from 0.0.0.0/0: blocked');
    expect(text).toContain('add an inbound rule to sg-bp1ssh00000000001: Accept TCP 8080/8080 from 0.0.0.0/0');
    expect(sgReads(GROUPS.ssh)).toBe(before + 1);
    expect(h.fake.callsTo('chat.postMessage').filter((c) => c.args.thread_ts === ts)).toEqual([]);
    expect(onlyReads(fake)).toBe(true);
  });

  it('/ecs-triage with --port: denied by a higher-priority Drop, naming both rules', async () => {
    const res = await h.command('/ecs-triage', `website-unreachable ${SG_IDS.denied} --port 80 --region cn-hangzhou`);
    const text = json((await h.fake.waitForResponse(res.id)).body.blocks);
    expect(text).toMatch(/TCP 80 from 0\.0\.0\.0\/0: blocked \(sg-bp1deny0000000001 rule sgr-\w+: Drop TCP 80\/80, from 0\.0\.0\.0\/0, priority 1\)/);
    expect(text).toMatch(/The Accept rule\(s\) sg-bp1weblow000000001 sgr-\w+ \(10\) never apply/);
  });

  it('a Chinese message naming two instances: the intranet step judges both ways between their groups', async () => {
    const ts = nextTs();
    await h.event({ type: 'app_mention', user: USER, text: `<@UBOT> ${SG_IDS.app} 和 ${SG_IDS.db} 两台实例内网3306端口不通`, ts, channel: CHANNEL });
    const call = await h.fake.waitForCall('chat.postEphemeral', (a) => a.thread_ts === ts);
    const text = json(call.args.blocks);
    expect(text).toContain('intranet-unreachable');
    expect(text).toContain('只有一个方向放行：TCP 3306 i-bp1sgapp000000000001 (172.16.0.41) → i-bp1sgdb0000000000001 (172.16.0.42)');
  });

  it('an IPv6 symptom: the missing IPv6 rule', async () => {
    const res = await h.command('/ecs-triage', `ipv6-unreachable ${SG_IDS.ipv6Missing}`);
    expect(json((await h.fake.waitForResponse(res.id)).body.blocks)).toContain('IPv4 and IPv6 security group rules are separate');
  });

  it('someone not allowed to read instances is refused before any rule is read', async () => {
    const before = fake.requests.length;
    const res = await h.command('/ecs-triage', `website-unreachable ${SG_IDS.open} --port 80`, { user_id: BOB });
    expect(json((await h.fake.waitForResponse(res.id)).body.blocks)).toMatch(REFUSAL);
    expect(fake.requests.length).toBe(before);
  });
});
