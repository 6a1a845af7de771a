/**
 * Triage's security-group steps end to end: the runbooks' steps read the live rules of the instance's groups
 * through the REAL SDK from the fake OpenAPI (DescribeSecurityGroupAttribute) and reach a verdict: open,
 * closed, denied by a higher-priority Drop, open only to a caller's range, IPv6 rule missing, authorization
 * between groups. In process (the command as the CLI and chat dispatch it) and through the built CLI; the
 * port read from the message; chat routing passing the port and the other instance along.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { dispatch } from '../../src/app/dispatch.js';
import { routeMessage } from '../../src/app/routing.js';
import { callerInText, parsePeer, parseServiceList, servicesInText } from '../../src/commands/triage-traffic.js';
import { packageRoot } from '../../src/knowledge/paths.js';
import { formatCidr } from '../../src/net/cidr.js';
import { renderBlocks } from '../../src/render/blocks.js';
import { renderText } from '../../src/render/text.js';
import { GROUPS, IDS, SG_IDS, useCloudWorld } from '../support/cloud-fixtures.js';
import { services } from '../support/services.js';

const world = useCloudWorld();

type Json = Record<string, any>;
const triage = (tokens: string[], lang: 'en' | 'zh' = 'en', svc = world().svc()) => dispatch({ command: 'triage', tokens, lang }, svc);
/** The security-group step of a triage reply. */
async function sgStep(tokens: string[], lang: 'en' | 'zh' = 'en', svc = world().svc()): Promise<Json> {
  const reply = await triage(tokens, lang, svc);
  expect(reply.kind, renderText(reply.doc)).toBe('result');
  const step = (reply.json as Json).steps.find((s: Json) => s.check?.kind === 'security-group');
  expect(step).toBeDefined();
  return step;
}

describe('the port, the caller and the other end, read from the message', () => {
  it.each([
    ['website on port 8080 unreachable', [8080]],
    ['网站443端口外网打不开', [443]],
    ['80和443端口都不通', [80, 443]],
    ['ports 80, 443 closed', [80, 443]],
    ['端口号：3306 连不上', [3306]],
    ['curl 47.96.10.20:8080 times out', [8080]],
    ['website unreachable 8080', [8080]],
    ['网站8080打不开', [8080]],
    ['IPv6 地址配好了 外网 ping 不通', ['ping']],
    ['我的网站外网访问不了', []],
    // Numbers that are not ports: an IP, an instance id, a bandwidth, a count, a year, a region.
    ['website on 47.96.10.20 down for 3天 since 2026, 5M bandwidth, i-bp1abc123456 in ap-southeast-1', []],
    ['10 users cannot reach the site', []],
  ] as const)('%s → %j', (text, expected) => {
    expect(servicesInText(text)).toEqual({ ok: true, services: expected });
  });

  it('a number said to be a port but out of range is refused, not ignored', () => {
    expect(servicesInText('port 70000 closed')).toEqual({ ok: false, value: '70000' });
    expect(servicesInText('0端口')).toEqual({ ok: false, value: '0' });
    expect(parseServiceList('80,ping')).toEqual({ ok: true, services: [80, 'ping'] });
    expect(parseServiceList('80,http')).toEqual({ ok: false, value: 'http' });
    expect(parseServiceList('1,2,3,4,5,6')).toMatchObject({ ok: false });
  });

  it('the caller ("from …", "从 …") and the other end (--peer)', () => {
    expect(formatCidr(callerInText('site down from 203.0.113.0/24')!)).toBe('203.0.113.0/24');
    expect(formatCidr(callerInText('从 1.2.3.4 访问不了')!)).toBe('1.2.3.4/32');
    expect(formatCidr(callerInText('来自2408:4321::/32的访问被拒')!)).toBe('2408:4321::/32');
    expect(callerInText('unreachable from the internet')).toBeUndefined();
    expect(parsePeer('i-bp1sgdb0000000000001')).toEqual({ kind: 'instance', instanceId: 'i-bp1sgdb0000000000001' });
    expect(parsePeer('sg-bp1app00000000001')).toEqual({ kind: 'group', groupId: 'sg-bp1app00000000001' });
    expect(parsePeer('172.16.0.41')).toMatchObject({ kind: 'range' });
    expect(parsePeer('sg-<!here>')).toBeUndefined();
  });
});

describe('website unreachable: is the port open to the Internet', () => {
  it('open: pass, with the rule that opens each default port, the groups read and their RequestIds', async () => {
    const before = world().fake.requests.length;
    const step = await sgStep(['website-unreachable', SG_IDS.open]);
    const calls = world().fake.requests.slice(before).filter((r) => r.action === 'DescribeSecurityGroupAttribute');
    expect(calls.map((r) => [r.securityGroupId, r.query.Direction])).toEqual([[GROUPS.web, 'all']]);
    expect(step).toMatchObject({ status: 'pass', section: '4.1' });
    expect(step.check).toMatchObject({ kind: 'security-group', scope: 'internet', services: [80, 443], servicesFrom: 'default', groups: [GROUPS.web], requestIds: [calls[0]!.requestId] });
    expect(step.check.results.map((r: Json) => [r.service, r.direction, r.remote, r.verdict, r.spans[0].by.policy])).toEqual([
      [80, 'ingress', '0.0.0.0/0', 'allow', 'Accept'],
      [443, 'ingress', '0.0.0.0/0', 'allow', 'Accept'],
    ]);
    expect(step.detail).toMatch(/No port named, so TCP 80, TCP 443 were checked/);
    expect(step.detail).toMatch(/TCP 80 from 0\.0\.0\.0\/0: allowed \(sg-bp1web00000000001 rule sgr-\w+: Accept TCP 80\/80, from 0\.0\.0\.0\/0, priority 1\)/);
  });

  it('closed: the port named in the message fails, with the rule to add', async () => {
    const step = await sgStep(['my website on port 8080 is unreachable from the internet', SG_IDS.closed]);
    expect(step.status).toBe('fail');
    expect(step.check).toMatchObject({ services: [8080], servicesFrom: 'text' });
    expect(step.detail).toMatch(/TCP 8080 from 0\.0\.0\.0\/0: blocked \(no rule matches: inbound traffic is denied unless a rule allows it\)/);
    expect(step.detail).toMatch(/To open it, add an inbound rule to sg-bp1ssh00000000001: Accept TCP 8080\/8080 from 0\.0\.0\.0\/0\./);
    expect(step.check.results[0].spans).toEqual([{ outcome: 'deny', cidrs: ['0.0.0.0/0'], by: { kind: 'default-deny' } }]);
  });

  it('in Chinese, "443端口" from the message', async () => {
    const step = await sgStep(['网站443端口外网打不开', SG_IDS.closed], 'zh');
    expect(step.status).toBe('fail');
    expect(step.check.services).toEqual([443]);
    expect(step.detail).toMatch(/TCP 443，来自 0\.0\.0\.0\/0：不放行（没有规则匹配：入方向默认拒绝）/);
  });

  it('denied by a higher-priority Drop in another group: fail, naming the Drop and the Accept it overrides', async () => {
    const step = await sgStep(['website-unreachable', SG_IDS.denied, '--port', '80']);
    expect(step.status).toBe('fail');
    expect(step.check.servicesFrom).toBe('flag');
    const [span] = step.check.results[0].spans;
    expect(span).toMatchObject({ outcome: 'deny', by: { kind: 'rule', groupId: GROUPS.deny, policy: 'Drop', priority: 1 } });
    expect(step.detail).toMatch(/TCP 80 from 0\.0\.0\.0\/0: blocked \(sg-bp1deny0000000001 rule sgr-\w+: Drop TCP 80\/80, from 0\.0\.0\.0\/0, priority 1\)/);
    expect(step.detail).toMatch(/The Accept rule\(s\) sg-bp1weblow000000001 sgr-\w+ \(10\) never apply: a smaller priority number wins, and at equal priority Drop wins\./);
    expect(step.detail).not.toMatch(/To open it/);
  });

  it('the same group pair at equal priority: still denied (Drop wins the tie)', async () => {
    const step = await sgStep(['website-unreachable', SG_IDS.deniedEqual, '--port', '80']);
    expect(step.status).toBe('fail');
    expect(step.check.results[0].spans[0].by).toMatchObject({ groupId: GROUPS.deny, policy: 'Drop' });
  });

  it('no port named and only one default port open: information, saying it depends on the port', async () => {
    const step = await sgStep(['website-unreachable', SG_IDS.denied]);
    expect(step.status).toBe('info');
    expect(step.check.results.map((r: Json) => r.verdict)).toEqual(['deny', 'allow']);
    expect(step.detail).toMatch(/Some ports are open and some are not: it depends on the port the site uses\./);
  });

  it("open to an office range only: partial for the Internet (fail), pass from inside the caller's range, fail from outside", async () => {
    const all = await sgStep(['website unreachable on port 8080', SG_IDS.callerRange]);
    expect(all.status).toBe('fail');
    expect(all.check.results[0].verdict).toBe('partial');
    expect(all.detail).toMatch(/TCP 8080 from 0\.0\.0\.0\/0: allowed only in part: allowed for 203\.0\.113\.0\/24 \(.*\); blocked for the rest \(no rule matches/);
    const inside = await sgStep(['website-unreachable', SG_IDS.callerRange, '--port', '8080', '--from', '203.0.113.9']);
    expect(inside).toMatchObject({ status: 'pass', check: { from: '203.0.113.9/32' } });
    expect(inside.detail).toMatch(/TCP 8080 from 203\.0\.113\.9: allowed/);
    const outside = await sgStep(['website on port 8080 unreachable from 198.51.100.7', SG_IDS.callerRange]);
    expect(outside).toMatchObject({ status: 'fail', check: { from: '198.51.100.7/32' } });
  });

  it('a failed read (no permission for the new action) makes only this step unknown, saying what to grant', async () => {
    world().fake.fault({ action: 'DescribeSecurityGroupAttribute', securityGroupId: GROUPS.ssh, times: 1, fault: { kind: 'error', code: 'Forbidden.RAM', status: 403, authAction: 'ecs:DescribeSecurityGroupAttribute' } });
    const svc = world().svc();
    const reply = await triage(['website-unreachable', SG_IDS.closed], 'en', svc);
    const json = reply.json as Json;
    expect(json.steps.map((s: Json) => s.status)).toEqual(['pass', 'pass', 'pass', 'info', 'unknown', 'info', 'info', 'info']);
    expect(json.steps[4].detail).toMatch(/^Reading the security group rules failed, so this cannot be checked: These credentials may not call DescribeSecurityGroupAttribute \(missing ecs:DescribeSecurityGroupAttribute\)/);
  });

  it('without an instance id: the step says what it would check, and nothing is read', async () => {
    const before = world().fake.requests.length;
    const step = await sgStep(['website on port 8443 unreachable']);
    expect(step).toMatchObject({ status: 'unknown', detail: 'Give an instance ID to read its security group rules and check: TCP 8443.', check: { services: [8443] } });
    expect(world().fake.requests.length).toBe(before);
  });
});

describe('IPv6 unreachable: is there an IPv6 rule', () => {
  it('IPv4 rules only: fail, saying IPv4 and IPv6 rules are separate', async () => {
    const step = await sgStep(['ipv6-unreachable', SG_IDS.ipv6Missing]);
    expect(step).toMatchObject({ status: 'fail', section: '4.3.5', check: { scope: 'ipv6' } });
    expect(step.check.results.map((r: Json) => [r.service, r.remote, r.verdict, r.eni])).toEqual([
      [80, '::/0', 'deny', expect.stringMatching(/^eni-/)],
      [443, '::/0', 'deny', expect.stringMatching(/^eni-/)],
    ]);
    expect(step.detail).toMatch(/The IPv4 rules allow TCP 80 \(0\.0\.0\.0\/0\), but IPv4 and IPv6 security group rules are separate/);
  });

  it('an IPv6 rule for the port: pass; ping with no ICMPv6 rule: fail', async () => {
    expect((await sgStep(['ipv6-unreachable', SG_IDS.ipv6Open])).status).toBe('pass');
    const ping = await sgStep(['IPv6 地址配好了 外网 ping 不通', SG_IDS.ipv6Open], 'zh');
    expect(ping).toMatchObject({ status: 'fail', check: { services: ['ping'] } });
    expect(ping.detail).toMatch(/ping（ICMPv6），来自 ::\/0：不放行/);
  });

  it('the website step of an instance with IPv6 shows the IPv6 view too (information)', async () => {
    const step = await sgStep(['website-unreachable', SG_IDS.ipv6Missing, '--port', '80']);
    expect(step.status).toBe('pass');
    expect(step.detail).toMatch(/The instance has IPv6 addresses; over IPv6: TCP 80 from ::\/0: blocked/);
  });
});

describe('intranet unreachable: authorization between groups (§2.3)', () => {
  it('app → db on 3306 is authorized by group; db → app is not: fail, open one way only', async () => {
    const step = await sgStep(['两台实例内网3306端口不通', SG_IDS.app, SG_IDS.db], 'zh');
    expect(step).toMatchObject({ status: 'fail', section: '2.3', check: { scope: 'intranet', peer: SG_IDS.db, services: [3306] } });
    // db → app: db's outbound, app's inbound; app → db: app's outbound, db's inbound.
    expect(step.check.results.map((r: Json) => [r.direction, r.verdict])).toEqual([
      ['egress', 'allow'],
      ['ingress', 'deny'],
      ['egress', 'allow'],
      ['ingress', 'allow'],
    ]);
    expect(step.check.results[3].spans[0].by).toMatchObject({ kind: 'rule', groupId: GROUPS.db, policy: 'Accept' });
    expect(step.detail).toMatch(/源 sg-bp1app00000000001/);
    expect(step.detail).toMatch(/只有一个方向放行：TCP 3306 i-bp1sgapp000000000001 \(172\.16\.0\.41\) → i-bp1sgdb0000000000001 \(172\.16\.0\.42\)。/);
  });

  it('the same group: its internal policy (Accept) connects them both ways: pass', async () => {
    const step = await sgStep(['intranet-unreachable', SG_IDS.app, SG_IDS.appTwin, '--port', '3306']);
    expect(step.status).toBe('pass');
    expect(step.detail).toMatch(/both in security group sg-bp1app00000000001, whose internal policy is Accept/);
  });

  it('another VPC: security groups cannot connect them (information, §2.3)', async () => {
    const step = await sgStep(['intranet-unreachable', SG_IDS.app, '--peer', SG_IDS.otherVpc, '--port', '3306']);
    expect(step.status).toBe('info');
    expect(step.detail).toMatch(/The other instance is in vpc-bp1othervpc00000001, this one in vpc-bp1opxu1zkhn00gzv26cq: .*Express Connect/);
  });

  it("the other end as a security group: its rules are read too (its inbound has no rule for db's group)", async () => {
    const step = await sgStep(['intranet-unreachable', SG_IDS.db, '--peer', GROUPS.app, '--port', '3306']);
    expect(step.status).toBe('fail');
    expect(step.check.results.map((r: Json) => [r.direction, r.verdict])).toEqual([
      ['egress', 'allow'],
      ['ingress', 'allow'],
      ['egress', 'allow'],
      ['ingress', 'deny'],
    ]);
    expect(step.detail).toMatch(/Open one way only: TCP 3306 sg-bp1app00000000001 → i-bp1sgdb0000000000001 \(172\.16\.0\.42\)\./);
  });

  it('the other end as an address only: a rule by group cannot be settled (unknown)', async () => {
    const step = await sgStep(['intranet-unreachable', SG_IDS.db, '--peer', '172.16.0.41', '--port', '3306']);
    expect(step.status).toBe('unknown');
    expect(step.detail).toMatch(/it authorizes a security group and the other end's groups are not known/);
  });

  it('no other end named: what the groups authorize, and how to name it', async () => {
    const step = await sgStep(['intranet-unreachable', SG_IDS.db]);
    expect(step.status).toBe('unknown');
    expect(step.detail).toMatch(/Inbound rules that authorize a security group: sg-bp1db000000000001 rule sgr-\w+: Accept TCP 3306\/3306, from sg-bp1app00000000001, priority 1\./);
    expect(step.detail).toMatch(/--peer i-… \(the other instance\)/);
    expect(step.detail).toMatch(/Name the port to check/);
  });

  it('the other instance cannot be read: unknown with the cloud message; the rest of the runbook stands', async () => {
    const reply = await triage(['intranet-unreachable', SG_IDS.app, 'i-bp1sgnosuch000000001', '--port', '22']);
    const json = reply.json as Json;
    expect(json.steps[0].status).toBe('pass');
    expect(json.steps[3]).toMatchObject({ status: 'unknown' });
    expect(json.steps[3].detail).toMatch(/Reading the other instance i-bp1sgnosuch000000001 failed: There is no instance i-bp1sgnosuch000000001/);
  });
});

describe('in Slack', () => {
  it.each([
    [['intranet-unreachable', SG_IDS.app, SG_IDS.db, '--port', '22,3306,80,443,ping']],
    [['website-unreachable', SG_IDS.callerRange, '--port', '8080,80,443,22,ping']],
    [['ipv6-unreachable', SG_IDS.ipv6Missing, '--port', '80,443,8080,8443,ping']],
  ])('the longest steps (five ports) fit Block Kit without being cut, in both languages: %j', async (tokens) => {
    for (const lang of ['en', 'zh'] as const) {
      const message = renderBlocks((await triage(tokens, lang)).doc, { lang, shareValue: 'x' });
      expect(message.blocks.length).toBeLessThanOrEqual(50);
      expect(JSON.stringify(message.blocks)).not.toMatch(/output too long|输出过长/);
    }
  });
});

describe('bad input is refused with what is accepted', () => {
  it.each([
    [['website-unreachable', SG_IDS.open, '--port', '70000'], 'bad_port', /"70000" is not a port: a port is a whole number from 1 to 65535/],
    [['website on port 0 unreachable', SG_IDS.open], 'bad_port', /"0" is not a port/],
    [['website-unreachable', SG_IDS.open, '--from', 'the office'], 'bad_from', /--from takes the caller's address or range, e\.g\. --from 203\.0\.113\.7/],
    [['intranet-unreachable', SG_IDS.app, '--peer', 'db-server'], 'bad_peer', /--peer names the other end/],
    [['mail-rejected-ptr', IDS.vpcRunningYoung, '--port', '25'], 'option_unused', /--port is for security-group checks, and runbook mail-rejected-ptr has none; runbooks with one: .*website-unreachable/],
    [['website-unreachable', SG_IDS.app, SG_IDS.db], 'too_many_instances', /One instance at a time/],
    [['intranet-unreachable', SG_IDS.app, SG_IDS.db, SG_IDS.appTwin], 'too_many_instances', /One instance at a time/],
    [['intranet-unreachable', SG_IDS.app, 'i-???'], 'bad_instance_id', /is not an ECS instance ID/],
  ] as const)('%j → %s', async (tokens, code, message) => {
    const before = world().fake.requests.length;
    const reply = await triage([...tokens]);
    expect(reply.kind).toBe('error');
    expect((reply.json as Json).error.code).toBe(code);
    expect(renderText(reply.doc)).toMatch(message);
    expect(world().fake.requests.length).toBe(before);
  });
});

describe('chat routing passes the port, the caller and the other instance to triage', () => {
  const { search, kb } = services();
  it.each([
    ['website on port 8080 unreachable from the internet i-bp1sgclosed000000001', ['website-unreachable', 'i-bp1sgclosed000000001', '--port', '8080']],
    ['网站443端口外网打不开', ['website-unreachable', '--port', '443']],
    ['i-bp1sgapp000000000001 和 i-bp1sgdb0000000000001 两台实例内网ping不通', ['intranet-unreachable', 'i-bp1sgapp000000000001', '--port', 'ping', '--peer', 'i-bp1sgdb0000000000001']],
    ['website unreachable from 203.0.113.0/24 on port 8080', ['website-unreachable', '--port', '8080', '--from', '203.0.113.0/24']],
    ['mail to gmail bounces, no PTR, port 25', ['mail-rejected-ptr']],
  ])('%s', (text, tokens) => {
    const route = routeMessage(text, search, kb);
    expect(route.invocation).toMatchObject({ command: 'triage', tokens });
  });
});

// dist/ is built before the tests run (test/support/build.ts); execFile, so the fake API keeps answering.
describe('the built CLI', () => {
  const bin = join(packageRoot(), 'bin/ecs-netbot.js');
  const run = (args: string[]) => promisify(execFile)(process.execPath, [bin, ...args], { env: { PATH: process.env.PATH, ...world().env } as NodeJS.ProcessEnv, timeout: 60_000 });

  it('triage --json: the security-group step in the contract, exit 0', { timeout: 60_000 }, async () => {
    const { stdout } = await run(['triage', 'website-unreachable', SG_IDS.denied, '--port', '80', '--json']);
    const json = JSON.parse(stdout);
    const step = json.steps[4];
    expect(step).toMatchObject({ section: '4.1', status: 'fail', check: { kind: 'security-group', scope: 'internet', services: [80], servicesFrom: 'flag', groups: [GROUPS.webLow, GROUPS.deny] } });
    expect(step.check.results[0]).toMatchObject({ service: 80, verdict: 'deny', spans: [{ outcome: 'deny', cidrs: ['0.0.0.0/0'], by: { groupId: GROUPS.deny, policy: 'Drop', priority: 1 } }] });
  });

  it('triage as text: the IPv6 step in order with its verdict', { timeout: 60_000 }, async () => {
    const text = (await run(['triage', 'ipv6 port 443 not reachable from the internet', SG_IDS.ipv6Missing])).stdout;
    // The step's marker is the renderer's (whatever set of marks it uses); the verdict is what is checked here.
    expect(text).toMatch(/\d\. \S+ The live rules of the security groups of the ENI holding the IPv6 address .*\(§4\.3\.5 步骤5：添加IPv6安全组规则\)\n {4}→ .*TCP 443 from ::\/0: blocked/);
  });
});
