import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { answerMessage, memoryThreads } from '../../src/app/chat.js';
import { dispatch } from '../../src/app/dispatch.js';
import { decideRoute, readMessage, routeMessage, topicAfter } from '../../src/app/routing.js';
import { runConsole } from '../../src/cli/console.js';
import { renderText } from '../../src/render/text.js';
import { askingClause } from '../../src/search/frame.js';
import { isFollowUp } from '../../src/search/followup.js';
import { services } from '../support/services.js';

/**
 * Issue #15: one reading of every message, in its thread. Follow-ups inherit the topic and change what they
 * name; complete questions and switches stand alone; instance ids reach live facts (or the FAQ and a hint);
 * each surface speaks its own syntax.
 */
const svc = services({ env: { NETBOT_DNS_SERVER: '127.0.0.1:9', NETBOT_DNS_TIMEOUT_MS: '50' } });

/** Reads turns one after another as a thread does; returns each turn's top entry, band and reading. */
function thread(...turns: string[]) {
  let topic: ReturnType<typeof topicAfter> | undefined;
  return turns.map((q) => {
    const r = readMessage(q, svc.search, topic);
    topic = topicAfter(r);
    return { top: r.outcome.hits[0]?.entry.id, band: r.outcome.band, followup: r.thread.followup, readAs: r.thread.readAs };
  });
}

describe('a story is read for its asking clause', () => {
  it('finds the clause that asks', () => {
    expect(askingClause('包年包月的VPC机器，买的时候勾了公网IP，现在不想要了，咋释放掉？')).toBe('咋释放掉？');
    expect(askingClause('邮件老被拒收 听说要弄反向解析 怎么申请')).toBe('怎么申请');
    expect(askingClause('what is an eip')).toBe('what is an eip');
  });

  it('answers the story with what it asks, not with its context', () => {
    const o = svc.search.search('包年包月的VPC机器，买的时候勾了公网IP，现在不想要了，咋释放掉？');
    expect(o.hits[0]!.entry.id).toBe('ip-natpublicip-release');
  });
});

describe('follow-ups in a thread', () => {
  it('an elliptical follow-up inherits the topic and changes the aspect ("要停机吗" after a private-IP question)', () => {
    const [first, second] = thread('vpc实例的私网ip能改吗', '要停机吗');
    expect(first).toMatchObject({ top: 'ip-vpc-private-ip-modify', followup: false });
    expect(second).toMatchObject({ top: 'ipv4-private-ip-stop-required', followup: true });
    expect(second!.readAs).toContain('要停机吗');
    expect(second!.readAs).toMatch(/私网ip/i);
  });

  it('read alone, the same words answer something else: the thread is what makes the difference', () => {
    expect(svc.search.search('要停机吗').hits[0]?.entry.id).not.toBe('ipv4-private-ip-stop-required');
  });

  it('English follow-ups, and a qualifier change', () => {
    const turns = thread('how do I change the private ip of a vpc instance', 'do I need to stop it');
    expect(turns[1]).toMatchObject({ top: 'ipv4-private-ip-stop-required', followup: true });
  });

  it('a qualifier the topic already had changes nothing: "不同vpc呢" after a same-VPC question asks about different VPCs', () => {
    const [, different] = thread('同一个vpc里不同安全组的两台机器 内网怎么互通', '不同vpc呢');
    expect(different!.followup).toBe(true);
    expect(different!.top).toBe('ip-intranet-different-vpc');
    // "不同" alone is "different X", not a comparison: the question is not read as "what is the difference".
    expect(svc.search.frameReader.read('不同vpc的机器怎么内网互通').aspects).not.toContain('compare');
  });

  it('a follow-up that changes the feature and a qualifier changes both in its reading', () => {
    const [, eip] = thread('包年包月的vpc实例公网ip怎么释放', '那按量付费的eip呢');
    expect(eip!.followup).toBe(true);
    expect(eip!.readAs).toMatch(/eip/i);
    expect(eip!.readAs).toContain('按量付费');
  });

  it('a follow-up asking a new aspect keeps what the topic did to its feature (attaching, not detaching)', () => {
    const [, stop] = thread('怎么把弹性网卡挂到一台在用的实例上', '得先停机吗');
    expect(stop).toMatchObject({ followup: true, top: 'eni-attach-existing-restrictions' });
    expect(stop!.readAs).toMatch(/挂/);
  });

  it('a follow-up naming a feature with words of its own asks them of it, not the last aspect ("安全组要改吗")', () => {
    const [, , sg] = thread('linux上ipv6想让外网访问 公网带宽在哪开', '收费吗', '安全组需要改吗');
    expect(sg!.followup).toBe(true);
    expect(sg!.readAs).toContain('需要改吗');
    expect(sg!.readAs).not.toContain('收费');
  });

  it('a pronoun follow-up declined with the topic\'s feature asks more of the answer just given', () => {
    const [first, fix] = thread('实例已经停了 为什么按流量计费的公网还在产生出网流量', '那怎么解决');
    expect(first!.top).toBe('faq-stopped-instance-outbound-traffic');
    expect(fix).toMatchObject({ followup: true, top: 'faq-stopped-instance-outbound-traffic' });
    expect(fix!.band).not.toBe('none');
    const [, ticket] = thread('can i get a ptr record for my ecs public ip', 'what goes in the ticket');
    expect(ticket).toMatchObject({ followup: true, top: 'faq-reverse-dns-apply' });
    expect(ticket!.band).not.toBe('none');
  });

  it('a product the guide does not cover is declined even when an entry\'s URL or our own alias names it', () => {
    const [, oss] = thread('linux怎么配ipv6', '那oss的ipv6呢');
    expect(oss!.band).toBe('none');
  });

  it('a question word alone ("how?", "为啥") asks its aspect of the topic', () => {
    const [, how, why] = thread('vpc实例的私网ip能改吗', '咋弄?', 'why');
    expect(how).toMatchObject({ followup: true });
    expect(how!.readAs).toMatch(/私网ip/);
    expect(how!.top).toMatch(/^ipv4-private-ip-change-steps$|^ip-vpc-private-ip-modify$/);
    expect(why).toMatchObject({ followup: true });
    expect(svc.search.frameReader.read('how').aspects).toEqual(['steps']);
    // Inside a sentence, "how" is no cue of its own ("how many" asks limits).
    expect(svc.search.frameReader.read('how many enis').aspects).toEqual(['limits']);
  });

  it('chat openers ("顺便问下", "separate question:") do not push a clear question into a decline', () => {
    expect(svc.search.search('顺便问下 网卡多队列是干什么用的').band).toBe('answer');
    expect(svc.search.search('separate question: what is multi-queue on a nic').band).toBe(svc.search.search('what is multi-queue on a nic').band);
  });

  it('names an OS the way people write it ("windows", never a dictionary word) when it reads a follow-up', () => {
    const [, windows] = thread('linux上怎么给弹性网卡配辅助私网ip', 'windows上呢');
    expect(windows!.readAs).toMatch(/windows/i);
    expect(windows!.readAs).not.toContain('视窗');
  });

  it('"能…吗" asks whether it can be done, so a question naming an instance and a feature stands alone in a thread', () => {
    expect(svc.search.frameReader.read('主网卡能删吗').aspects).toEqual(['prereq']);
    expect(svc.search.frameReader.read('经典网络的公网ip可以释放吗').aspects).toEqual(['prereq']);
    const [, , swap] = thread('eip 怎么收费', '带宽呢', '能换公网ip吗');
    expect(swap!.followup).toBe(false);
    expect(swap!.readAs).toBeUndefined();
  });

  it('a message declined with the topic and alone is not shown as read with the topic, and leaves the topic as it was', () => {
    const [, weather, stop] = thread('vpc实例的私网ip能改吗', 'what is the weather', '要停机吗');
    expect(weather).toMatchObject({ band: 'none', followup: false });
    expect(weather!.readAs).toBeUndefined();
    expect(stop).toMatchObject({ top: 'ipv4-private-ip-stop-required', followup: true });
  });

  it('a short question about another feature that the guide answers alone is a new question, not the last one bent', () => {
    const turns = thread('how do I apply for reverse DNS', 'vpc实例的私网ip能改吗', '5M带宽入网多少');
    expect(turns[1]).toMatchObject({ top: 'ip-vpc-private-ip-modify', followup: false, band: 'answer' });
    expect(turns[2]).toMatchObject({ top: 'faq-bandwidth-5mbps-in-out', followup: false, band: 'answer' });
    // One that leans on its topic still follows up (read alone, it would answer about ENIs).
    const [, sg] = thread('ipv6 on linux: how do I enable it', '安全组要改吗');
    expect(sg).toMatchObject({ followup: true });
  });

  it('a complete new question in the thread is not bent by it (a switch)', () => {
    const [, , switched] = thread('怎么申请反向解析', '一个ip能配几个', '另外 弹性网卡最多能挂几块');
    expect(switched).toMatchObject({ top: 'eni-max-per-instance', followup: false });
    expect(switched!.readAs).toBeUndefined();
  });

  it('a comparison of both network types is about both: not bent by a classic-network topic, and "那经典网络呢" leaves it whole', () => {
    expect(svc.search.readFrame('经典网络和VPC有啥区别').qualifiers.network).toBeUndefined();
    expect(svc.search.readFrame('ipv4 vs ipv6').qualifiers.ip).toBeUndefined();
    expect(svc.search.readFrame('经典网络实例的公网带宽最大多少').qualifiers.network).toBe('classic');
    const [, compare, classic] = thread('bw limit for classic network?', '经典网络和VPC有啥区别', '那经典网络呢');
    expect(compare).toMatchObject({ top: 'net-vpc-vs-classic-differences', band: 'answer', followup: false });
    expect(classic!.top).toBe('net-vpc-vs-classic-differences');
    expect(classic!.readAs ?? '').not.toMatch(/和\s*有啥/);
  });

  it('turns said after the topic\'s whole question do not pile up: each is read against that question', () => {
    const turns = thread('how do i convert the public ip of my vpc instance into an eip', 'is there an api for that', 'will it cut my traffic');
    expect(turns[1]!.top).toBe('ipv4-convert-eip-api');
    expect(turns[2]!.readAs).toBe('how do i convert the public ip of my vpc instance into an eip: will it cut my traffic');
  });

  it('a follow-up with a verb of its own does not inherit the topic\'s ("verify", not "apply")', () => {
    const [, verify] = thread('how do i apply for reverse dns (ptr) on my ecs public ip', 'how do i verify it afterwards');
    expect(verify!.readAs).not.toMatch(/apply/);
    expect(verify).toMatchObject({ top: 'faq-reverse-dns-verify', band: 'answer' });
  });

  it('the topic\'s question asked of another product is declined, even where an entry mentions that product', () => {
    const [, rds] = thread('how do i configure a second eni on centos 7.2 so the os picks it up', 'and for rds instances?');
    expect(rds!.band).toBe('none');
    // Asked on its own, a question about reaching RDS from ECS is the guide's.
    expect(thread('ecs怎么通过内网访问rds')[0]!.band).not.toBe('none');
  });

  it('a follow-up naming another product is read alone and declined', () => {
    const [, rds] = thread('经典网络迁移到专有网络要停机吗', '那RDS呢');
    expect(rds!.followup).toBe(false);
    expect(rds!.band).toBe('none');
  });

  it('a Windows version said as its year alone ("2003 呢") is that version in a thread about Windows, and only there', () => {
    const [, y2003] = thread('windows 2008 手动配ipv6地址咋配', '2003 呢');
    expect(y2003).toMatchObject({ followup: true, top: 'ipv6-windows-manual-config-2003', band: 'answer' });
    expect(y2003!.readAs).toContain('2003');
    expect(svc.search.readFrame('2003').qualifiers.os).toBeUndefined();
  });

  it('a Chinese reading built on an earlier reading keeps its full-width punctuation', () => {
    const turns = thread('两台经典网络的ecs 不同账号 同地域 内网能通吗', '同账号同安全组呢', '不同地域的vpc呢');
    for (const t of turns.slice(1)) expect(t.readAs ?? '').not.toMatch(/[():]/);
    expect(turns[2]!.readAs).toMatch(/专有网络/);
  });

  it('tells follow-ups from complete questions', () => {
    const frame = (q: string) => svc.search.readFrame(q);
    for (const q of ['要停机吗', 'must it be stopped first', '那经典网络呢', 'windows上呢', '具体步骤呢', "and if it's pay-as-you-go?", 'api?', '那EIP呢']) expect(isFollowUp(q, frame(q)), q).toBe(true);
    for (const q of ['弹性网卡最多能挂几块', 'how do i see my instance ip address on windows', '另外 子网掩码一般怎么表示', 'btw what is an eip']) expect(isFollowUp(q, frame(q)), q).toBe(false);
  });

  it('a topic expires after a day', async () => {
    let now = Date.parse('2026-12-07T00:00:00Z');
    const memory = memoryThreads(() => now);
    const ref = { memory, key: 't1' };
    await answerMessage('vpc实例的私网ip能改吗', svc, { defaultLang: 'zh', thread: ref });
    const soon = await answerMessage('要停机吗', svc, { defaultLang: 'zh', thread: ref });
    expect(soon.reading?.thread.followup).toBe(true);
    now += 24 * 3600_000 + 1;
    const late = await answerMessage('要停机吗', svc, { defaultLang: 'zh', thread: ref });
    expect(late.reading?.thread.followup).toBe(false);
  });

  it('the reply says how a follow-up was read', async () => {
    const ref = { memory: memoryThreads(), key: 't2' };
    await answerMessage('how do I change the private ip of a vpc instance', svc, { defaultLang: 'en', thread: ref });
    const { reply } = await answerMessage('do I need to stop it', svc, { defaultLang: 'en', thread: ref });
    expect(renderText(reply.doc, reply.lang)).toMatch(/↪ Read as: .*private ip.*do I need to stop it/i);
    expect((reply.json as { readAs?: string }).readAs).toMatch(/do I need to stop it/);
  });
});

describe('a follow-up carries something of its own before it inherits the topic', () => {
  const id = 'i-bp67acfmxazb4ph3xxxx';
  const asked = `${id} 能换公网ip吗`;
  const route = (q: string, topic?: ReturnType<typeof topicAfter>) => {
    const reading = readMessage(q, svc.search, topic);
    return { reading, route: decideRoute(reading, svc.kb, { infrastructureAllowed: true }) };
  };

  it('the instance question itself runs the calculator on that instance', () => {
    expect(route(asked).route.invocation).toMatchObject({ command: 'canswap', tokens: [id] });
  });

  // Unknown words, object-prototype names (never a plain-object lookup), greetings, thanks, "ok".
  it.each(['constructor', '__proto__', 'toString', 'hasOwnProperty', 'hello', 'asdf', 'ok', 'thanks', '谢谢', '好的'])(
    '"%s" after an instance question inherits neither instance nor topic, and is declined',
    (word) => {
      const { reading, route: r } = route(word, topicAfter(route(asked).reading));
      expect(reading.thread).toMatchObject({ followup: false, text: word });
      expect(reading.thread.readAs).toBeUndefined();
      expect(reading.instanceId).toBeUndefined();
      expect(r.invocation.command).toBe('ask');
      expect(reading.outcome.band).toBe('none');
    },
  );

  it('a bare word leaves the topic for the next turn: "ok" then "要停机吗" still follows up on the instance', () => {
    const first = route(asked).reading;
    const ok = route('ok', topicAfter(first)).reading;
    const { reading, route: r } = route('要停机吗', topicAfter(ok));
    expect(reading.thread.followup).toBe(true);
    expect(reading.instanceId).toBe(id);
    expect(r.invocation.tokens[0]).toBe(id);
  });

  it('"要停机吗" after the instance question follows up on the instance topic', () => {
    const { reading, route: r } = route('要停机吗', topicAfter(route(asked).reading));
    expect(reading.thread.followup).toBe(true);
    expect(reading.thread.readAs).toMatch(/公网ip.*要停机吗/i);
    expect(reading.instanceId).toBe(id);
    expect(r.invocation).toMatchObject({ command: 'canswap', tokens: [id] });
  });

  it('marked follow-ups, aspects and qualifiers after an FAQ question still follow up', () => {
    expect(thread('vpc实例的私网ip能改吗', '那经典网络呢')[1]).toMatchObject({ followup: true, readAs: expect.stringMatching(/经典网络/) });
    expect(thread('how do I change the private ip of a vpc instance', 'what about classic')[1]).toMatchObject({ followup: true, readAs: expect.stringMatching(/classic/i) });
    expect(thread('vpc实例的私网ip能改吗', '要停机吗')[1]).toMatchObject({ followup: true, top: 'ipv4-private-ip-stop-required' });
  });

  it('a question in words the knowledge base knows follows up even when it names no feature; one in unknown words does not', () => {
    expect(thread('怎么申请反向解析', 'what should the ticket say?')[1]).toMatchObject({ followup: true, readAs: expect.stringMatching(/ticket/) });
    const topic = topicAfter(route(asked).reading);
    for (const q of ['constructor?', 'asdf吗', 'that works', '好的', '收到']) expect(route(q, topic).reading.thread.followup, q).toBe(false);
  });

  it('a thanks or an ok in chat is said back in kind, in the conversation\'s language, and the topic stays', async () => {
    const ref = { memory: memoryThreads(), key: 'ack' };
    await answerMessage('vpc实例的私网ip能改吗', svc, { defaultLang: 'en', thread: ref });
    for (const word of ['ok', '好的 谢谢', 'thanks!', 'thank you so much 👍']) {
      const { reply } = await answerMessage(word, svc, { defaultLang: 'en', thread: ref });
      expect(reply.kind, word).toBe('help');
      expect(renderText(reply.doc, reply.lang), word).not.toMatch(/confident answer|没有把握|did you mean/i);
      expect(reply.lang, word).toBe(word.startsWith('thank') ? 'en' : 'zh');
    }
    const { route: r } = await answerMessage('要停机吗', svc, { defaultLang: 'en', thread: ref });
    expect(r.invocation.reading?.readAs).toMatch(/要停机吗/);
    // Not an acknowledgement: a question that starts with one.
    const { reply } = await answerMessage('ok what is an eip', svc, { defaultLang: 'en' });
    expect(reply.kind).toBe('result');
  });

  it('a greeting gets what the bot can do, in its language', async () => {
    const zh = await answerMessage('你好', svc, { defaultLang: 'en' });
    expect(zh.reply.kind).toBe('help');
    expect(renderText(zh.reply.doc, zh.reply.lang)).toContain('/ecs-bw');
    expect(zh.reply.lang).toBe('zh');
    expect((await answerMessage('hi!', svc, { defaultLang: 'zh' })).reply.lang).toBe('en');
  });

  it('in the console session: "constructor" after the instance question is declined, not a canswap', async () => {
    const ref = { memory: memoryThreads(), key: 'c1' };
    await answerMessage(asked, svc, { defaultLang: 'zh', thread: ref });
    const { reply, route: r, reading } = await answerMessage('constructor', svc, { defaultLang: 'zh', thread: ref });
    expect(r.invocation.command).toBe('ask');
    expect(reading?.thread.followup).toBe(false);
    expect((reply.json as { band: string }).band).toBe('none');
    expect(renderText(reply.doc, reply.lang)).not.toMatch(/Read as|理解为/);
  });
});

describe('one reading of every message: instance ids', () => {
  const id = 'i-bp67acfmxazb4ph39k2a';
  it.each([
    [`${id} 能换公网ip吗`, 'canswap', [id]],
    [`${id} 的私网ip能改吗`, 'instance', [id, '--verdict', 'private-ip']],
    [`can ${id} get an ipv6 address`, 'instance', [id, '--verdict', 'ipv6']],
    [`${id} natpublicip 转弹性公网ip 行不行`, 'instance', [id, '--verdict', 'convert-eip']],
    [`${id} 的固定公网ip想转成弹性的 可以吗`, 'instance', [id, '--verdict', 'convert-eip']],
    [`${id} 外网ip想保留下来变成弹性公网ip 能不能转`, 'instance', [id, '--verdict', 'convert-eip']],
    [`${id} 刚开的 外网ip想换一个`, 'canswap', [id]],
    [`can i change the ip on ${id}`, 'canswap', [id]],
    [`can i change the private ip on ${id}`, 'instance', [id, '--verdict', 'private-ip']],
    [`what's the network setup of ${id} in cn-hangzhou`, 'instance', [id, '--region', 'cn-hangzhou']],
    [id, 'instance', [id]],
  ])('%s → %s %j for an asker allowed to read instances', (text, command, tokens) => {
    const r = routeMessage(text, svc.search, svc.kb, { infrastructureAllowed: true });
    expect({ command: r.invocation.command, tokens: r.invocation.tokens }).toEqual({ command, tokens });
  });

  it('for everyone else: the FAQ answer plus one line on how to get live facts, and no API call', async () => {
    const { reply, route } = await answerMessage(`${id} 能换公网ip吗`, svc, { defaultLang: 'zh', remote: true, infrastructureAllowed: false });
    expect(route.invocation.command).toBe('ask');
    expect(route.liveFactsHint).toBe(true);
    const text = renderText(reply.doc, reply.lang);
    expect(text).toContain('NETBOT_TRIAGE_ALLOW');
    expect(text).toContain(`/ecs-instance ${id}`);
  });

  it('a symptom with an instance id gets its runbook with the id', () => {
    const r = routeMessage(`我的网站外网访问不了 ${id}`, svc.search, svc.kb);
    expect({ command: r.invocation.command, tokens: r.invocation.tokens }).toEqual({ command: 'triage', tokens: ['website-unreachable', id] });
  });

  it('pinyin reaches the runbooks', () => {
    expect(routeMessage('wo de wangzhan waiwang fangwen bu liao', svc.search, svc.kb).invocation.command).toBe('triage');
  });

  it('a story that ends in a how-to question gets the FAQ first, the runbook offered', () => {
    const r = routeMessage('发出去的邮件老被对方拒收 听说要弄反向解析 怎么申请', svc.search, svc.kb);
    expect(r.invocation.command).toBe('ask');
    expect(r.offer?.command).toBe('triage');
  });
});

describe('the probable band', () => {
  it('shows the likely answer marked as such, with the next two as picks and "none of these"', async () => {
    const reply = await dispatch({ command: 'ask', tokens: ['eni ip'], defaultLang: 'en' }, svc);
    const json = reply.json as { band: string; answered: boolean };
    expect(json).toMatchObject({ band: 'probable', answered: false });
    const text = renderText(reply.doc, reply.lang, { picks: true });
    expect(text).toContain('🤔 Probably this (not certain):');
    expect(text).toMatch(/\[1\] .+\n\s+\[2\] /);
    expect(reply.doc.actions?.map((a) => a.id)).toEqual(['suggest_1', 'suggest_2', 'suggest_none', 'feedback_up', 'feedback_down']);
  });
});

describe('each surface speaks its own language', () => {
  it('chat help uses slash syntax and never mentions --json or --batch; the CLI keeps them', async () => {
    const chat = await dispatch({ command: 'ask', tokens: ['help'], remote: true }, svc);
    const text = renderText(chat.doc);
    expect(text).toContain('/ecs-ask');
    expect(text).not.toMatch(/--json|--batch|ecs-netbot ask/);
    const cli = renderText((await dispatch({ command: 'ask', tokens: ['help'] }, svc)).doc);
    expect(cli).toContain('--json');
  });

  it('chat errors point at the slash command; /ecs-ptr help shows no --server', async () => {
    const bad = await dispatch({ command: 'bw', tokens: ['lots'], remote: true }, svc);
    expect(renderText(bad.doc)).toContain('"/ecs-bw help"');
    const help = renderText((await dispatch({ command: 'ptr', tokens: ['help'], remote: true }, svc)).doc);
    expect(help).not.toContain('--server');
  });

  it('/ecs-bw 5 --json in chat answers, with a note instead of "Unknown option"', async () => {
    const reply = await dispatch({ command: 'bw', tokens: ['5', '--json'], remote: true }, svc);
    expect(reply.kind).toBe('result');
    expect(renderText(reply.doc)).toContain('--json is a command-line option');
  });

  it('--lang in a chat message picks the language and is not part of the question', async () => {
    const { reply, reading } = await answerMessage('how do I apply for reverse DNS --lang zh', svc, { defaultLang: 'en' });
    expect(reply.lang).toBe('zh');
    expect(reading?.text).toBe('how do I apply for reverse DNS');
    const bad = await answerMessage('what is an eip --lang fr', svc, { defaultLang: 'en' });
    expect(bad.reply.kind).toBe('error');
  });

  it('"help", "commands" and "what can you do" list every command in slash syntax', async () => {
    for (const q of ['help', 'commands', 'what can you do', '帮助']) {
      const { reply } = await answerMessage(q, svc, { defaultLang: 'en', remote: true });
      const text = renderText(reply.doc);
      expect(text, q).toContain('/ecs-instance');
      expect(text, q).toContain('/ecs-triage');
    }
  });

  it('"next match" buttons under an answer are about the same feature', async () => {
    const reply = await dispatch({ command: 'ask', tokens: ['怎么申请反向解析'] }, svc);
    const next = (reply.doc.actions ?? []).filter((a) => a.value.startsWith('entry:')).map((a) => svc.kb.byId.get(a.value.slice(6))!);
    expect(next.length).toBeGreaterThan(0);
    for (const e of next) expect(e.feature).toBe('reverse-dns');
  });
});

describe('the console', () => {
  async function session(lines: string[]): Promise<string> {
    const input = new PassThrough();
    const output = new PassThrough();
    let text = '';
    output.on('data', (d: Buffer) => (text += d.toString()));
    const done = runConsole(input, output, { NETBOT_LANG: 'en' }, svc);
    input.end(lines.join('\n') + '\n');
    await done;
    return text;
  }

  it('numbers the picks, and typing a number shows that entry', async () => {
    const out = await session(['eni ip', '9', '2']);
    expect(out).toContain('🤔 Probably this');
    const picked = /\[2\] (.+)/.exec(out)![1]!;
    expect(out.split(picked).length).toBeGreaterThan(2);
    expect(out).toContain('The last reply has no pick 9');
  });

  it('has a command overview, show <entry>, and the CLI command a reply names works when pasted', async () => {
    const out = await session(['help', 'show eni-what-is-eni', 'ecs-netbot kb show faq-reverse-dns-apply --lang zh', 'show no-such-entry']);
    expect(out).toContain('/ecs-bw');
    expect(out).toContain('1, 2, 3: pick a numbered entry');
    expect(out).toContain('== What is an Elastic Network Interface (ENI)? ==');
    expect(out).toContain('怎么申请ECS公网IP的反向解析');
    expect(out).toContain('There is no entry "no-such-entry"');
  });

  it('reads follow-ups in the session, and `new` starts afresh', async () => {
    const out = await session(['vpc实例的私网ip能改吗', '要停机吗', 'new', '要停机吗']);
    const readAs = out.match(/↪ 理解为：/g) ?? [];
    expect(readAs).toHaveLength(1);
    expect(out).toContain('好的，下一个问题按新话题理解');
  });
});
