import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeCard, encodeCard } from '../../src/render/card.js';
import { AK, SECRET, onlyReads } from '../cloud/setup.js';
import { fakeInstance, type FakeOpenApi } from '../support/fake-openapi.js';
import { startCloudHarness, type CloudHarness } from './cloud-harness.js';
import { sample, scrape, until } from '../support/metrics.js';
import { buttonsOf, DM, type Harness, USER } from './harness.js';

/**
 * Issue #17 in Slack: /ecs-instance answers with a summary that fits one screen; each verdict's checks are
 * behind a "Details" button that replaces the card where it is (response_url with replace_original for an
 * ephemeral card, chat.update for a message in a DM), still private, with a way back. Button values are
 * signed: anything the bot did not make is refused before the cloud is read. The real SDK talks to the fake
 * ECS OpenAPI on loopback.
 */
const ID = 'i-bp67acfmxazb4ph7ts1q';
const BOB = 'U0BOB';
let fake: FakeOpenApi;
let h: Harness;
let world: CloudHarness;

beforeAll(async () => {
  world = await startCloudHarness([{ instance: fakeInstance({ InstanceId: ID }) }], { NETBOT_TRIAGE_ALLOW: USER });
  ({ h, fake } = world);
}, 20_000);
afterAll(() => world.close());

type Blocks = Array<{ type: string; text?: { text: string }; fields?: Array<{ text: string }> }>;
const json = (value: unknown) => JSON.stringify(value);
/** The card buttons of a message: Details and Back. */
const cardButtons = (blocks: unknown) => buttonsOf(blocks).filter((b) => b.action_id.startsWith('netbot_card_'));
const button = (blocks: unknown, actionId: string) => {
  const found = cardButtons(blocks).find((b) => b.action_id === actionId);
  if (!found) throw new Error(`no ${actionId} button in ${json(cardButtons(blocks).map((b) => b.action_id))}`);
  return found;
};

async function summaryCard() {
  const res = await h.command('/ecs-instance', `${ID} --region cn-hangzhou`);
  // The first one loads the SDK: give it time on a busy machine.
  return (await h.fake.waitForResponse(res.id, 60_000)).body as { response_type: string; blocks: Blocks; replace_original?: boolean };
}

describe('/ecs-instance: a summary card with details on demand', () => {
  it('the summary fits one screen: under 10 blocks, network, IPs, bandwidth and one marked line per verdict', async () => {
    const card = await summaryCard();
    expect(card.response_type).toBe('ephemeral');
    expect(card.blocks.length).toBeLessThan(10);
    const text = json(card.blocks);
    for (const fact of ['vpc-bp1opxu1zkhn00gzv26cq', '47.96.10.20', '172.16.0.10', 'outbound 5 Mbps / inbound 100 Mbps']) expect(text).toContain(fact);
    const lines = card.blocks.flatMap((b) => (b.type === 'section' && b.text ? b.text.text.split('\n') : [])).filter((l) => /^[✅❌❔] /u.test(l));
    expect(lines.map((l) => l.replace(/:.*$/, ''))).toEqual([
      '❌ Can the public IP be changed',
      '✅ Can the public IP be converted to an EIP',
      '❌ Can the private IP be changed',
      '❔ Can a secondary ENI be attached',
      '✅ Can the instance use IPv6',
    ]);
    // Not the checks themselves: those are behind the buttons.
    expect(text).not.toContain('Unknown how many changes were made already');
    expect(cardButtons(card.blocks).map((b) => b.action_id)).toEqual(['netbot_card_facts', 'netbot_card_canswap', 'netbot_card_convert-eip', 'netbot_card_private-ip', 'netbot_card_eni', 'netbot_card_ipv6']);
    expect(buttonsOf(card.blocks).some((b) => b.action_id === 'netbot_share')).toBe(true);
  });

  it('a button carries only the instance, region, view and options, signed: no key, no secret, no facts', async () => {
    const card = await summaryCard();
    for (const b of cardButtons(card.blocks)) {
      expect(b.value).toMatch(/^card1;[a-z0-9-]+;en;i-bp67acfmxazb4ph7ts1q;cn-hangzhou;-;-;1\.[A-Za-z0-9_-]{22}$/);
      for (const secret of [AK, SECRET, '47.96.10.20', 'xoxb-']) expect(b.value).not.toContain(secret);
    }
  });

  it('Details replaces the ephemeral card in place (replace_original), privately, and Back returns the summary', async () => {
    const card = await summaryCard();
    const details = await h.click(button(card.blocks, 'netbot_card_canswap'));
    const view = (await h.fake.waitForResponse(details.id)).body as { response_type: string; replace_original: boolean; blocks: Blocks };
    expect(view).toMatchObject({ response_type: 'ephemeral', replace_original: true });
    const text = json(view.blocks);
    expect(text).toContain('Can the public IP be changed: no  [canswap]');
    expect(text).toMatch(/❌ The instance must be stopped first/);
    expect(text).toMatch(/❔ Unknown how many changes were made already/);
    expect(text).not.toContain('Can the private IP be changed');
    expect(cardButtons(view.blocks)[0]).toMatchObject({ action_id: 'netbot_card_summary', label: '← Back to summary' });

    const back = await h.click(button(view.blocks, 'netbot_card_summary'));
    const summary = (await h.fake.waitForResponse(back.id)).body as { replace_original: boolean; blocks: Blocks };
    expect(summary.replace_original).toBe(true);
    expect(summary.blocks.length).toBeLessThan(10);
    expect(json(summary.blocks)).toContain('✅ Can the instance use IPv6: yes');
    expect(cardButtons(summary.blocks).map((b) => b.action_id)).toContain('netbot_card_canswap');
    expect(onlyReads(fake)).toBe(true);
  });

  it('the facts view lists every ENI, what the bandwidth means and the reverse DNS, in Chinese too', async () => {
    const res = await h.command('/ecs-instance', `${ID} --region cn-hangzhou --no-ptr --lang zh`);
    const card = (await h.fake.waitForResponse(res.id)).body as { blocks: Blocks };
    const facts = await h.click(button(card.blocks, 'netbot_card_facts'));
    const view = (await h.fake.waitForResponse(facts.id)).body as { replace_original: boolean; blocks: Blocks };
    expect(view.replace_original).toBe(true);
    const text = json(view.blocks);
    expect(text).toContain('详情：网卡、带宽与注意事项');
    expect(text).toContain('私网IP（按网卡）');
    expect(text).toContain('按 --no-ptr 跳过了反向解析检查');
    expect(cardButtons(view.blocks)[0]!.label).toBe('← 返回概要');
  });

  it('in a DM the card is a message: Details updates it with chat.update, in the same conversation', async () => {
    const ts = '1740000100.000001';
    await h.event({ type: 'message', channel_type: 'im', user: USER, text: `/ecs-instance ${ID} --region cn-hangzhou`, ts, channel: DM });
    const posted = await h.fake.waitForCall('chat.postMessage', (a) => a.thread_ts === ts);
    const blocks = posted.args.blocks as Blocks;
    const message = { type: 'message', ts: '1740000100.000002', thread_ts: ts, text: posted.args.text, blocks };
    await h.click(button(blocks, 'netbot_card_eni'), { channel: DM, message });
    const update = await h.fake.waitForCall('chat.update', (a) => a.ts === message.ts);
    expect(update.args.channel).toBe(DM);
    expect(json(update.args.blocks)).toContain('❔ Can a secondary ENI be attached: cannot tell yet  [eni]');
  });
});

describe('card buttons: values the bot did not make are refused', () => {
  const refusedPrivately = async (value: string, user = USER) => {
    const before = fake.requests.length;
    const click = await h.click({ action_id: 'netbot_card_canswap', value, label: 'Details' }, { user });
    const reply = (await h.fake.waitForResponse(click.id)).body as { replace_original?: boolean; blocks: Blocks };
    expect(fake.requests.length, 'nothing is read from the cloud').toBe(before);
    return reply;
  };

  it.each([
    ['no signature', encodeCard({ view: 'canswap', lang: 'en', instanceId: ID, regionId: 'cn-hangzhou', ptr: true })],
    ['another instance under a genuine signature', 'SIGNED:i-bp1someoneelse000001'],
    ['a signature of the wrong length', `${encodeCard({ view: 'canswap', lang: 'en', instanceId: ID, regionId: 'cn-hangzhou', ptr: true })}.abc`],
    ['garbage', '<!channel> ../../etc/passwd'],
    ['empty', ''],
  ])('%s', async (_name, raw) => {
    let value = raw;
    if (raw.startsWith('SIGNED:')) {
      // A real button's value with its instance id swapped: the signature no longer matches.
      const genuine = cardButtons((await summaryCard()).blocks)[1]!.value;
      value = genuine.replace(ID, raw.slice('SIGNED:'.length));
      expect(value).not.toBe(genuine);
    }
    const reply = await refusedPrivately(value);
    expect(reply.replace_original).toBe(false);
    expect(json(reply.blocks)).toContain('This button is not valid');
    expect(json(reply.blocks)).not.toContain('<!channel>');
  });

  it('a genuine button pressed by someone not allowed to read instance facts: refused, nothing read, the card left alone', async () => {
    const genuine = cardButtons((await summaryCard()).blocks)[1]!.value;
    const reply = await refusedPrivately(genuine, BOB);
    expect(reply.replace_original).toBe(false);
    expect(json(reply.blocks)).toMatch(/NETBOT_TRIAGE_ALLOW/);
    expect(json(reply.blocks)).not.toContain('47.96.10.20');
  });

  it('the codec reads back only what it wrote', () => {
    const ref = { view: 'eni', lang: 'zh', instanceId: ID, regionId: 'cn-hangzhou', swaps: 2, focus: 'eni', ptr: false } as const;
    expect(decodeCard(encodeCard(ref))).toEqual(ref);
    for (const bad of [
      'card1;eni;zh;i-bp67acfmxazb4ph7ts1q;cn-hangzhou;2;eni;0;extra',
      'card2;eni;zh;i-bp67acfmxazb4ph7ts1q;cn-hangzhou;2;eni;0',
      'card1;delete;zh;i-bp67acfmxazb4ph7ts1q;cn-hangzhou;2;eni;0',
      'card1;eni;fr;i-bp67acfmxazb4ph7ts1q;cn-hangzhou;2;eni;0',
      'card1;eni;zh;i-<!channel>;cn-hangzhou;2;eni;0',
      'card1;eni;zh;i-bp67acfmxazb4ph7ts1q;cn-hangzhou.evil;2;eni;0',
      'card1;eni;zh;i-bp67acfmxazb4ph7ts1q;cn-hangzhou;1001;eni;0',
      'card1;eni;zh;i-bp67acfmxazb4ph7ts1q;cn-hangzhou;-1;eni;0',
      'card1;eni;zh;i-bp67acfmxazb4ph7ts1q;cn-hangzhou;2;summary;0',
      'card1;eni;zh;i-bp67acfmxazb4ph7ts1q;cn-hangzhou;2;eni;yes',
    ]) {
      expect(decodeCard(bad), bad).toBeUndefined();
    }
  });
});

describe('metrics (issue #18)', () => {
  it('every ECS API call is counted by action and outcome on /metrics', async () => {
    const calls = (p: string) => sample(p, 'netbot_cloud_calls_total', { action: 'DescribeInstances', outcome: 'ok' });
    const before = calls(await scrape(h.base));
    // Another region than the other tests': not in the client's cache, so the API is called.
    const res = await h.command('/ecs-instance', `${ID} --region cn-beijing`);
    await h.fake.waitForResponse(res.id, 60_000);
    const page = await until(() => scrape(h.base), (p) => calls(p) > before);
    expect(calls(page)).toBeGreaterThan(before);
  }, 90_000);
});
