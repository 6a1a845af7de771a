/**
 * triage: matching a described symptom to a runbook (and refusing ordinary FAQ questions), then walking the
 * runbook's steps, with live facts from the fake OpenAPI when an instance id is given and without them when not.
 */
import { describe, expect, it } from 'vitest';
import { dispatch } from '../../src/app/dispatch.js';
import { CHAT_THRESHOLD, describesTrouble, matchRunbook, rankRunbooks } from '../../src/commands/triage.js';
import { renderBlocks } from '../../src/render/blocks.js';
import { renderText } from '../../src/render/text.js';
import { IDS, REPLY_AT, useCloudWorld } from '../support/cloud-fixtures.js';
import { fakeEni, fakeInstance } from '../support/fake-openapi.js';
import { services } from '../support/services.js';

const kb = services().kb;

// Written from the guide's situations and the way on-call engineers describe them in chat; none is one of
// the runbooks' own symptom phrases.
const SYMPTOMS: Array<[string, string]> = [
  ['客户说网站外网打不开了', 'website-unreachable'],
  ["nginx is running but the site on our ECS can't be reached from outside", 'website-unreachable'],
  ['访问我们的站点提示 您的访问被阻断 URL可能造成安全威胁', 'url-blocked'],
  ["users get an 'access blocked, security threat' page when they open our site", 'url-blocked'],
  ['机器都停了 为什么公网流量还在扣费', 'billed-while-stopped'],
  ['we stopped the box last night but are still getting charged for outbound traffic', 'billed-while-stopped'],
  ['刚开的机器啥也没跑 入网流量一直200kbps左右 正常吗', 'inbound-200kbps'],
  ['brand new instance, nothing deployed, already ~200 kbps inbound, are we under attack?', 'inbound-200kbps'],
  ['eth1 绑上了但是 ifconfig 看不到 IP', 'eni-no-ip-in-os'],
  ["attached a second ENI, the OS doesn't show any address on it", 'eni-no-ip-in-os'],
  ['IPv6 地址配好了 外网 ping 不通', 'ipv6-unreachable'],
  ["our instance's ipv6 can't be reached from the internet", 'ipv6-unreachable'],
  ['发往QQ邮箱的邮件全被退回，说没有反向解析', 'mail-rejected-ptr'],
  ['gmail rejects our mails: no PTR record for the sending IP', 'mail-rejected-ptr'],
  ['控制台找不到更换公网IP', 'cannot-change-public-ip'],
  ["can't change the public ip on my instance, the menu item is gone", 'cannot-change-public-ip'],
  ['同VPC两台ECS内网ping不通', 'intranet-unreachable'],
  ["two servers in the same vpc can't talk over their private ips", 'intranet-unreachable'],
];

// Ordinary questions the guide answers (what, how, how many), some with a negation in them: no runbook.
const FAQ_QUESTIONS = [
  '什么是专有网络VPC',
  '怎么申请反向解析',
  '一个IP可以设置几个反向解析域名',
  '弹性网卡最多能绑几块',
  '如何修改私网IP地址',
  '公网带宽怎么收费',
  '云服务器ECS的公网带宽是独享还是共享',
  '什么是流量清洗',
  '什么是BGP机房',
  '如何把经典网络迁移到专有网络',
  'ClassicLink 怎么配置',
  '云盾是否有屏蔽IP的功能',
  'ENI 不能跨可用区绑定吗',
  '经典网络的公网IP能不能更换',
  'what is the difference between NatPublicIp and EIP',
  'how do I convert a VPC public IP to an EIP',
  'how many times can I change the public IP',
  'which images recognize an ENI automatically',
  'how do I enable IPv6 public bandwidth',
  'what is the max outbound bandwidth',
  'how do I configure multiqueue on eth0',
  'how do I check reverse DNS with dig',
  'can an ENI be attached to an instance in another zone',
  "why can't I see the public IP inside a VPC instance",
  "why can't classic instances use ENIs",
  "can't an EIP be bound to a classic instance?",
];

describe('matchRunbook (chat routing)', () => {
  it.each(SYMPTOMS)('a described symptom finds its runbook: %s', (text, id) => {
    const match = matchRunbook(text, kb);
    expect(match?.runbook.id, JSON.stringify(rankRunbooks(text, kb).slice(0, 2).map((r) => [r.runbook.id, r.score]))).toBe(id);
    expect(match!.score).toBeGreaterThanOrEqual(CHAT_THRESHOLD);
  });

  it.each(FAQ_QUESTIONS)('an ordinary FAQ question finds none: %s', (text) => {
    expect(matchRunbook(text, kb)).toBeUndefined();
  });

  it('needs a trouble word: the same topic asked as a question does not match, described as a problem does', () => {
    expect(describesTrouble('怎么申请反向解析')).toBe(false);
    expect(describesTrouble('邮件被退回 没有反向解析')).toBe(true);
    expect(matchRunbook('reverse dns for mail', kb)).toBeUndefined();
    expect(matchRunbook('mail bounced: reverse dns missing', kb)?.runbook.id).toBe('mail-rejected-ptr');
  });

  it('finds nothing in text about something else, empty text, or a very long paste', () => {
    expect(matchRunbook('红烧肉怎么做 失败了', kb)).toBeUndefined();
    expect(matchRunbook('', kb)).toBeUndefined();
    expect(matchRunbook('!!! ??? ...', kb)).toBeUndefined();
    expect(() => matchRunbook('网站打不开 '.repeat(10_000), kb)).not.toThrow();
  });
});

const world = useCloudWorld(undefined, { wellFormed: false });

type Json = Record<string, any>;
const triage = (tokens: string[], lang: 'en' | 'zh' = 'en', svc = world().svc()) => dispatch({ command: 'triage', tokens, lang }, svc);
const statuses = (json: Json) => json.steps.map((s: Json) => s.status);

describe('triage with an instance id: live facts', () => {
  it('website unreachable, a healthy running instance: the JSON contract and each step checked', async () => {
    const reply = await triage(['我的网站外网访问不了', IDS.vpcRunningYoung]);
    expect(reply.kind, renderText(reply.doc)).toBe('result');
    const json = reply.json as Json;
    expect(Object.keys(json)).toEqual(['runbook', 'instance', 'fetchedAt', 'steps', 'requestId', 'matched', 'liveFactsError']);
    expect(json.liveFactsError).toBeNull();
    expect(json.runbook).toEqual({ id: 'website-unreachable', title: 'A website or port on ECS is unreachable from the Internet (SSH and RDP too)' });
    expect(json.instance).toBe(IDS.vpcRunningYoung);
    expect(json.requestId).toBe(world().fake.calls('DescribeInstances').at(-1)!.requestId);
    for (const step of json.steps) expect(Object.keys(step).slice(0, 5)).toEqual(['text', 'section', 'sectionTitle', 'status', 'detail']);
    // The security-group step reads live rules: this fixture lists no group (test/commands/triage-security.test.ts has those that do).
    expect(statuses(json)).toEqual(['pass', 'pass', 'pass', 'info', 'unknown', 'info', 'info', 'info']);
    // Bandwidth (the cause, §2.2) before the public IP (its consequence, §2.1).
    expect(json.steps[1].detail).toBe('Public bandwidth is 5 Mbps.');
    expect(json.steps[2].detail).toBe("The instance's public IP is 47.96.10.20.");
    expect(json.steps[3].detail).toMatch(/VPC instance: the OS only has the private IP/);
    expect(json.steps[4]).toMatchObject({ detail: 'The API lists no security group for this instance, so its rules cannot be checked.', check: { kind: 'security-group', scope: 'internet' } });
    // The security-group step cites where the guide says rules allow or deny access (§4.1).
    expect(json.steps.map((s: Json) => s.section)).toEqual(['2.1', '2.2', '2.1', '2.1', '4.1', '9', '9', '9']);
  });

  it('the same runbook on a stopped instance without a public IP fails where it should', async () => {
    const json = (await triage(['website-unreachable', IDS.vpcStoppedStopCharging])).json as Json;
    expect(json.matched).toEqual({ by: 'id' });
    expect(statuses(json).slice(0, 3)).toEqual(['fail', 'pass', 'fail']);
    expect(json.steps[0].detail).toBe('The instance is stopped: start it first.');
    expect(json.steps[2].detail).toMatch(/^The instance has no public IP, so the Internet cannot reach it\. Whether it can get one depends on its billing \(postpaid\) and network type \(vpc\)/);
  });

  it('mail rejected: the ptr command runs on the public IP (pass when forward-confirmed, fail without a PTR)', async () => {
    const good = (await triage(['mail to gmail bounces, no PTR', IDS.vpcRunningYoung])).json as Json;
    expect(good.runbook.id).toBe('mail-rejected-ptr');
    expect(good.steps[1]).toMatchObject({ status: 'pass', check: { kind: 'command', command: 'ptr {publicIpAddress}', ran: 'ptr 47.96.10.20' } });
    expect(good.steps[1].check.result).toMatchObject({ ip: '47.96.10.20', ptr: ['mail.example.com'], forwardConfirmed: true });
    const bad = (await triage(['mail-rejected-ptr', IDS.vpcEip])).json as Json;
    expect(bad.steps[1]).toMatchObject({ status: 'fail', check: { ran: 'ptr 47.100.1.1' } });
    expect(bad.steps[1].detail).toMatch(/has no PTR record/);
    // No public IP: the first step fails and the command cannot run.
    const none = (await triage(['mail-rejected-ptr', IDS.vpcNoPublicIp])).json as Json;
    expect(statuses(none).slice(0, 2)).toEqual(['fail', 'unknown']);
    expect(none.steps[1].detail).toMatch(/has no publicIpAddress/);
  });

  it('verdict steps: canswap undecided for a stopped 2-hour-old instance, with the per-value outcome', async () => {
    const json = (await triage(['cannot-change-public-ip', IDS.vpcStoppedKeep])).json as Json;
    // Whether there is a public IP at all comes first (a prerequisite of §3.2).
    expect(json.steps[0]).toMatchObject({ status: 'pass', detail: 'The instance has a public IP, 47.96.10.20 (nat).' });
    expect(json.steps[1]).toMatchObject({ status: 'unknown', check: { kind: 'verdict', id: 'canswap' } });
    expect(json.steps[1].detail).toMatch(/if it was changed fewer than 3 times so far: eligible/);
    expect(json.steps[4]).toMatchObject({ status: 'pass', check: { kind: 'verdict', id: 'convert-eip' } });
    const classic = (await triage(['cannot-change-public-ip', IDS.classic])).json as Json;
    expect(classic.steps[3]).toMatchObject({ status: 'info' });
    expect(classic.steps[3].detail).toMatch(/classic instance: past the window it cannot change/);
  });

  it('billed while stopped: stopped with KeepCharging, by traffic, no EIP', async () => {
    const json = (await triage(['billed-while-stopped', IDS.vpcStoppedKeep])).json as Json;
    // How it was stopped and whether the IP is an EIP come before the traffic billing and §9's cause.
    expect(statuses(json)).toEqual(['pass', 'fail', 'pass', 'pass', 'info', 'info']);
    expect(json.steps[1].detail).toMatch(/KeepCharging: the instance is kept and still billed/);
  });

  it('a fact the answer does not give is unknown, and says which', async () => {
    const id = 'i-bp1nostopmode00000001';
    world().fake.addInstance({ instance: fakeInstance({ InstanceId: id, Status: 'Stopped', StoppedMode: '' }), enis: [fakeEni({ InstanceId: id })] });
    const json = (await triage(['billed-while-stopped', id])).json as Json;
    expect(json.steps[1]).toMatchObject({ status: 'unknown', detail: 'The instance facts do not include stoppedMode, so this cannot be checked.' });
  });

  it('intranet: forks by network type (information, not pass/fail)', async () => {
    const classic = (await triage(['两台实例内网不通', IDS.classic])).json as Json;
    expect(classic.runbook.id).toBe('intranet-unreachable');
    expect(statuses(classic)).toEqual(['pass', 'info', 'info', 'unknown', 'info', 'info']);
    expect(classic.steps[2].detail).toMatch(/^Classic instance: the same account, region and security group connect by default/);
    expect(classic.steps[5].detail).toMatch(/^Classic instance: its intranet IP cannot be changed/);
    const vpc = (await triage(['intranet-unreachable', IDS.vpcStoppedKeep])).json as Json;
    expect(statuses(vpc)[0]).toBe('fail');
    expect(vpc.steps[2].detail).toMatch(/^VPC instance \(vpc-bp1opxu1zkhn00gzv26cq\): the same VPC and security group connect by default/);
  });

  it('in Chinese', async () => {
    const reply = await triage(['辅助网卡在系统里没有IP', IDS.vpcIpv6TwoEnis], 'zh');
    const text = renderText(reply.doc);
    expect(text).toMatch(/辅助弹性网卡在系统里没有IP/);
    expect(text).toMatch(/实例绑定了 1 块辅助网卡：在系统里配置它们/);
    expect((reply.json as Json).steps.at(-1)).toMatchObject({ status: 'pass', check: { kind: 'verdict', id: 'eni' } });
  });

  it('a cloud failure is an error with code, message and requestId', async () => {
    const reply = await triage(['website-unreachable', 'i-bp1doesnotexist00003']);
    expect(reply.kind).toBe('error');
    expect((reply.json as Json).error).toMatchObject({ code: 'not_found', requestId: expect.stringMatching(/^[0-9A-F-]{36}$/) });
  });
});

describe('triage with an instance id but no cloud credentials (issue #17): the runbook stays whole', () => {
  const noCredentials = () =>
    services({
      env: { HOME: world().home.path, ALIBABA_CLOUD_ECS_METADATA_DISABLED: 'true', NETBOT_ECS_ENDPOINT: world().fake.ecsEndpoint, NETBOT_VPC_ENDPOINT: world().fake.vpcEndpoint },
      now: () => new Date(REPLY_AT),
    });

  it('every step, the live ones unknown saying why, and one line on configuring credentials, in both languages; nothing sent', async () => {
    const before = world().fake.requests.length;
    const runbook = kb.runbooks.find((r) => r.id === 'website-unreachable')!;
    for (const [lang, symptom] of [['en', 'my website is unreachable from the internet'], ['zh', '我的网站外网访问不了']] as const) {
      const reply = await triage([symptom, IDS.vpcRunningYoung, '--region', 'cn-hangzhou'], lang, noCredentials());
      expect(reply.kind, renderText(reply.doc)).toBe('result');
      const json = reply.json as Json;
      expect(json.runbook.id).toBe('website-unreachable');
      expect(json.instance).toBe(IDS.vpcRunningYoung);
      expect(json.liveFactsError).toEqual({ code: 'no_credentials', message: expect.stringContaining('ALIBABA_CLOUD_ACCESS_KEY_ID'), requestId: null });
      expect(json.steps.map((s: Json) => s.text)).toEqual(runbook.steps.map((s) => s.text[lang]));
      expect(statuses(json)).toEqual(['unknown', 'unknown', 'unknown', 'unknown', 'unknown', 'info', 'info', 'info']);
      const why = lang === 'en' ? "Needs the instance's live facts, which could not be read (see above)." : '需要实例的实时事实，这次没有读到（见上）。';
      for (const step of json.steps.slice(0, 4)) expect(step.detail).toBe(why);
      const text = renderText(reply.doc);
      const line = lang === 'en' ? /^ {2}No Alibaba Cloud credentials, so the steps that need the instance's live facts are unknown\. Configure one of: ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET, ~\/\.alibabacloud\/credentials, or an instance RAM role on ECS/m : /^ {2}没有阿里云访问凭证，需要实例实时事实的步骤标为“未知”。配置任一种即可：环境变量 ALIBABA_CLOUD_ACCESS_KEY_ID/m;
      expect(text).toMatch(line);
      expect(text.match(/ALIBABA_CLOUD_ACCESS_KEY_ID/g)).toHaveLength(1);
      expect(text).toMatch(lang === 'en' ? /0 passed, 0 failed, 5 unknown, 3 for information/ : /通过 0，未通过 0，未知 5，说明 3/);
    }
    expect(world().fake.requests.length).toBe(before);
  });

  it('a cloud that refuses (no permission) keeps the runbook too, with its own message; a wrong id stays an error', async () => {
    world().fake.fault({ action: 'DescribeInstances', instanceId: IDS.vpcFixedBandwidth, times: 1, fault: { kind: 'error', code: 'Forbidden.RAM', status: 403, authAction: 'ecs:DescribeInstances' } });
    const reply = await triage(['website-unreachable', IDS.vpcFixedBandwidth, '--region', 'cn-hangzhou']);
    expect(reply.kind).toBe('result');
    const json = reply.json as Json;
    expect(json.liveFactsError.code).toBe('forbidden');
    expect(statuses(json).slice(0, 4)).toEqual(['unknown', 'unknown', 'unknown', 'unknown']);
    expect(renderText(reply.doc)).toMatch(new RegExp(`Could not read the live facts of ${IDS.vpcFixedBandwidth}, so the steps that need them are unknown: .*ecs:DescribeInstances`));
    expect((await triage(['website-unreachable', 'i-bp1doesnotexist00004'])).kind).toBe('error');
  });
});

describe('triage in Slack', () => {
  it.each(kb.runbooks.map((r) => r.id))('%s fits Block Kit without being cut, in both languages', async (id) => {
    for (const lang of ['en', 'zh'] as const) {
      const message = renderBlocks((await triage([id, IDS.vpcIpv6TwoEnis], lang)).doc, { lang, shareValue: 'x' });
      expect(message.blocks.length).toBeLessThanOrEqual(50);
      expect(JSON.stringify(message.blocks)).not.toMatch(/output too long|输出过长/);
    }
  });
});

describe('triage without an instance id', () => {
  it('checks needing facts are unknown with "give an instance id to check this", in both languages', async () => {
    const before = world().fake.requests.length;
    const en = (await triage(['website unreachable from the internet'])).json as Json;
    expect(en.instance).toBeNull();
    expect(en.fetchedAt).toBeUndefined();
    expect(en.requestId).toBeUndefined();
    expect(statuses(en)).toEqual(['unknown', 'unknown', 'unknown', 'unknown', 'unknown', 'info', 'info', 'info']);
    expect(en.steps[4].detail).toBe('Give an instance ID to read its security group rules and check: TCP 80, TCP 443.');
    expect(en.steps[0].detail).toBe('Give an instance ID to check this.');
    const zh = (await triage(['网站外网访问不了'], 'zh')).json as Json;
    expect(zh.steps[0].detail).toBe('给出实例ID即可检查这一步。');
    // Commands with facts to fill and verdicts need the instance too.
    const bw = (await triage(['inbound-200kbps'])).json as Json;
    expect(bw.steps[2]).toMatchObject({ status: 'unknown', detail: 'Give an instance ID to check this.' });
    const verdicts = (await triage(['cannot-change-public-ip'])).json as Json;
    expect(verdicts.steps[1]).toMatchObject({ status: 'unknown', check: { kind: 'verdict', id: 'canswap' } });
    expect(world().fake.requests.length).toBe(before);
  });

  it('the text reply shows the steps in order with their status and section', async () => {
    const text = renderText((await triage(['url-blocked'])).doc);
    expect(text).toMatch(/^== Visiting the site says the URL may be a security threat and access is blocked ==/);
    expect(text).toMatch(/1\. ℹ️ Cause: Cloud Shield's web application firewall .* \(§9 网络FAQ\)/);
    expect(text).toMatch(/3\. ❔ Whether the site itself is up.*\n {4}→ Give an instance ID to check this\./);
    expect(text).toMatch(/0 passed, 0 failed, 1 unknown, 3 for information/);
  });
});

describe('triage: bad input', () => {
  it('no runbook matches: lists the runbooks with their ids and an example', async () => {
    const reply = await triage(['红烧肉怎么做']);
    expect(reply.kind).toBe('error');
    expect((reply.json as Json).error.code).toBe('no_runbook');
    const text = renderText(reply.doc);
    for (const r of kb.runbooks) expect(text).toContain(`- ${r.id}: ${r.title.en}`);
    expect(text).toMatch(/Example: ecs-netbot triage \S+ i-bp67acfmxazb4ph7ts1q --region cn-hangzhou/);
  });

  it('no symptom, two instances, --region without an instance, a bad id', async () => {
    expect(((await triage([])).json as Json).error.code).toBe('missing_symptom');
    expect(((await triage(['website-unreachable', IDS.vpcEip, IDS.classic])).json as Json).error.code).toBe('too_many_instances');
    expect(((await triage(['website-unreachable', '--region', 'cn-hangzhou'])).json as Json).error.code).toBe('region_without_instance');
    expect(((await triage(['website-unreachable', 'i-???'])).json as Json).error.code).toBe('bad_instance_id');
  });
});
