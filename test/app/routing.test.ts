import { describe, expect, it } from 'vitest';
import { answerMessage } from '../../src/app/chat.js';
import { routeMessage } from '../../src/app/routing.js';
import { renderText } from '../../src/render/text.js';
import { services } from '../support/services.js';

const svc = services({ env: { NETBOT_DNS_SERVER: '127.0.0.1:9', NETBOT_DNS_TIMEOUT_MS: '50' } });
const route = (text: string) => routeMessage(text, svc.search);
/** What a route runs, without the conversation's reading it carries. */
const ran = (r: { invocation: { command: string; tokens: readonly string[] } }) => ({ command: r.invocation.command, tokens: r.invocation.tokens });

describe('routing: a question that merely contains a figure gets the FAQ, with the calculator offered', () => {
  it.each([
    ['新建的ECS实例为什么有200Kbps左右的入网流量', 'faq-new-instance-200kbps-inbound', { command: 'bw', tokens: ['200Kbps'] }],
    ['按流量计费带宽峰值100M，停机了还扣钱吗', 'faq-stopped-instance-outbound-traffic', { command: 'bw', tokens: ['100M'] }],
    ['why does my new instance get about 200 Kbps of inbound traffic', 'faq-new-instance-200kbps-inbound', { command: 'bw', tokens: ['200Kbps'] }],
    ['1.2.3.4 的反向解析怎么申请', 'faq-reverse-dns-apply', { command: 'ptr', tokens: ['1.2.3.4'] }],
  ])('%s → FAQ %s, offers %j', (text, entry, offer) => {
    const r = route(text);
    expect(ran(r)).toEqual({ command: 'ask', tokens: [text] });
    expect(r.offer).toEqual(offer);
    const outcome = svc.search.search(text);
    expect(outcome.band).toBe('answer');
    expect(outcome.hits[0]!.entry.id).toBe(entry);
  });

  it('a how/whether question the FAQ cannot answer confidently still gets the FAQ reply (did you mean / decline), not a calculation of its figure', () => {
    const r = route('带宽从5M升到10M要重启吗');
    expect(r.invocation.command).toBe('ask');
    expect(r.offer).toEqual({ command: 'bw', tokens: ['5M'] });
  });
});

describe('routing: a plain calculation still runs the command', () => {
  it.each([
    ['5M带宽入网多少', 'bw', ['5M']],
    ['买了150M带宽入网能到多少', 'bw', ['150M']],
    ['what does 20 Mbps bandwidth mean for inbound', 'bw', ['20Mbps']],
    ['10.0.0.0/16 分成 8 个子网', 'subnet', ['10.0.0.0/16', '--count', '8']],
    ['how do I divide 10.0.0.0/24 for 50 hosts', 'subnet', ['10.0.0.0/24', '--hosts', '50']],
    ['how many usable hosts in 10.10.0.0/22', 'subnet', ['10.10.0.0/22']],
    ['10.10.0.0/22 有多少可用ip', 'subnet', ['10.10.0.0/22']],
    ['255.255.240.0 是多少位掩码', 'subnet', ['255.255.240.0']],
    ['PTR of 1.2.3.4', 'ptr', ['1.2.3.4']],
    ['reverse dns for 2400:3200::1', 'ptr', ['2400:3200::1']],
    // A lookup asked of a given address runs it, even worded as a need.
    ['dig -x 121.196.255.18 for me pls, need to know if the ptr is set', 'ptr', ['121.196.255.18']],
    ['帮我查一下 120.55.3.4 的反向解析 需要看看有没有', 'ptr', ['120.55.3.4']],
    ['can I change the public IP of a VPC instance created 2 hours ago', 'canswap', ['vpc', '2h']],
    ['我的vpc实例创建了2小时 没换过 能换公网ip吗', 'canswap', ['vpc', '2小时', 'swaps=0']],
    ['经典网络的实例 创建5小时 已停止 换过一次 还能再换吗', 'canswap', ['classic', '5小时', 'stopped', 'swaps=1']],
    ['/ecs-bw 5', 'bw', ['5']],
  ])('%s → %s %j', (text, command, tokens) => {
    const r = route(text);
    expect(ran(r)).toEqual({ command, tokens });
    expect(r.offer).toBeUndefined();
  });

  it('a question without a figure is a question', () => {
    for (const text of ['如何更换公网IP', 'what is an EIP', '公网带宽最多能开到多大']) {
      const r = route(text);
      expect(ran(r)).toEqual({ command: 'ask', tokens: [text] });
      expect(r.offer).toBeUndefined();
    }
  });
});

describe('routing: a general question with a figure is never given a calculator verdict (issue #15)', () => {
  it.each([
    // One fact of an instance (its age) or a threshold is a general rule: VPC yes (by converting to an EIP), classic no.
    ['实例创建超过6小时了还能换公网IP吗', 'canswap'],
    ['my instance is 8 hours old, can I still change its public ip', 'canswap'],
    ['实例创建了3小时 还能换公网ip吗', 'canswap'],
    ['按量付费的实例 带宽改成0M NatPublicIp会马上释放吗', 'bw'],
    ['公网出网带宽是不是最高只能买到200M', 'bw'],
    // A yes/no question, and one that says it asks the rule ("in general", "一般来说"), even with two facts.
    ['is the 200 Mbps outbound cap the same for classic and vpc?', 'bw'],
    ['in general can you still change the public ip once an instance is 8 hours old', 'canswap'],
    ['一般来说 vpc实例创建8小时了还能换公网ip吗', 'canswap'],
  ])('%s → the FAQ, the calculation (%s) at most offered', (text, offered) => {
    const r = route(text);
    expect(r.invocation.command).toBe('ask');
    expect(r.offer?.command).toBe(offered);
  });

  it('the 6-hour question gets the entry that tells VPC and classic apart', () => {
    expect(svc.search.search('实例创建超过6小时了还能换公网IP吗').hits[0]!.entry.id).toBe('ipv4-public-ip-after-6-hours');
  });
});

describe('the chat reply and ask --json agree', () => {
  it('the console/Slack reply answers with the same entry ask reports, and offers the calculation as a follow-up line', async () => {
    const text = '新建的ECS实例为什么有200Kbps左右的入网流量';
    const { reply } = await answerMessage(text, svc, { defaultLang: 'zh' });
    expect(reply.kind).toBe('result');
    const rendered = renderText(reply.doc, reply.lang);
    const ask = await answerMessage(`/ecs-ask ${text}`, svc, { defaultLang: 'zh' });
    const json = ask.reply.json as { hits: Array<{ id: string; question: string }>; route: { command: string; offer: unknown } };
    expect(rendered).toContain(json.hits[0]!.question);
    expect(json.route).toEqual({ command: 'ask', tokens: [text], offer: { command: 'bw', tokens: ['200Kbps'] }, related: null });
    expect(rendered).toContain('🧮 直接计算：/ecs-bw 200Kbps');
    expect(reply.doc.actions?.[0]).toMatchObject({ id: 'run', value: 'run:{"command":"bw","tokens":["200Kbps"]}' });
  });

  it('a plain calculation is the calculator, and ask --json says so', async () => {
    const { reply } = await answerMessage('5M带宽入网多少', svc, { defaultLang: 'zh' });
    expect(reply.command).toBe('bw');
    const ask = await answerMessage('/ecs-ask 5M带宽入网多少', svc, { defaultLang: 'zh' });
    expect((ask.reply.json as { route: unknown }).route).toEqual({ command: 'bw', tokens: ['5M'], offer: null, related: null });
  });
});

describe('symptoms go to their runbook (issue #11)', () => {
  const withKb = (text: string) => routeMessage(text, svc.search, svc.kb).invocation;
  it.each([
    ['我的网站外网访问不了', ['website-unreachable']],
    ['mail to gmail bounces, no PTR', ['mail-rejected-ptr']],
    ['两台机器内网不通', ['intranet-unreachable']],
    ['website on my ecs is unreachable from internet i-bp67acfmxazb4ph7ts1q cn-hangzhou', ['website-unreachable', 'i-bp67acfmxazb4ph7ts1q', '--region', 'cn-hangzhou']],
    ['新挂的弹性网卡 ubuntu 里看不到 eth1', ['eni-no-ip-in-os']],
    ['our vm has been stopped since friday and we are still getting billed for outbound traffic', ['billed-while-stopped']],
    ['多队列已经开了 pps 还是上不去 软中断都在一个核上', ['bandwidth-slow']],
    // Asking to troubleshoot, or what is going on, asks for the runbook, not the guide's why.
    ['我的网站外网访问不了 咋排查', ['website-unreachable']],
    ['访问网站提示 您的访问被阻断 咋回事', ['url-blocked']],
    // An instance or region id says which machine, not what is wrong: it does not dilute the symptom.
    ['i-bp1r2t3y4u5i6o7p8a9s ssh timeout from the office, cn-hangzhou', ['website-unreachable', 'i-bp1r2t3y4u5i6o7p8a9s', '--region', 'cn-hangzhou', '--port', '22']],
    ['attached a second eni to i-uf6m1n2b3v4c5x6z7l8k but eth1 doesnt show up in ip a', ['eni-no-ip-in-os', 'i-uf6m1n2b3v4c5x6z7l8k']],
  ])('%s → triage %j', (text, tokens) => {
    expect(ran({ invocation: withKb(text) })).toEqual({ command: 'triage', tokens });
  });

  it.each(['怎么申请反向解析', 'how do I attach an ENI', '为什么停机了还在收流量费', '10.0.0.0/16 分成 8 个子网', 'what is an ip-address in a vpc'])(
    '%s stays with the FAQ or its calculator',
    (text) => {
      expect(withKb(text).command).not.toBe('triage');
    },
  );

  it.each([
    ['两台机器内网不通 10.0.0.0/16 分成 8 个子网', { command: 'subnet', tokens: ['10.0.0.0/16', '--count', '8'] }],
    ['intranet between two instances unreachable, split 10.0.0.0/16 into 4 subnets', { command: 'subnet', tokens: ['10.0.0.0/16', '--count', '4'] }],
    ['我的网站外网访问不了 vpc实例 开机2小时 没换过公网IP 运行中 能换公网IP吗', { command: 'canswap', tokens: ['vpc', '2小时', 'running', 'swaps=0'] }],
    ['website unreachable from internet; vpc instance 2h old, running, can I swap its public ip', { command: 'canswap', tokens: ['vpc', '2h', 'running'] }],
  ])('an explicit calculation comes before the trouble it also describes: %s → %j', (text, calculation) => {
    expect(ran({ invocation: withKb(text) })).toEqual(calculation);
  });

  it('without the knowledge base (older callers) nothing changes', () => {
    expect(routeMessage('我的网站外网访问不了', svc.search).invocation.command).toBe('ask');
  });
});

describe('a runbook reply offers the FAQ answer next to it (issue #11)', () => {
  it('the confident FAQ entry for the same text becomes a follow-up button of the runbook reply', async () => {
    const { route, reply } = await answerMessage('分配了ipv6但外网访问不了', svc, { defaultLang: 'zh' });
    expect(ran(route)).toEqual({ command: 'triage', tokens: ['ipv6-unreachable'] });
    expect(route.related).toBe('ipv6-internet-access-requires-bandwidth');
    expect(reply.doc.actions?.[0]).toMatchObject({ value: 'entry:ipv6-internet-access-requires-bandwidth' });
    expect(renderText(reply.doc, 'zh')).toMatch(/💬 指南中的回答：.*kb show ipv6-internet-access-requires-bandwidth/);
  });

  it('only an answer from a chapter the runbook cites: a website that is down is not offered the IPv6 answer (issue #17)', async () => {
    const kb = svc.kb;
    const cited = new Set(kb.runbooks.find((r) => r.id === 'website-unreachable')!.steps.map((s) => s.section.split('.')[0]));
    for (const text of ['我的网站外网访问不了', '网站外网打不开', 'my website is unreachable from the internet']) {
      const { route, reply } = await answerMessage(text, svc, { defaultLang: 'zh' });
      expect(ran(route)).toEqual({ command: 'triage', tokens: ['website-unreachable'] });
      expect(JSON.stringify(reply.doc.actions ?? [])).not.toContain('ipv6');
      if (route.related) expect(cited).toContain(kb.byId.get(route.related)!.section.split('.')[0]);
    }
    // The search's confident answer to the first is the IPv6 one: it is no longer offered.
    expect((await answerMessage('我的网站外网访问不了', svc, { defaultLang: 'zh' })).route.related).toBeUndefined();
  });
});

describe('a resource id in a question is no word of it', () => {
  it.each([
    ['i-bp67acfmxazb4ph3xxxx 能换公网ip吗', '能换公网ip吗'],
    ['can i-uf6abcdefgh12345 change its public ip', 'can it change its public ip'],
  ])('%s reads as %s', (withId, plain) => {
    const a = svc.search.search(withId);
    const b = svc.search.search(plain);
    expect(a.band).toBe(b.band);
    expect(a.hits.map((h) => h.entry.id)).toEqual(b.hits.map((h) => h.entry.id));
  });

  it('an ENI id reads as the word ENI', () => {
    expect(svc.search.search('eni-bp1abcdefgh12345 能解绑吗').hits[0]!.entry.id).toBe(svc.search.search('eni 能解绑吗').hits[0]!.entry.id);
  });
});

describe('a question naming an instance whose facts cannot be read', () => {
  it('gets the guide\'s answer, and why the instance was not judged (no region here)', async () => {
    const { reply, route } = await answerMessage('i-bp67acfmxazb4ph3xxxx 能换公网ip吗', svc, { defaultLang: 'zh' });
    expect(route.invocation.command).toBe('canswap');
    expect(reply.kind).toBe('result');
    const text = renderText(reply.doc, reply.lang);
    expect(text).toContain('更换公网IP');
    expect(text).toMatch(/没有读到实例 i-bp67acfmxazb4ph3xxxx 的实时信息（不知道实例在哪个地域/);
  });

  it('a symptom with it still gets its runbook, walked without the instance, and why', async () => {
    const { reply, route } = await answerMessage('my website is unreachable from the internet i-bp67acfmxazb4ph3xxxx port 443', svc, { defaultLang: 'en' });
    expect(ran(route)).toMatchObject({ command: 'triage', tokens: ['website-unreachable', 'i-bp67acfmxazb4ph3xxxx', '--port', '443'] });
    expect(reply.kind).toBe('result');
    const text = renderText(reply.doc, reply.lang);
    expect(text).toContain('website-unreachable');
    expect(text).toContain('check: TCP 443');
    expect(text).toMatch(/The live facts of i-bp67acfmxazb4ph3xxxx could not be read \(Which region is the instance in\?/);
  });
});

describe('routing: a command typed as at the terminal, without its slash, is that command', () => {
  it.each([
    ['bw 5', 'bw', ['5']],
    ['BW 100M', 'bw', ['100M']],
    ['subnet 10.0.0.0/16 --count 4', 'subnet', ['10.0.0.0/16', '--count', '4']],
    ['ptr 999.1.1.1', 'ptr', ['999.1.1.1']],
    ['instance i-bp67acfmxazb4ph39k2a --region cn-hangzhou', 'instance', ['i-bp67acfmxazb4ph39k2a', '--region', 'cn-hangzhou']],
    ['triage website-unreachable', 'triage', ['website-unreachable']],
    // What follows is no word at all: the command, which says what it accepts (never an FAQ guess).
    ['bw __proto__', 'bw', ['__proto__']],
    ['subnet x=1', 'subnet', ['x=1']],
    ['ptr \u0001\u0002 1.2.3.4', 'ptr', ['\u0001\u0002', '1.2.3.4']],
    // A command name nobody asks about, alone: the command, with its usage.
    ['canswap', 'canswap', []],
    ['Triage', 'triage', []],
    ['bw', 'bw', []],
    ['ptr', 'ptr', []],
    // A calculator's name and words the knowledge base declines: the calculator says what it accepts.
    ['bw abc', 'bw', ['abc']],
    ['subnet foo', 'subnet', ['foo']],
  ])('%s → %s %j', (text, command, tokens) => {
    expect(ran(route(text))).toEqual({ command, tokens });
  });

  it.each(['ptr 是什么', 'subnet 怎么划分?', 'bw means what', 'ptr record for my mail server', 'subnet mask', 'subnet', 'bw question: inbound vs outbound?', 'bw question: whats the difference between inbound and outbound'])('%s is a question, not the command', (text) => {
    expect(route(text).invocation.command).toBe('ask');
  });

  it.each(['bw __proto__', 'bw abc'])('"%s" gets the command\'s own message on what it accepts', async (message) => {
    const { reply } = await answerMessage(message, svc, { defaultLang: 'en' });
    const text = renderText(reply.doc);
    expect(text).toMatch(/Cannot read bandwidth/);
    expect(text).toMatch(/Accepted/);
    expect(text).toMatch(/Example/);
  });

  it('in a conversation it is never read as a follow-up of the turn before ("ptr 999.1.1.1" after a subnet error)', async () => {
    const { memoryThreads } = await import('../../src/app/chat.js');
    const memory = memoryThreads();
    const thread = { memory, key: 'bare' };
    await answerMessage('subnet 10.0.0.0/33', svc, { defaultLang: 'en', thread });
    const { reply, route: r } = await answerMessage('ptr 999.1.1.1', svc, { defaultLang: 'en', thread });
    expect(r.invocation.command).toBe('ptr');
    const text = renderText(reply.doc);
    expect(text).toContain('999.1.1.1');
    expect(text).not.toMatch(/Read as/i);
  });
});
