/**
 * The runbooks of issue #15 ("a symptom gets its runbook"): no-internet-access (its outbound security-group
 * step reads the live rules), bandwidth-slow, public-ip-not-in-os, and remote login (SSH / RDP) as a port of
 * website-unreachable. Each walked against the fake OpenAPI through the REAL SDK for a failing and a healthy
 * instance (the verdict lines differ as the facts do); chat routing sends a described symptom there, in Chinese
 * and English, with and without an instance id, while a how-to question naming the same words gets the FAQ.
 */
import { describe, expect, it } from 'vitest';
import { dispatch } from '../../src/app/dispatch.js';
import { routeMessage } from '../../src/app/routing.js';
import { servicesInText } from '../../src/commands/triage-traffic.js';
import { renderText } from '../../src/render/text.js';
import { GROUPS, IDS, SG_IDS, useCloudWorld } from '../support/cloud-fixtures.js';
import { services } from '../support/services.js';

const world = useCloudWorld();

type Json = Record<string, any>;
async function walk(tokens: string[], lang: 'en' | 'zh' = 'en'): Promise<Json> {
  const reply = await dispatch({ command: 'triage', tokens, lang }, world().svc());
  expect(reply.kind, renderText(reply.doc)).toBe('result');
  return reply.json as Json;
}
const statuses = (json: Json) => json.steps.map((s: Json) => s.status);
const details = (json: Json) => json.steps.map((s: Json) => s.detail);

describe('no-internet-access: the instance cannot reach the Internet', () => {
  it('healthy (running, 5 Mbps, a NatPublicIp, egress allowed): every check passes, the outbound rule named', async () => {
    const json = await walk(['no-internet-access', SG_IDS.open]);
    expect(json.runbook).toEqual({ id: 'no-internet-access', title: 'The instance cannot reach the Internet' });
    expect(json.steps.map((s: Json) => s.section)).toEqual(['3.2', '2.2', '2.1', '9', '4.1']);
    expect(statuses(json)).toEqual(['pass', 'pass', 'pass', 'info', 'pass']);
    expect(json.steps[3].detail).toMatch(/^This is a VPC instance: there is no public NIC to look for/);
    const sg = json.steps[4];
    expect(sg.check).toMatchObject({ kind: 'security-group', scope: 'outbound', services: [80, 443], servicesFrom: 'default', groups: [GROUPS.web] });
    expect(sg.check.results.map((r: Json) => [r.service, r.direction, r.remote, r.verdict])).toEqual([
      [80, 'egress', '0.0.0.0/0', 'allow'],
      [443, 'egress', '0.0.0.0/0', 'allow'],
    ]);
    expect(sg.detail).toMatch(/TCP 80 to 0\.0\.0\.0\/0: allowed \(sg-bp1web00000000001 rule sgr-\w+: Accept ALL -1\/-1, to 0\.0\.0\.0\/0, priority 100\)/);
  });

  it('no public IP and 0 Mbps: bandwidth and public IP fail, saying how this instance gets one', async () => {
    const json = await walk(['no-internet-access', IDS.vpcNoPublicIp]);
    expect(statuses(json).slice(0, 3)).toEqual(['pass', 'fail', 'fail']);
    expect(json.steps[1].detail).toMatch(/^Public bandwidth is 0 Mbps: the instance cannot reach the Internet/);
    expect(json.steps[2].detail).toMatch(/^The instance has no public IP, so it cannot reach the Internet\. Whether it can get one depends on its billing \(postpaid\) and network type \(vpc\)/);
    expect(json.steps[2].detail).toMatch(/The guide gives no other way to the Internet without a public IP/);
  });

  it('an outbound Drop of everything: the step fails, names the Drop and the Accept it overrides, and the way round it', async () => {
    const json = await walk(['no-internet-access', SG_IDS.egressBlocked]);
    const sg = json.steps[4];
    expect(sg.status).toBe('fail');
    expect(sg.check.results.map((r: Json) => [r.service, r.direction, r.verdict, r.spans[0].by.policy])).toEqual([
      [80, 'egress', 'deny', 'Drop'],
      [443, 'egress', 'deny', 'Drop'],
    ]);
    expect(sg.detail).toMatch(/TCP 443 to 0\.0\.0\.0\/0: blocked \(sg-bp1noegress00000001 rule sgr-\w+: Drop ALL -1\/-1, to 0\.0\.0\.0\/0, priority 1\)/);
    expect(sg.detail).toMatch(/The Accept rule\(s\) sg-bp1noegress00000001 sgr-\w+ \(100\) never apply/);
    // The Drop is priority 1: nothing outranks it, so the way round it is to remove or narrow it.
    expect(sg.detail).toMatch(/A Drop rule of priority 1 blocks it outbound \(no Accept can outrank it\): remove or narrow it to let TCP 443\/443 to 0\.0\.0\.0\/0 out\./);
  });

  it('only 443 dropped (priority 50), no port named: information, 80 out and 443 not, with an Accept that would outrank the Drop', async () => {
    const json = await walk(['no-internet-access', SG_IDS.egress443Blocked]);
    const sg = json.steps[4];
    expect(sg.status).toBe('info');
    expect(sg.check.results.map((r: Json) => [r.service, r.verdict])).toEqual([
      [80, 'allow'],
      [443, 'deny'],
    ]);
    expect(sg.detail).toMatch(/add to sg-bp1no443out0000001 an outbound Accept rule with a smaller priority number than the Drop: TCP 443\/443 to 0\.0\.0\.0\/0\./);
    expect(sg.detail).not.toMatch(/TCP 80\/80 to/);
    expect(sg.detail).toMatch(/Some ports may go out and some may not: it depends on the port the instance connects to\.$/);
  });

  it('the port and ping named in the message, in Chinese', async () => {
    const json = await walk(['机器里访问不了外网 3306端口 ping也不通', SG_IDS.egressBlocked], 'zh');
    const sg = json.steps.find((s: Json) => s.check?.kind === 'security-group');
    expect(sg.check).toMatchObject({ scope: 'outbound', services: [3306, 'ping'], servicesFrom: 'text' });
    expect(sg.detail).toMatch(/TCP 3306，发往 0\.0\.0\.0\/0：不放行/);
    expect(sg.detail).toMatch(/ping（ICMP），发往 0\.0\.0\.0\/0：不放行/);
  });

  it('a classic instance: the public NIC inside the OS, and ifup', async () => {
    const json = await walk(['no-internet-access', IDS.classic]);
    expect(json.steps[3]).toMatchObject({ status: 'info', detail: expect.stringMatching(/^This is a classic instance: check with ifconfig that the public NIC \(e\.g\. eth1\) is up; if not, ifup eth1\./) });
  });
});

describe('bandwidth-slow: the public network is slow', () => {
  it('healthy (5 Mbps): the bandwidth in effect passes and bw says what it means (outbound bought, inbound up to 100)', async () => {
    const json = await walk(['服务器带宽跑不满', IDS.vpcRunningYoung], 'zh');
    expect(json.runbook.id).toBe('bandwidth-slow');
    expect(json.steps.map((s: Json) => s.section)).toEqual(['2.2', '9', '9', '5.1', '6', '6', '6', '2.3']);
    expect(statuses(json)).toEqual(['pass', 'info', 'info', 'info', 'info', 'info', 'info', 'info']);
    expect(json.steps[0].detail).toBe('公网出网带宽 5 Mbps。');
    expect(json.steps[1].check).toMatchObject({ kind: 'command', ran: 'bw 5' });
    expect(json.steps[1].detail).toMatch(/出网带宽（购买、计费）\s*5 Mbps|5 Mbps/);
    expect(json.steps[1].check.result).toMatchObject({ outboundMbps: 5, inboundMaxMbps: 100 });
    expect(json.steps[3].detail).toMatch(/^实例规格 ecs\.\S+：它的带宽能力和支持的网卡队列数见实例规格族。$/);
    expect(json.steps[7].detail).toBe('I/O优化实例：内网为万兆或25G共享带宽。');
  });

  it('0 Mbps: not slow but no Internet access, pointing at no-internet-access', async () => {
    const json = await walk(['bandwidth-slow', IDS.vpcNoPublicIp]);
    expect(json.steps[0]).toMatchObject({ status: 'fail', detail: 'Public bandwidth is 0 Mbps: not slow but no Internet access; see the no-internet-access runbook.' });
  });

  it('without an instance: the multi-queue steps stand, the checks say they need one', async () => {
    const json = await walk(['one vcpu pegged by softirq, pps stuck']);
    expect(json.runbook.id).toBe('bandwidth-slow');
    expect(statuses(json)[0]).toBe('unknown');
    expect(json.steps[4].text).toMatch(/ethtool -L eth0 combined 2/);
    expect(json.steps[6].text).toMatch(/systemctl start irqbalance/);
  });
});

describe('public-ip-not-in-os: the OS does not show the public IP', () => {
  it('a VPC instance: expected (mapped onto the private NIC); a classic one: the public NIC may be down', async () => {
    const vpc = await walk(['public-ip-not-in-os', IDS.vpcRunningYoung]);
    const classic = await walk(['public-ip-not-in-os', IDS.classic]);
    expect(vpc.steps[0].detail).toMatch(/^This is a VPC instance: the OS has only the private IP; not seeing the public IP is expected\./);
    expect(classic.steps[0].detail).toMatch(/^This is a classic instance: the public IP is on the public NIC in the OS/);
    expect(vpc.steps[1]).toMatchObject({ status: 'pass', detail: "The instance's public IP is 47.96.10.20 (nat)." });
    // §7: only an instance billed by traffic converts its fixed public IP to an EIP.
    expect(vpc.steps[3].detail).toMatch(/^Billed by traffic: it can convert to an EIP/);
    expect(classic.steps[3].detail).toMatch(/^Public bandwidth is billed PayByBandwidth: the guide allows only instances billed by traffic/);
  });
});

describe('remote login (SSH, RDP) on website-unreachable', () => {
  it.each([
    ['ssh to the instance times out', [22]],
    ['xshell连不上', [22]],
    ['远程桌面连不上windows', [3389]],
    ['mstsc fails', [3389]],
    ['远程连接不上服务器', [22, 3389]],
    ['ssh on port 2222 refused', [2222]],
    ['sshd_config', []],
  ] as const)('%s → %j', (text, expected) => {
    expect(servicesInText(text)).toEqual({ ok: true, services: expected });
  });

  it('ssh: TCP 22 is judged, open in one group and blocked in another (with the rule to add); §9 login-by-IP step follows', async () => {
    const open = await walk(['ssh to my box hangs since this morning', SG_IDS.closed]);
    const closed = await walk(['ssh to my box hangs since this morning', SG_IDS.open]);
    expect(open.runbook.id).toBe('website-unreachable');
    const sg = (json: Json) => json.steps.find((s: Json) => s.check?.kind === 'security-group');
    expect(sg(open)).toMatchObject({ status: 'pass', check: { services: [22], servicesFrom: 'text' } });
    expect(sg(closed)).toMatchObject({ status: 'fail', check: { services: [22], servicesFrom: 'text' } });
    expect(sg(closed).detail).toMatch(/To open it, add an inbound rule to sg-bp1web00000000001: Accept TCP 22\/22 from 0\.0\.0\.0\/0\./);
    const login = open.steps[open.steps.indexOf(sg(open)) + 1];
    expect(login).toMatchObject({ section: '9', status: 'info' });
    expect(login.text).toMatch(/^Remote login \(SSH, RDP\)/);
  });
});

describe('chat routing: a described symptom reaches its runbook, a how-to question the FAQ', () => {
  const { search, kb } = services();
  it.each([
    ['ecs里面上不了网 curl 一直卡着', ['no-internet-access']],
    [`${SG_IDS.egressBlocked} 连不上外网 apt装不了东西`, ['no-internet-access', SG_IDS.egressBlocked]],
    ['my server has no internet access, wget just hangs', ['no-internet-access']],
    [`${IDS.vpcNoPublicIp} cannot reach the internet from inside`, ['no-internet-access', IDS.vpcNoPublicIp]],
    ['下载速度特别慢 带宽根本跑不满', ['bandwidth-slow']],
    [`${IDS.vpcRunningYoung} 公网速度跑不满`, ['bandwidth-slow', IDS.vpcRunningYoung]],
    ['throughput is stuck way below the bandwidth we pay for', ['bandwidth-slow']],
    [`${IDS.vpcRunningYoung} cpu0 pegged at 100% by softirq, pps stuck`, ['bandwidth-slow', IDS.vpcRunningYoung]],
    ['迁到vpc以后 软件读不到本机的公网ip了', ['public-ip-not-in-os']],
    [`${IDS.vpcRunningYoung} our app broke after moving to vpc, it reads the public ip from the os`, ['public-ip-not-in-os', IDS.vpcRunningYoung]],
    ['ssh 连服务器一直超时', ['website-unreachable', '--port', '22']],
    [`${SG_IDS.closed} rdp to the box fails from home`, ['website-unreachable', SG_IDS.closed, '--port', '3389']],
  ])('%s', (text, tokens) => {
    const route = routeMessage(text, search, kb);
    expect(route.invocation).toMatchObject({ command: 'triage', tokens });
  });

  // Word order is lost on bigrams: the runbooks' wordOrder tells "外网访问不了" (reached from outside: the website
  // runbook) from "访问不了外网" (the instance going out: no-internet-access).
  it.each([
    ['服务外网访问不了', 'website-unreachable'],
    ['ECS外网访问不了', 'website-unreachable'],
    ['外网访问不了我的网站', 'website-unreachable'],
    ['别人访问不了我的网站', 'website-unreachable'],
    ['wo de wangzhan waiwang fangwen bu liao', 'website-unreachable'],
    ['机器里访问不了外网', 'no-internet-access'],
    ['实例访问不了外网', 'no-internet-access'],
    ['vpc机器没外网', 'no-internet-access'],
  ])('%s → %s', (text, id) => {
    expect(routeMessage(text, search, kb).invocation).toMatchObject({ command: 'triage', tokens: [id] });
  });

  it.each([
    // The manual steps or the primary NIC's: either answers it.
    ['怎么开启多队列', ['mq-manual-config-steps', 'mq-enable-primary-nic']],
    ['how do i enable multiqueue on eth0', undefined],
    ['how do i check my bandwidth', undefined],
    ['公网带宽是独享还是共享', 'faq-bandwidth-dedicated-or-shared'],
    ['迁移到专有网络以后公网ip会变吗', undefined],
  ])('%s → the FAQ', (text, entry) => {
    const route = routeMessage(text, search, kb);
    expect(route.invocation.command).toBe('ask');
    if (entry) expect([entry].flat()).toContain(route.invocation.reading?.outcome?.hits[0]?.entry.id);
  });
});
