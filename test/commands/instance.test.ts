/**
 * `instance` and `canswap i-…`: the REAL SDK against the fake OpenAPI on loopback (test/support/fake-openapi),
 * the public IP's reverse DNS against a loopback DNS server. Every kind of instance, every verdict's three
 * outcomes, the JSON contract, and the built CLI's exit codes and error JSON.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../src/app/dispatch.js';
import { judge } from '../../src/commands/instance.js';
import { instanceRuleFacts } from '../../src/commands/instance-facts.js';
import { packageRoot } from '../../src/knowledge/paths.js';
import { INSTANCE_VERDICTS } from '../../src/knowledge/schema.js';
import type { InstanceResult } from '../../src/commands/instance.js';
import { renderBlocks } from '../../src/render/blocks.js';
import { CARD_VIEWS, decodeCard } from '../../src/render/card.js';
import { instanceViewDoc } from '../../src/render/instance.js';
import { STATUS_MARK, statusOf } from '../../src/render/markers.js';
import { renderText } from '../../src/render/text.js';
import { guardLoopback, onlyReads } from '../cloud/setup.js';
import { IDS, NOW, REPLY_AT, startCloudWorld, type CloudWorld } from '../support/cloud-fixtures.js';
import { services } from '../support/services.js';

let world: CloudWorld;
let unguard: () => void;

beforeAll(async () => {
  unguard = guardLoopback();
  world = await startCloudWorld();
});
afterEach(() => {
  expect(onlyReads(world.fake), 'only read actions reach the API').toBe(true);
  expect(world.fake.requests.filter((r) => r.problem).map((r) => r.problem)).toEqual([]);
});
afterAll(async () => {
  await world?.close();
  unguard?.();
});

type Json = Record<string, any>;
const run = (tokens: string[], lang: 'en' | 'zh' = 'en', svc = world.svc()) => dispatch({ command: 'instance', tokens, lang }, svc);
async function instanceJson(id: string, ...more: string[]): Promise<Json> {
  const reply = await run([id, '--region', 'cn-hangzhou', ...more]);
  expect(reply.kind, renderText(reply.doc)).toBe('result');
  return reply.json as Json;
}
const verdict = (json: Json, id: string) => json.verdicts.find((v: Json) => v.id === id);
const check = (json: Json, verdictId: string, checkId: string) => verdict(json, verdictId).checks.find((c: Json) => c.id === checkId);

describe('instance: the JSON contract', () => {
  it('has the fields of the contract, the verdicts in order, and camelCase instance facts', async () => {
    const json = await instanceJson(IDS.vpcRunningYoung);
    expect(Object.keys(json)).toEqual(['instance', 'fetchedAt', 'fetchedSecondsAgo', 'fromCache', 'focus', 'regionSource', 'verdicts', 'bandwidth', 'notes', 'ptr', 'requestId']);
    expect(json.verdicts.map((v: Json) => v.id)).toEqual(['canswap', 'convert-eip', 'private-ip', 'eni', 'ipv6']);
    expect(json.verdicts.map((v: Json) => v.id)).toEqual([...INSTANCE_VERDICTS]);
    for (const v of json.verdicts) {
      expect(Object.keys(v)).toEqual(['id', 'title', 'eligible', 'checks', 'alternatives', 'notes', 'scenarios']);
      for (const c of v.checks) expect(Object.keys(c)).toEqual(['id', 'status', 'pass', 'severity', 'message', 'source']);
      for (const a of v.alternatives) expect(Object.keys(a)).toEqual(['id', 'message', 'source']);
    }
    expect(json.instance).toMatchObject({
      instanceId: IDS.vpcRunningYoung,
      regionId: 'cn-hangzhou',
      zoneId: 'cn-hangzhou-h',
      networkType: 'vpc',
      vpcId: 'vpc-bp1opxu1zkhn00gzv26cq',
      vSwitchId: 'vsw-bp1ddbrxdlrcbim46rkq0',
      status: 'Running',
      instanceChargeType: 'PostPaid',
      internetChargeType: 'PayByTraffic',
      internetMaxBandwidthOut: 5,
      internetMaxBandwidthIn: 100,
      ioOptimized: true,
      publicIp: { address: '47.96.10.20', kind: 'NatPublicIp', internetChargeType: 'PayByTraffic', bandwidth: 5 },
      privateIps: ['172.16.0.10'],
      ageHours: 2,
    });
    expect(json.instance.hoursToExpiry).toBeUndefined();
    // Facts fetched at NOW (the client's clock), the reply made 30 s later.
    expect(json.fetchedAt).toBe(new Date(NOW).toISOString());
    expect(json.fetchedSecondsAgo).toBe(30);
    expect(json.requestId).toBe(world.fake.calls('DescribeInstances').at(-1)!.requestId);
    expect(json.regionSource).toBe('flag');
  });

  it('says how long ago the facts were fetched, in both languages', async () => {
    const en = renderText((await run([IDS.vpcRunningYoung, '--region', 'cn-hangzhou'])).doc);
    expect(en).toMatch(/Facts from the ECS API, fetched 30 s ago/);
    const zh = renderText((await run([IDS.vpcRunningYoung, '--region', 'cn-hangzhou'], 'zh')).doc);
    expect(zh).toMatch(/事实来自 ECS API，30 秒前获取/);
  });

  it('takes the region from ALIBABA_CLOUD_REGION_ID when --region is not given', async () => {
    const svc = world.svc({ env: { ...world.env, ALIBABA_CLOUD_REGION_ID: 'cn-hangzhou' } });
    const reply = await run([IDS.vpcRunningYoung], 'en', svc);
    expect(reply.kind).toBe('result');
    expect((reply.json as Json).regionSource).toBe('env');
  });

  it('makes its cloud client from env on first use when none is injected (Services.cloud absent)', async () => {
    const svc = services({ env: world.env, now: () => new Date(REPLY_AT) });
    expect(svc.cloud).toBeUndefined();
    const reply = await run([IDS.vpcRunningYoung, '--region', 'cn-hangzhou', '--no-ptr'], 'en', svc);
    expect(reply.kind, renderText(reply.doc)).toBe('result');
    expect((reply.json as Json).instance.instanceId).toBe(IDS.vpcRunningYoung);
  });
});

describe('instance in Slack', () => {
  it.each(Object.values(IDS))('%s fits Block Kit without being cut, in both languages', async (id) => {
    for (const lang of ['en', 'zh'] as const) {
      const reply = await run([id, '--region', 'cn-hangzhou'], lang);
      const message = renderBlocks(reply.doc, { lang, shareValue: 'x' });
      expect(message.blocks.length).toBeLessThanOrEqual(50);
      expect(JSON.stringify(message.blocks)).not.toMatch(/output too long|输出过长/);
    }
  });
});

describe('the instance card (issue #17): a summary that fits Slack, details on demand', () => {
  type Section = { type: string; text?: { text: string } };
  const lines = (blocks: unknown[]) => (blocks as Section[]).flatMap((b) => (b.type === 'section' && b.text ? b.text.text.split('\n') : []));
  const variants: string[][] = [[], ['--verdict', 'ipv6'], ['--no-ptr']];
  const resultOf = (reply: Awaited<ReturnType<typeof run>>) => {
    if (reply.kind !== 'result') throw new Error(renderText(reply.doc));
    return reply.result as InstanceResult;
  };

  it.each(Object.values(IDS))('%s: under 10 blocks in both languages, one marked line per verdict (the focus first), every view whole', async (id) => {
    for (const lang of ['en', 'zh'] as const) {
      for (const extra of variants) {
        const reply = await run([id, '--region', 'cn-hangzhou', ...extra], lang);
        expect(reply.kind, renderText(reply.doc)).toBe('result');
        const json = reply.json as Json;
        const message = renderBlocks(reply.doc, { lang, shareValue: 'x' });
        expect(message.blocks.length, `${id} ${lang} ${extra.join(' ')}`).toBeLessThan(10);
        expect(JSON.stringify(message.blocks).length, 'about a screen, not the 9.9k-character scroll').toBeLessThan(6000);
        const marked = lines(message.blocks).filter((l) => /^[✅❌❔] /u.test(l));
        expect(marked.map((l) => l.slice(0, 2).trim())).toEqual(json.verdicts.map((v: Json) => STATUS_MARK[statusOf(v.eligible)]));
        marked.forEach((l, i) => expect(l).toContain(json.verdicts[i].title));
        if (extra[0] === '--verdict') expect([json.focus, json.verdicts[0].id]).toEqual(['ipv6', 'ipv6']);
        // One Details button per view but the summary, each standing for this instance.
        const refs = (reply.doc.actions ?? []).map((a) => decodeCard(a.value));
        expect(refs.map((r) => r?.view)).toEqual(['facts', ...json.verdicts.map((v: Json) => v.id)]);
        expect(refs.every((r) => r?.instanceId === id && r.regionId === 'cn-hangzhou' && r.lang === lang && r.ptr === (extra[0] !== '--no-ptr'))).toBe(true);
        for (const view of CARD_VIEWS) {
          const doc = instanceViewDoc(resultOf(reply), lang, view);
          const shown = renderBlocks(doc, { lang });
          expect(JSON.stringify(shown.blocks)).not.toMatch(/output too long|输出过长/);
          expect(shown.blocks.length).toBeLessThanOrEqual(20);
          // A detail always has the way back; the summary does not need one.
          expect(doc.actions?.some((a) => decodeCard(a.value)?.view === 'summary')).toBe(view !== 'summary');
        }
      }
    }
  });

  it("a verdict's view has its checks, what-ifs and sources; the summary only its deciding check", async () => {
    const reply = await run([IDS.vpcStoppedKeep, '--region', 'cn-hangzhou']);
    const result = resultOf(reply);
    const summary = renderText({ blocks: reply.doc.blocks });
    expect(summary).toMatch(/❔ Can the public IP be changed: cannot tell yet — Unknown how many changes were made already \(say --swaps N\)\.  \(§3\.2 /);
    expect(summary).not.toMatch(/if it was changed fewer than 3 times/);
    const detail = renderText(instanceViewDoc(result, 'en', 'canswap'));
    expect(detail).toMatch(/❔ Can the public IP be changed: cannot tell yet {2}\[canswap\]/);
    expect(detail).toMatch(/✅ The instance has a system-assigned public IP\./);
    expect(detail).toMatch(/➜ if it was changed fewer than 3 times so far: eligible/);
    expect(detail).toMatch(/Sources: §3\.2/);
    expect(detail).not.toMatch(/Can the private IP be changed/);
  });

  it('the terminal has no buttons: it prints the summary, then every detail', async () => {
    const text = renderText((await run([IDS.vpcIpv6TwoEnis, '--region', 'cn-hangzhou'])).doc);
    const summaryAt = text.indexOf('✅ Can the public IP be converted to an EIP: yes\n');
    const detailAt = text.indexOf('✅ Can the public IP be converted to an EIP: yes  [convert-eip]');
    expect(summaryAt).toBeGreaterThan(0);
    expect(detailAt).toBeGreaterThan(summaryAt);
    expect(text).toMatch(/eni-bp1secondary000002 \(secondary, 00:16:3e:ab:cd:ef\)/);
    expect(text).not.toMatch(/Details:/);
  });

  it('ages are human in both languages: the card, the JSON (added field) and the rule that reads it', async () => {
    const en = await run([IDS.vpcEip, '--region', 'cn-hangzhou']);
    expect(renderText(en.doc)).toMatch(/Created\s+\S+ \(10 d ago\)/);
    expect(renderText(en.doc)).toContain('Created 10 d ago: past the 6-hour window');
    expect((en.json as Json).instance).toMatchObject({ ageHours: 240, age: '10 d' });
    const zh = await run([IDS.vpcEip, '--region', 'cn-hangzhou'], 'zh');
    expect(renderText(zh.doc)).toMatch(/创建时间\s+\S+（10天前）/);
    expect(renderText(zh.doc)).toContain('实例已创建10天，超过了 6 小时的期限');
    expect(renderText((await run([IDS.vpcRunningYoung, '--region', 'cn-hangzhou'], 'zh')).doc)).toMatch(/（2小时前）/);
  });
});

describe('instance: VPC, NatPublicIp, running, 2 hours old', () => {
  it('gives each verdict with checks cited to the guide', async () => {
    const json = await instanceJson(IDS.vpcRunningYoung);
    // canswap: within 6 h and a NAT IP, but running: no (the swaps count stays unknown, never guessed).
    expect(verdict(json, 'canswap').eligible).toBe(false);
    expect(check(json, 'canswap', 'within-6-hours')).toMatchObject({ status: 'pass', source: { section: '3.2' } });
    expect(check(json, 'canswap', 'fewer-than-3-swaps')).toMatchObject({ status: 'unknown', pass: null });
    expect(check(json, 'canswap', 'instance-stopped')).toMatchObject({ status: 'fail', source: { section: '3.2', sectionTitle: '修改公网IP地址' } });
    expect(verdict(json, 'canswap').alternatives.map((a: Json) => a.id)).toContain('vpc-convert-to-eip');
    // convert-eip: every condition of §3.3 holds (the pending type change is a warning the API cannot settle).
    expect(verdict(json, 'convert-eip').eligible).toBe(true);
    expect(verdict(json, 'convert-eip').checks.map((c: Json) => [c.id, c.status])).toEqual([
      ['vpc-only', 'pass'],
      ['has-nat-public-ip', 'pass'],
      ['bandwidth-not-zero', 'pass'],
      ['not-overdue', 'pass'],
      ['not-fixed-bandwidth', 'pass'],
      ['type-change-in-effect', 'unknown'],
      ['stopped-or-running', 'pass'],
    ]);
    expect(check(json, 'convert-eip', 'type-change-in-effect').severity).toBe('warning');
    expect(verdict(json, 'convert-eip').notes.map((n: Json) => n.message).join(' ')).toMatch(/never does it.*ConvertNatPublicIpToEip/);
    // private-ip: VPC but running: stop first (§3.1).
    expect(verdict(json, 'private-ip').eligible).toBe(false);
    expect(check(json, 'private-ip', 'instance-stopped')).toMatchObject({ status: 'fail', source: { section: '3.1' } });
    expect(verdict(json, 'private-ip').alternatives.map((a: Json) => a.id)).toEqual(['stop-then-change']);
    // eni: VPC, I/O optimized, running: yes; the type's ENI limit is not in the facts (a warning, unknown).
    expect(verdict(json, 'eni').eligible).toBe(true);
    expect(check(json, 'eni', 'type-eni-limit')).toMatchObject({ status: 'unknown', severity: 'warning' });
    expect(check(json, 'eni', 'type-eni-limit').message).toMatch(/ecs\.g7\.large/);
    // ipv6: VPC and running: an address can be assigned; none yet.
    expect(verdict(json, 'ipv6').eligible).toBe(true);
    expect(verdict(json, 'ipv6').notes.map((n: Json) => n.id)).toEqual(expect.arrayContaining(['no-ipv6-yet', 'how-to-assign']));
  });

  it('explains the bandwidth with the bw rules and checks the PTR of its public IP with the ptr command', async () => {
    const json = await instanceJson(IDS.vpcRunningYoung);
    expect(json.bandwidth).toMatchObject({ outboundMbps: 5, inboundMaxMbps: 100 });
    expect(json.bandwidth.notes.map((n: Json) => n.id)).toEqual(['outbound-is-what-you-buy', 'inbound-floor', 'billing-direction']);
    expect(json.notes.map((n: Json) => n.id)).toEqual(expect.arrayContaining(['vpc-no-public-nic', 'arp-inbound']));
    expect(json.notes.find((n: Json) => n.id === 'arp-inbound').message).toMatch(/200 Kbps/);
    expect(json.ptr).toMatchObject({ ip: '47.96.10.20', reverseName: '20.10.96.47.in-addr.arpa', server: world.dns.address, rcode: 'NOERROR', ptr: ['mail.example.com'], forwardConfirmed: true });
    expect(world.dns.queries.some((q) => q.name === '20.10.96.47.in-addr.arpa')).toBe(true);
  });

  it('--no-ptr: no DNS query, ptr null with the reason', async () => {
    const before = world.dns.queries.length;
    const json = await instanceJson(IDS.vpcRunningYoung, '--no-ptr');
    expect(json.ptr).toBeNull();
    expect(json.ptrReason).toMatch(/--no-ptr/);
    expect(world.dns.queries.length).toBe(before);
  });

  it('renders every fact the issue names in the text reply', async () => {
    const text = renderText((await run([IDS.vpcRunningYoung, '--region', 'cn-hangzhou'])).doc);
    for (const expected of [
      /Network\s+VPC/,
      /vpc-bp1opxu1zkhn00gzv26cq \/ vsw-bp1ddbrxdlrcbim46rkq0 \/ cn-hangzhou-h/,
      /eni-bp1primary00000001 \(primary, 00:16:3e:12:34:56\): 172\.16\.0\.10 \(primary\)/,
      /47\.96\.10\.20 \(system-assigned, NatPublicIp\)/,
      /outbound 5 Mbps \/ inbound 100 Mbps/,
      /PostPaid \(pay-as-you-go\); Internet billed by traffic \(PayByTraffic\)/,
      /Status\s+Running/,
      /Created\s+2026-12-01T08:00Z \(2 h ago\)/,
      /Operation locks\s+none/,
      /✅ Can the public IP be converted to an EIP: yes {2}\[convert-eip\]/,
      /❌ Can the private IP be changed: no {2}\[private-ip\]/,
      /PTR: mail\.example\.com; forward-confirmed: yes/,
    ]) {
      expect(text).toMatch(expected);
    }
  });
});

describe('instance: stopped, KeepCharging and StopCharging (§3.2)', () => {
  it('KeepCharging, 2 h old: canswap undecided, with what each number of changes so far would give', async () => {
    const json = await instanceJson(IDS.vpcStoppedKeep);
    const v = verdict(json, 'canswap');
    expect(v.eligible).toBeNull();
    expect(v.checks.filter((c: Json) => c.status === 'unknown').map((c: Json) => c.id)).toEqual(['fewer-than-3-swaps']);
    expect(v.scenarios).toEqual([
      { fact: 'swaps', value: 2, label: 'if it was changed fewer than 3 times so far', eligible: true },
      { fact: 'swaps', value: 3, label: 'if it was already changed 3 times', eligible: false },
    ]);
    expect(verdict(json, 'private-ip').eligible).toBe(true);
    expect(json.notes.map((n: Json) => n.id)).toContain('keep-charging');
    expect(json.instance.stoppedMode).toBe('KeepCharging');
    const text = renderText((await run([IDS.vpcStoppedKeep, '--region', 'cn-hangzhou'])).doc);
    expect(text).toMatch(/❔ Can the public IP be changed: cannot tell yet/);
    expect(text).toMatch(/➜ if it was changed fewer than 3 times so far: eligible/);
    expect(text).toMatch(/➜ if it was already changed 3 times: not eligible/);
  });

  it('--swaps settles it either way', async () => {
    expect(verdict(await instanceJson(IDS.vpcStoppedKeep, '--swaps', '1'), 'canswap').eligible).toBe(true);
    expect(verdict(await instanceJson(IDS.vpcStoppedKeep, '--swaps', '3'), 'canswap').eligible).toBe(false);
  });

  it('StopCharging, 30 days old: the released public IP is explained and cited, no PTR to check', async () => {
    const json = await instanceJson(IDS.vpcStoppedStopCharging);
    const note = json.notes.find((n: Json) => n.id === 'stop-charging-released');
    expect(note.source).toEqual({ section: '3.2', sectionTitle: '修改公网IP地址' });
    expect(note.message).toMatch(/released for the time being/);
    expect(json.instance.publicIp).toBeUndefined();
    expect(verdict(json, 'canswap').eligible).toBe(false);
    expect(check(json, 'canswap', 'within-6-hours').status).toBe('fail');
    expect(verdict(json, 'canswap').notes.map((n: Json) => n.id)).toContain('stopped-without-charge');
    expect(verdict(json, 'convert-eip').eligible).toBe(false);
    expect(check(json, 'convert-eip', 'has-nat-public-ip').status).toBe('fail');
    expect(verdict(json, 'private-ip').eligible).toBe(true);
    expect(json.ptr).toBeNull();
    expect(json.ptrReason).toMatch(/No public IP/);
    const text = renderText((await run([IDS.vpcStoppedStopCharging, '--region', 'cn-hangzhou'])).doc);
    expect(text).toMatch(/Stop mode\s+StopCharging \(not billed while stopped: the system-assigned public IP is released for the time being, §3\.2\)/);
  });
});

describe('instance: EIP, none, classic', () => {
  it('EIP: its allocation id and charge type, bandwidth from the EIP; convert-eip refused (already one)', async () => {
    const json = await instanceJson(IDS.vpcEip);
    expect(json.instance.publicIp).toEqual({ address: '47.100.1.1', kind: 'EIP', allocationId: 'eip-bp1abcdefgh1234567890', chargeType: 'PostPaid', internetChargeType: 'PayByBandwidth', bandwidth: 10 });
    expect(json.bandwidth).toMatchObject({ outboundMbps: 10, inboundMaxMbps: 100 });
    expect(verdict(json, 'convert-eip').eligible).toBe(false);
    expect(verdict(json, 'convert-eip').alternatives.map((a: Json) => a.id)).toContain('already-eip');
    expect(verdict(json, 'canswap').alternatives.map((a: Json) => a.id)).toContain('eip-rebind');
    expect(json.notes.map((n: Json) => n.id)).toContain('eip-billed-separately');
    // No PTR for 47.100.1.1 in the zone: the ptr command's own finding.
    expect(json.ptr.ptr).toEqual([]);
    expect(json.ptr.findings.map((f: Json) => f.code)).toContain('no-ptr');
    const text = renderText((await run([IDS.vpcEip, '--region', 'cn-hangzhou'])).doc);
    expect(text).toMatch(/47\.100\.1\.1 \(EIP eip-bp1abcdefgh1234567890, PostPaid, PayByBandwidth, 10 Mbps\)/);
  });

  it('no public IP and 0 Mbps: the bw rules say what 0 means; convert-eip refused; ptr null', async () => {
    const json = await instanceJson(IDS.vpcNoPublicIp);
    expect(json.bandwidth.outboundMbps).toBe(0);
    expect(json.bandwidth.notes.map((n: Json) => n.id)).toContain('zero-bandwidth');
    expect(check(json, 'convert-eip', 'has-nat-public-ip').status).toBe('fail');
    expect(check(json, 'convert-eip', 'bandwidth-not-zero').status).toBe('fail');
    expect(verdict(json, 'convert-eip').alternatives.map((a: Json) => a.id)).toContain('no-public-ip');
    expect(verdict(json, 'canswap').alternatives.map((a: Json) => a.id)).toContain('no-ip-postpaid-bind-eip');
    expect(json.ptr).toBeNull();
  });

  it('classic: every VPC-only verdict refused with its section', async () => {
    const json = await instanceJson(IDS.classic);
    expect(json.instance).toMatchObject({ networkType: 'classic', privateIps: ['10.161.22.7'], enis: [], publicIp: { address: '121.40.1.2', kind: 'NatPublicIp' } });
    expect(world.fake.calls('DescribeNetworkInterfaces').some((r) => r.instanceId === IDS.classic)).toBe(false);
    expect(check(json, 'convert-eip', 'vpc-only')).toMatchObject({ status: 'fail', source: { section: '3.3' } });
    expect(check(json, 'private-ip', 'vpc-only')).toMatchObject({ status: 'fail', source: { section: '3.1' } });
    expect(check(json, 'eni', 'vpc-only')).toMatchObject({ status: 'fail', source: { section: '5.1' } });
    expect(check(json, 'ipv6', 'vpc-only')).toMatchObject({ status: 'fail', source: { section: '2.4' } });
    for (const id of ['convert-eip', 'private-ip', 'eni', 'ipv6']) expect(verdict(json, id).eligible, id).toBe(false);
    expect(verdict(json, 'convert-eip').alternatives.map((a: Json) => a.id)).toContain('classic-migrate');
    expect(json.notes.map((n: Json) => n.id)).toEqual(expect.arrayContaining(['classic-public-ip-fixed', 'classic-no-private-ip-change']));
    const text = renderText((await run([IDS.classic, '--region', 'cn-hangzhou'])).doc);
    expect(text).toMatch(/Intranet IPs: 10\.161\.22\.7 \(classic instances have no ENIs\)/);
  });
});

describe('instance: subscription, locks, billing and state (convert-eip, §3.3)', () => {
  it('a subscription expiring within 24 hours may not convert, cited to §3.3, with its expiry shown', async () => {
    const json = await instanceJson(IDS.prepaidNearExpiry);
    // 10 h after NOW, judged at REPLY_AT (30 s later), floored to 0.1 h: never rounded up across a limit.
    expect(json.instance.hoursToExpiry).toBe(9.9);
    expect(verdict(json, 'convert-eip').eligible).toBe(false);
    expect(check(json, 'convert-eip', 'not-near-expiry')).toMatchObject({
      status: 'fail',
      source: { section: '3.3', sectionTitle: '专有网络公网IP转换为弹性公网IP' },
      message: 'The subscription expires in 9.9 hours: conversion is not supported within the 24 hours before expiry.',
    });
    expect(verdict(json, 'convert-eip').alternatives.map((a: Json) => a.id)).toContain('near-expiry-renew');
    // Pay-as-you-go's overdue check does not apply to a subscription.
    expect(check(json, 'convert-eip', 'not-overdue')).toBeUndefined();
    const text = renderText((await run([IDS.prepaidNearExpiry, '--region', 'cn-hangzhou'])).doc);
    expect(text).toMatch(/Expires\s+\S+ \(in 9\.9 h\)/);
    expect(text).toMatch(/PrePaid \(subscription\)/);
  });

  it('a subscription far from expiry may; one without an expiry time is undecided', async () => {
    const far = await instanceJson(IDS.prepaidFarExpiry);
    expect(far.instance.hoursToExpiry).toBe(719.9);
    expect(verdict(far, 'convert-eip').eligible).toBe(true);
    const none = await instanceJson(IDS.prepaidNoExpiry);
    expect(check(none, 'convert-eip', 'not-near-expiry').status).toBe('unknown');
    expect(verdict(none, 'convert-eip').eligible).toBeNull();
  });

  it('an overdue-payment (financial) lock refuses it; fixed bandwidth refuses it', async () => {
    const locked = await instanceJson(IDS.vpcFinancialLock);
    expect(locked.instance.operationLocks).toEqual(['financial']);
    expect(check(locked, 'convert-eip', 'not-overdue').status).toBe('fail');
    expect(locked.notes.map((n: Json) => n.id)).toContain('operation-locks');
    const fixed = await instanceJson(IDS.vpcFixedBandwidth);
    expect(check(fixed, 'convert-eip', 'not-fixed-bandwidth')).toMatchObject({ status: 'fail', source: { section: '3.3' } });
    expect(verdict(fixed, 'convert-eip').eligible).toBe(false);
  });

  it('a Starting instance: stopped-or-running conditions fail everywhere', async () => {
    const json = await instanceJson(IDS.vpcStarting);
    expect(check(json, 'convert-eip', 'stopped-or-running').status).toBe('fail');
    expect(check(json, 'eni', 'stopped-or-running').status).toBe('fail');
    expect(check(json, 'ipv6', 'assignable-state').status).toBe('fail');
    expect(check(json, 'private-ip', 'instance-stopped').status).toBe('fail');
    for (const id of INSTANCE_VERDICTS) expect(verdict(json, id).eligible, id).toBe(false);
  });
});

describe('instance: IPv6 and two ENIs', () => {
  it('lists the private IPs per ENI and the IPv6 address; the ipv6 verdict knows it has one', async () => {
    const json = await instanceJson(IDS.vpcIpv6TwoEnis);
    expect(json.instance.enis.map((e: Json) => [e.id, e.type, e.privateIps])).toEqual([
      ['eni-bp1primary00000001', 'Primary', ['172.16.0.10']],
      ['eni-bp1secondary000002', 'Secondary', ['172.16.0.20', '172.16.0.21']],
    ]);
    expect(json.instance.privateIps).toEqual(['172.16.0.10', '172.16.0.20', '172.16.0.21']);
    expect(json.instance.ipv6).toEqual(['2408:4005:3ab:1200::10']);
    const v6 = verdict(json, 'ipv6');
    expect(v6.eligible).toBe(true);
    expect(v6.checks.map((c: Json) => c.id)).toEqual(['vpc-only', 'one-ipv6']);
    expect(v6.notes.map((n: Json) => n.id)).toEqual(expect.arrayContaining(['has-ipv6', 'intranet-until-bandwidth', 'configure-and-allow']));
    expect(verdict(json, 'eni').notes.find((n: Json) => n.id === 'secondary-attached').message).toMatch(/^1 secondary ENI\(s\) attached/);
    const text = renderText((await run([IDS.vpcIpv6TwoEnis, '--region', 'cn-hangzhou'])).doc);
    expect(text).toMatch(/eni-bp1secondary000002 \(secondary, 00:16:3e:ab:cd:ef\): 172\.16\.0\.20 \(primary\), 172\.16\.0\.21/);
    expect(text).toMatch(/IPv6\s+2408:4005:3ab:1200::10/);
  });

  it('eni undecided when the answer does not say I/O optimized, with what each case gives', async () => {
    const json = await instanceJson(IDS.vpcIoUnknown);
    expect(json.instance.ioOptimized).toBeUndefined();
    const v = verdict(json, 'eni');
    expect(v.eligible).toBeNull();
    expect(v.scenarios.map((s: Json) => [s.label, s.eligible])).toEqual([
      ['if the instance is I/O optimized', true],
      ['if it is not I/O optimized', false],
    ]);
  });
});

describe('verdicts whose undecided state the API cannot produce (the same rules, facts left out)', () => {
  const kbServices = services();
  const at = new Date(NOW);
  const base = instanceRuleFacts(
    {
      instanceId: 'i-x00000000', regionId: 'cn-hangzhou', zoneId: 'cn-hangzhou-h', networkType: 'vpc', status: 'Running', instanceChargeType: 'PostPaid',
      internetChargeType: 'PayByTraffic', internetMaxBandwidthOut: 5, internetMaxBandwidthIn: 100, creationTime: '2026-12-01T08:00Z', operationLocks: [],
      privateIps: ['172.16.0.10'], ipv6: [], enis: [], publicIp: { address: '47.96.10.20', kind: 'NatPublicIp' }, ioOptimized: true,
    },
    at,
  );
  it('private-ip and ipv6 are null without a status; private-ip and eni are null without a network type', () => {
    const { status: _s, ...noStatus } = base;
    expect(judge(kbServices, 'private-ip', noStatus).eligible).toBeNull();
    expect(judge(kbServices, 'ipv6', noStatus).eligible).toBeNull();
    const { network: _n, ...noNetwork } = base;
    expect(judge(kbServices, 'eni', noNetwork).eligible).toBeNull();
    expect(judge(kbServices, 'convert-eip', noNetwork).eligible).toBeNull();
    expect(judge(kbServices, 'canswap', { ...base, status: 'stopped' }).eligible).toBeNull();
  });
});

describe('instance: bad input, refused before any call', () => {
  const noCall = async (tokens: string[], code: string, pattern: RegExp, env = world.env) => {
    const before = world.fake.requests.length;
    const reply = await run(tokens, 'en', world.svc({ env }));
    expect(reply.kind).toBe('error');
    expect((reply.json as Json).error.code).toBe(code);
    expect(renderText(reply.doc)).toMatch(pattern);
    expect(world.fake.requests.length).toBe(before);
  };
  it('says what was wrong, what is accepted, and gives an example', async () => {
    await noCall([], 'missing_instance_id', /Give an instance ID .* e\.g\. ecs-netbot instance i-bp67acfmxazb4ph7ts1q/);
    await noCall(['i-BAD!', '--region', 'cn-hangzhou'], 'bad_instance_id', /"i-BAD!" is not an ECS instance ID.*e\.g\. i-bp67acfmxazb4ph7ts1q/);
    await noCall(['web-1', '--region', 'cn-hangzhou'], 'bad_instance_id', /not an ECS instance ID/);
    await noCall([IDS.vpcRunningYoung, '--region', 'Hangzhou!'], 'bad_region', /"Hangzhou!" is not a region ID.*cn-hangzhou/);
    await noCall([IDS.vpcRunningYoung], 'no_region', /--region \(e\.g\. --region cn-hangzhou\) or set ALIBABA_CLOUD_REGION_ID/);
    await noCall([IDS.vpcRunningYoung], 'bad_region', /ALIBABA_CLOUD_REGION_ID is "hangzhou city"/, { ...world.env, ALIBABA_CLOUD_REGION_ID: 'hangzhou city' });
    await noCall([IDS.vpcRunningYoung, IDS.vpcEip, '--region', 'cn-hangzhou'], 'too_many_args', /One instance at a time/);
    await noCall([IDS.vpcRunningYoung, '--region', 'cn-hangzhou', '--swaps', 'lots'], 'bad_swaps', /--swaps .* whole number .* Example: --swaps 1/);
    await noCall([IDS.vpcRunningYoung, '--zone', 'x'], 'unknown_option', /Unknown option "--zone"/);
  });

  it('in Chinese too', async () => {
    const reply = await run([IDS.vpcRunningYoung], 'zh', world.svc());
    expect(renderText(reply.doc)).toMatch(/不知道实例在哪个地域：用 --region 指定/);
  });
});

describe('instance: cloud failures carry code, message and requestId', () => {
  it('an unknown instance: not_found with the RequestId of the call', async () => {
    const reply = await run(['i-bp1doesnotexist00001', '--region', 'cn-hangzhou']);
    expect(reply.kind).toBe('error');
    const error = (reply.json as Json).error;
    expect(Object.keys(error)).toEqual(['code', 'message', 'requestId']);
    expect(error.code).toBe('not_found');
    expect(error.requestId).toBe(world.fake.calls('DescribeInstances').filter((r) => !r.dryRun).at(-1)!.requestId);
    expect(error.message).toContain(error.requestId);
  });

  it('no credentials: exactly how to configure them, requestId null, nothing sent', async () => {
    const env = { HOME: world.home.path, ALIBABA_CLOUD_ECS_METADATA_DISABLED: 'true', NETBOT_ECS_ENDPOINT: world.fake.ecsEndpoint, NETBOT_VPC_ENDPOINT: world.fake.vpcEndpoint };
    const before = world.fake.requests.length;
    const reply = await dispatch({ command: 'instance', tokens: [IDS.vpcRunningYoung, '--region', 'cn-hangzhou'] }, services({ env, now: () => new Date(REPLY_AT) }));
    expect((reply.json as Json).error).toMatchObject({ code: 'no_credentials', requestId: null });
    expect(renderText(reply.doc)).toMatch(/ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET/);
    expect(renderText(reply.doc)).toMatch(/~\/\.alibabacloud\/credentials/);
    expect(world.fake.requests.length).toBe(before);
    // Everything else keeps working without credentials.
    const bw = await dispatch({ command: 'bw', tokens: ['5'] }, services({ env }));
    expect(bw.kind).toBe('result');
  });
});

describe('canswap i-…', () => {
  const canswap = (tokens: string[], svc = world.svc()) => dispatch({ command: 'canswap', tokens }, svc);

  it('fills the facts from the API and keeps the unknown with its what-ifs; JSON adds fields only', async () => {
    const reply = await canswap([IDS.vpcStoppedKeep, '--region', 'cn-hangzhou']);
    const json = reply.json as Json;
    expect(Object.keys(json)).toEqual(['eligible', 'checks', 'alternatives', 'notes', 'facts', 'instance', 'fetchedAt', 'fetchedSecondsAgo', 'fromCache', 'scenarios', 'requestId']);
    expect(json.eligible).toBe(false);
    expect(json.facts).toEqual({ network: 'vpc', ageMinutes: 120, status: 'stopped', publicIp: 'nat', billing: 'postpaid', stoppedMode: 'KeepCharging' });
    expect(json.checks.find((c: Json) => c.id === 'fewer-than-3-swaps').pass).toBeNull();
    expect(json.scenarios.map((s: Json) => [s.value, s.eligible])).toEqual([
      [2, true],
      [3, false],
    ]);
    expect(json.instance).toEqual({ instanceId: IDS.vpcStoppedKeep, regionId: 'cn-hangzhou' });
    expect(json.fetchedSecondsAgo).toBe(30);
    const text = renderText(reply.doc);
    expect(text).toMatch(/Facts from the ECS API: instance i-bp1vpcstopkeep000001 \(cn-hangzhou\), fetched 30 s ago/);
    expect(text).toMatch(/if it was changed fewer than 3 times so far: can be changed/);
  });

  it('swaps=N may be added (the API does not give it); anything else the API gives is refused', async () => {
    expect(((await canswap([IDS.vpcStoppedKeep, 'swaps=1', '--region', 'cn-hangzhou'])).json as Json).eligible).toBe(true);
    const refused = await canswap([IDS.vpcStoppedKeep, 'running', '--region', 'cn-hangzhou']);
    expect((refused.json as Json).error.code).toBe('facts_from_api');
    expect(renderText(refused.doc)).toMatch(/only the number of changes so far \(swaps=N\).*Example: ecs-netbot canswap i-/);
  });

  it('StopCharging: the note that the IP is released for the time being', async () => {
    const json = (await canswap([IDS.vpcStoppedStopCharging, '--region', 'cn-hangzhou'])).json as Json;
    expect(json.notes.map((n: Json) => n.id)).toContain('stopped-without-charge');
    expect(json.facts.publicIp).toBe('none');
  });

  it('the typed forms are unchanged: same JSON keys, no call', async () => {
    const before = world.fake.requests.length;
    const json = (await canswap(['vpc', '2h', 'swaps=1', 'stopped', 'nat'])).json as Json;
    expect(Object.keys(json)).toEqual(['eligible', 'checks', 'alternatives', 'notes', 'facts']);
    expect(json.eligible).toBe(true);
    expect(world.fake.requests.length).toBe(before);
  });

  it('refuses a bad id or region, --region without an id, and two ids', async () => {
    expect(((await canswap(['i-NOPE', '--region', 'cn-hangzhou'])).json as Json).error.code).toBe('bad_instance_id');
    expect(((await canswap([IDS.vpcStoppedKeep, '--region', 'x'])).json as Json).error.code).toBe('bad_region');
    expect(((await canswap(['vpc', '--region', 'cn-hangzhou'])).json as Json).error.code).toBe('region_without_instance');
    expect(((await canswap([IDS.vpcStoppedKeep, IDS.vpcEip])).json as Json).error.code).toBe('too_many_instances');
  });
});

// dist/ is built before the tests run (test/support/build.ts). execFile, not spawnSync: the fake API runs in
// this process and must keep answering while the child waits for it.
describe('the built CLI', () => {
  const bin = join(packageRoot(), 'bin/ecs-netbot.js');
  const cli = async (args: string[], env: Record<string, string | undefined>) => {
    try {
      const { stdout } = await promisify(execFile)(process.execPath, [bin, ...args], { env: { PATH: process.env.PATH, ...env } as NodeJS.ProcessEnv, timeout: 60_000 });
      return { code: 0, stdout };
    } catch (error) {
      const e = error as { code?: number; stdout?: string };
      return { code: e.code ?? -1, stdout: e.stdout ?? '' };
    }
  };

  it('instance --json: the contract, exit 0', async () => {
    const run = await cli(['instance', IDS.vpcRunningYoung, '--region', 'cn-hangzhou', '--json'], world.env);
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout);
    expect(json.verdicts.map((v: Json) => [v.id, v.eligible])).toEqual([
      ['canswap', false],
      ['convert-eip', true],
      ['private-ip', false],
      ['eni', true],
      ['ipv6', true],
    ]);
    expect(json.ptr.ptr).toEqual(['mail.example.com']);
  });

  it('a cloud failure: {"error": {code, message, requestId}} and exit 1', async () => {
    const run = await cli(['instance', 'i-bp1doesnotexist00002', '--region', 'cn-hangzhou', '--json'], world.env);
    expect(run.code).toBe(1);
    const { error } = JSON.parse(run.stdout);
    expect(error).toEqual({ code: 'not_found', message: expect.stringContaining('i-bp1doesnotexist00002'), requestId: expect.stringMatching(/^[0-9A-F-]{36}$/) });
  });

  it('no credentials: exit 1 with the configuration steps; bw still answers', async () => {
    const env = { HOME: world.home.path, ALIBABA_CLOUD_ECS_METADATA_DISABLED: 'true', NETBOT_CACHE_DIR: 'off' };
    const run = await cli(['instance', IDS.vpcRunningYoung, '--region', 'cn-hangzhou', '--json'], env);
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout).error).toMatchObject({ code: 'no_credentials', requestId: null, message: expect.stringContaining('ALIBABA_CLOUD_ACCESS_KEY_ID') });
    const text = await cli(['instance', IDS.vpcRunningYoung, '--region', 'cn-hangzhou'], env);
    expect(text.stdout).toMatch(/No Alibaba Cloud credentials found/);
    expect(text.stdout).not.toMatch(/\bat .*\.js:\d+/);
    expect((await cli(['bw', '5', '--json'], env)).code).toBe(0);
  });

  it('bad input: exit 2, nothing sent', async () => {
    const before = world.fake.requests.length;
    const bad = await cli(['instance', 'i-x', '--region', 'cn-hangzhou', '--json'], world.env);
    expect(bad.code).toBe(2);
    expect(JSON.parse(bad.stdout).error.code).toBe('bad_instance_id');
    const noRegion = await cli(['instance', IDS.vpcRunningYoung, '--json'], world.env);
    expect(noRegion.code).toBe(2);
    expect(JSON.parse(noRegion.stdout)).toEqual({ error: { code: 'no_region', message: expect.stringContaining('ALIBABA_CLOUD_REGION_ID') } });
    expect(world.fake.requests.length).toBe(before);
  });
});
