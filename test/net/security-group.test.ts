/**
 * The security-group evaluator (src/net/security-group.ts): Alibaba Cloud's matching order (priority 1 first,
 * Drop before Accept at equal priority, every group of the ENI pooled), the defaults (inbound denied, the same
 * group's internal policy, outbound allowed in a basic group), IPv4 and IPv6 apart, authorization by group,
 * and the split of a range into the parts each rule decided, checked against a plain first-match reference.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatCidr, type Cidr } from '../../src/net/cidr.js';
import { evaluateFlow, groupAuthorizations, ordered, portRangeOf, ruleCidr, type Flow, type SgGroupInput, type SgRuleInput } from '../../src/net/security-group.js';

const net = (text: string): Cidr => ruleCidr(text)!;
let n = 0;
const rule = (overrides: Partial<SgRuleInput> = {}): SgRuleInput => ({
  securityGroupRuleId: `sgr-${++n}`,
  direction: 'ingress',
  ipProtocol: 'TCP',
  portRange: '80/80',
  policy: 'Accept',
  priority: 1,
  sourceCidrIp: '0.0.0.0/0',
  ...overrides,
});
const group = (id: string, rules: SgRuleInput[], extra: Partial<SgGroupInput> = {}): SgGroupInput => ({ id, vpcId: 'vpc-1', innerAccessPolicy: 'Accept', rules, ...extra });
const web = (port: number, from = '0.0.0.0/0'): Flow => ({ direction: 'ingress', protocol: 'tcp', port, family: from.includes(':') ? 6 : 4, remote: { range: net(from), groups: 'none' }, path: 'internet' });
const spans = (d: ReturnType<typeof evaluateFlow>) => d.spans.map((s) => [s.outcome, s.cidrs?.map(formatCidr) ?? null, s.by.kind === 'rule' ? s.by.rule.securityGroupRuleId : s.by.kind]);

describe('open, closed, denied', () => {
  it('an Accept for the port from 0.0.0.0/0 opens it to the Internet', () => {
    const accept = rule();
    const d = evaluateFlow([group('sg-a', [accept])], web(80));
    expect(d.verdict).toBe('allow');
    expect(spans(d)).toEqual([['allow', ['0.0.0.0/0'], accept.securityGroupRuleId]]);
  });

  it('no rule for the port: inbound is denied by default', () => {
    const d = evaluateFlow([group('sg-a', [rule({ portRange: '22/22' })])], web(80));
    expect(d.verdict).toBe('deny');
    expect(spans(d)).toEqual([['deny', ['0.0.0.0/0'], 'default-deny']]);
  });

  it('a Drop of higher priority (smaller number) wins over an Accept, in another group too; the Accept is reported as shadowed', () => {
    const accept = rule({ priority: 10 });
    const drop = rule({ policy: 'Drop', priority: 1 });
    const d = evaluateFlow([group('sg-web', [accept]), group('sg-deny', [drop])], web(80));
    expect(d.verdict).toBe('deny');
    expect(spans(d)).toEqual([['deny', ['0.0.0.0/0'], drop.securityGroupRuleId]]);
    expect(d.shadowed.map((s) => [s.groupId, s.rule.securityGroupRuleId])).toEqual([['sg-web', accept.securityGroupRuleId]]);
  });

  it('at equal priority Drop wins, whatever the order the API lists them in', () => {
    const accept = rule({ priority: 5 });
    const drop = rule({ policy: 'Drop', priority: 5 });
    expect(evaluateFlow([group('sg-a', [accept, drop])], web(80)).verdict).toBe('deny');
    expect(evaluateFlow([group('sg-a', [drop, accept])], web(80)).verdict).toBe('deny');
    expect(ordered([accept, drop].map((r) => ({ rule: r }))).map((x) => x.rule.policy)).toEqual(['Drop', 'Accept']);
  });

  it('a Drop of lower priority (larger number) changes nothing', () => {
    const d = evaluateFlow([group('sg-a', [rule({ policy: 'Drop', priority: 100 }), rule({ priority: 1 })])], web(80));
    expect(d.verdict).toBe('allow');
  });

  it('policy and protocol are read case-insensitively, as the API and console write them', () => {
    expect(evaluateFlow([group('sg-a', [rule({ policy: 'drop', ipProtocol: 'tcp', priority: 1 }), rule({ priority: 2 })])], web(80)).verdict).toBe('deny');
  });
});

describe('ranges: the Internet, a caller, a part denied', () => {
  it('an Accept for one /24 opens it to that range only: partial for 0.0.0.0/0, the rest denied by default', () => {
    const office = rule({ portRange: '8080/8080', sourceCidrIp: '203.0.113.0/24' });
    const d = evaluateFlow([group('sg-a', [office])], web(8080));
    expect(d.verdict).toBe('partial');
    expect(d.spans[0]).toMatchObject({ outcome: 'allow', cidrs: [net('203.0.113.0/24')] });
    expect(d.spans[1]).toMatchObject({ outcome: 'deny', by: { kind: 'default-deny' } });
    // The denied part is everything else, exactly: 2^32 − 256 addresses.
    const size = (c: Cidr) => 2 ** (32 - c.prefix);
    expect(d.spans[1]!.cidrs!.reduce((sum, c) => sum + size(c), 0)).toBe(2 ** 32 - 256);
  });

  it("the caller's range: inside the authorized /24 it is allowed, outside it is denied", () => {
    const groups = [group('sg-a', [rule({ portRange: '8080/8080', sourceCidrIp: '203.0.113.0/24' })])];
    expect(evaluateFlow(groups, web(8080, '203.0.113.9/32')).verdict).toBe('allow');
    expect(evaluateFlow(groups, web(8080, '203.0.113.128/25')).verdict).toBe('allow');
    expect(evaluateFlow(groups, web(8080, '198.51.100.0/24')).verdict).toBe('deny');
    expect(evaluateFlow(groups, web(8080, '203.0.112.0/23')).verdict).toBe('partial');
  });

  it('a Drop for one range above an Accept for all: exactly that range is denied', () => {
    const drop = rule({ policy: 'Drop', sourceCidrIp: '1.2.3.0/24', priority: 1 });
    const d = evaluateFlow([group('sg-a', [rule({ priority: 2 }), drop])], web(80));
    expect(d.verdict).toBe('partial');
    expect(d.spans[0]).toMatchObject({ outcome: 'deny', cidrs: [net('1.2.3.0/24')] });
    expect(d.spans[1]!.outcome).toBe('allow');
  });

  it('a single address in a rule (no prefix) is one host', () => {
    expect(evaluateFlow([group('sg-a', [rule({ sourceCidrIp: '203.0.113.9' })])], web(80, '203.0.113.9/32')).verdict).toBe('allow');
    expect(evaluateFlow([group('sg-a', [rule({ sourceCidrIp: '203.0.113.9' })])], web(80, '203.0.113.10/32')).verdict).toBe('deny');
  });
});

describe('IPv4 and IPv6 are separate (§4)', () => {
  it('an IPv4 rule does nothing for ::/0; an Ipv6SourceCidrIp rule opens it', () => {
    const v4 = rule();
    expect(evaluateFlow([group('sg-a', [v4])], web(80, '::/0')).verdict).toBe('deny');
    const v6 = rule({ sourceCidrIp: undefined, ipv6SourceCidrIp: '::/0' });
    expect(evaluateFlow([group('sg-a', [v4, v6])], web(80, '::/0')).verdict).toBe('allow');
    expect(evaluateFlow([group('sg-a', [v6])], web(80)).verdict).toBe('deny');
  });

  it('an IPv6 Drop for a /32 splits ::/0', () => {
    const v6 = (extra: Partial<SgRuleInput>) => rule({ sourceCidrIp: undefined, ipv6SourceCidrIp: '::/0', ...extra });
    const d = evaluateFlow([group('sg-a', [v6({ priority: 2 }), v6({ ipv6SourceCidrIp: '2408:4321::/32', policy: 'Drop' })])], web(80, '::/0'));
    expect(d.verdict).toBe('partial');
    expect(d.spans[0]).toMatchObject({ outcome: 'deny', cidrs: [net('2408:4321::/32')] });
  });
});

describe('protocols and ports', () => {
  it.each([
    ['80/80', 80, true],
    ['80/80', 8080, false],
    ['8000/8100', 8080, true],
    ['1/65535', 8080, true],
    ['443/443', 443, true],
  ] as const)('TCP %s matches port %i: %s', (range, port, matches) => {
    expect(evaluateFlow([group('sg-a', [rule({ portRange: range })])], web(port)).verdict).toBe(matches ? 'allow' : 'deny');
  });

  it('ALL with -1/-1 matches every protocol and port; ICMP matches ping, not TCP', () => {
    expect(evaluateFlow([group('sg-a', [rule({ ipProtocol: 'ALL', portRange: '-1/-1' })])], web(3306)).verdict).toBe('allow');
    const icmp = [group('sg-a', [rule({ ipProtocol: 'ICMP', portRange: '-1/-1' })])];
    expect(evaluateFlow(icmp, web(80)).verdict).toBe('deny');
    expect(evaluateFlow(icmp, { ...web(80), protocol: 'icmp', port: undefined }).verdict).toBe('allow');
    const icmp6 = [group('sg-a', [rule({ ipProtocol: 'ICMPv6', portRange: '-1/-1', sourceCidrIp: undefined, ipv6SourceCidrIp: '::/0' })])];
    expect(evaluateFlow(icmp6, { ...web(80, '::/0'), protocol: 'icmpv6', port: undefined }).verdict).toBe('allow');
  });

  it('reads port ranges strictly', () => {
    expect(portRangeOf('80/80')).toEqual({ from: 80, to: 80 });
    expect(portRangeOf('-1/-1')).toBe('all');
    for (const bad of ['80', '0/80', '90/80', '80/70000', 'a/b', '']) expect(portRangeOf(bad)).toBeUndefined();
  });
});

describe('what the rules alone cannot settle is unknown, never guessed', () => {
  it('a port list, a prefix list, an unreadable range, a source-port limit', () => {
    const unknown = (r: SgRuleInput) => evaluateFlow([group('sg-a', [r])], web(80));
    expect(unknown(rule({ portRange: undefined, portRangeListId: 'prl-1' })).spans[0]).toMatchObject({ outcome: 'unknown', by: { kind: 'undecidable', why: 'port-list' } });
    expect(unknown(rule({ sourceCidrIp: undefined, sourcePrefixListId: 'pl-1' })).spans[0]).toMatchObject({ outcome: 'unknown', by: { why: 'prefix-list' } });
    expect(unknown(rule({ sourceCidrIp: '300.1.1.0/24' })).spans[0]).toMatchObject({ outcome: 'unknown', by: { why: 'unreadable' } });
    expect(unknown(rule({ sourcePortRange: '1024/2048' })).spans[0]).toMatchObject({ outcome: 'unknown', by: { why: 'source-port' } });
    expect(unknown(rule({ sourcePortRange: '-1/-1' })).verdict).toBe('allow');
  });

  it('a rule decided before the unknown one still decides', () => {
    const d = evaluateFlow([group('sg-a', [rule({ policy: 'Drop', priority: 1 }), rule({ portRange: undefined, portRangeListId: 'prl-1', priority: 2 })])], web(80));
    expect(d.verdict).toBe('deny');
  });

  it('five-tuple rules: the local address decides when known, else unknown', () => {
    const five = [group('sg-a', [rule({ destCidrIp: '172.16.0.10/32' })])];
    expect(evaluateFlow(five, { ...web(80), local: net('172.16.0.10/32') }).verdict).toBe('allow');
    expect(evaluateFlow(five, { ...web(80), local: net('172.16.0.11/32') }).verdict).toBe('deny');
    expect(evaluateFlow(five, web(80)).verdict).toBe('unknown');
  });
});

describe('between security groups (§2.3)', () => {
  const intranet = (groups: Flow['remote']['groups'], range?: string, port = 3306): Flow => ({
    direction: 'ingress',
    protocol: 'tcp',
    port,
    family: 4,
    remote: { ...(range ? { range: net(range) } : {}), ...(groups !== undefined ? { groups } : {}) },
    path: 'intranet',
  });
  const db = group('sg-db', [rule({ portRange: '3306/3306', sourceCidrIp: undefined, sourceGroupId: 'sg-app' })], { innerAccessPolicy: 'Drop' });

  it('an Accept by source group authorizes instances of that group, and only them', () => {
    expect(evaluateFlow([db], intranet(['sg-app'], '172.16.0.41/32')).verdict).toBe('allow');
    expect(evaluateFlow([db], intranet(['sg-other'], '172.16.0.41/32')).verdict).toBe('deny');
    // An Internet host is in no group.
    expect(evaluateFlow([db], { ...web(3306), path: 'intranet' }).verdict).toBe('deny');
    // Groups not known: it might be authorized.
    expect(evaluateFlow([db], intranet(undefined, '172.16.0.41/32')).spans[0]).toMatchObject({ outcome: 'unknown', by: { why: 'remote-groups-unknown' } });
    expect(groupAuthorizations([db]).map((a) => a.from)).toEqual(['sg-app']);
  });

  it("the same group: its internal policy decides what no rule does", () => {
    const app = group('sg-app', [rule({ portRange: '22/22' })]);
    expect(evaluateFlow([app], intranet(['sg-app'], '172.16.0.43/32')).spans).toMatchObject([{ outcome: 'allow', by: { kind: 'same-group', groupId: 'sg-app', policy: 'Accept' } }]);
    const isolated = group('sg-app', [], { innerAccessPolicy: 'Drop' });
    expect(evaluateFlow([isolated], intranet(['sg-app'], '172.16.0.43/32')).verdict).toBe('deny');
    // A Drop rule comes first, same group or not.
    const dropped = group('sg-app', [rule({ portRange: '3306/3306', policy: 'Drop', sourceCidrIp: '172.16.0.0/12' })]);
    expect(evaluateFlow([dropped], intranet(['sg-app'], '172.16.0.43/32')).verdict).toBe('deny');
  });

  it('the other end known by group only: a rule by address is unknown unless it covers every address (/0)', () => {
    const byAddress = group('sg-a', [rule({ portRange: '3306/3306', sourceCidrIp: '172.16.0.0/12' })], { innerAccessPolicy: 'Drop' });
    expect(evaluateFlow([byAddress], intranet(['sg-app'])).spans[0]).toMatchObject({ outcome: 'unknown', by: { why: 'remote-address-unknown' } });
    const everyone = group('sg-a', [rule({ portRange: '3306/3306' })]);
    expect(evaluateFlow([everyone], intranet(['sg-app'])).verdict).toBe('allow');
  });

  it('outbound: allowed unless a rule drops it (a basic group allows outbound by default)', () => {
    const out = (rules: SgRuleInput[]) => evaluateFlow([group('sg-a', rules)], { ...intranet(['sg-db'], '172.16.0.42/32'), direction: 'egress' });
    expect(out([]).spans).toMatchObject([{ outcome: 'allow', by: { kind: 'egress-default' } }]);
    expect(out([rule({ direction: 'egress', portRange: '3306/3306', policy: 'Drop', sourceCidrIp: undefined, destCidrIp: '172.16.0.0/12' })]).verdict).toBe('deny');
    expect(out([rule({ direction: 'egress', portRange: '3306/3306', policy: 'Drop', sourceCidrIp: undefined, destGroupId: 'sg-db' })]).verdict).toBe('deny');
    // An inbound rule says nothing about outbound traffic.
    expect(out([rule({ portRange: '3306/3306', policy: 'Drop' })]).verdict).toBe('allow');
  });
});

describe('classic-network groups keep Internet and intranet rules apart (NicType)', () => {
  it('an intranet rule does not open a port to the Internet; an internet one does', () => {
    const classic = (nicType: string) => [group('sg-c', [rule({ nicType })], { vpcId: undefined })];
    expect(evaluateFlow(classic('intranet'), web(80)).verdict).toBe('deny');
    expect(evaluateFlow(classic('internet'), web(80)).verdict).toBe('allow');
    // A VPC group's rules (NicType intranet) cover the Internet too.
    expect(evaluateFlow([group('sg-v', [rule({ nicType: 'intranet' })])], web(80)).verdict).toBe('allow');
  });
});

// ---- against a plain first-match reference, address by address ------------------------------------------

/** The reference: sort by priority then Drop first, the first rule matching the address decides; else deny. */
function reference(rules: SgRuleInput[], port: number, address: bigint): 'allow' | 'deny' {
  const sorted = [...rules].sort((a, b) => a.priority - b.priority || (a.policy === 'Drop' ? 0 : 1) - (b.policy === 'Drop' ? 0 : 1));
  for (const r of sorted) {
    const [from, to] = r.portRange!.split('/').map(Number) as [number, number];
    const c = net(r.sourceCidrIp!);
    const last = c.network + (1n << BigInt(32 - c.prefix)) - 1n;
    if (port >= from && port <= to && address >= c.network && address <= last) return r.policy === 'Drop' ? 'deny' : 'allow';
  }
  return 'deny';
}

const ip = (value: bigint) => [24n, 16n, 8n, 0n].map((s) => String((value >> s) & 255n)).join('.');

describe('every address gets what a first-match reference gives it', () => {
  // Networks in a small corner of the space (10.0.0.0/16), so that rules overlap often.
  const arbRule = fc.record({
    third: fc.integer({ min: 0, max: 15 }),
    fourth: fc.integer({ min: 0, max: 255 }),
    prefix: fc.integer({ min: 18, max: 28 }),
    ports: fc.constantFrom('80/80', '1/65535', '443/443', '70/90'),
    drop: fc.boolean(),
    priority: fc.integer({ min: 1, max: 3 }),
  });
  const inside = (c: Cidr, offset: number) => c.network + (BigInt(offset) % (1n << BigInt(32 - c.prefix)));

  it('for random rules, the span holding each sampled address has the reference outcome', () => {
    fc.assert(
      fc.property(
        fc.array(arbRule, { minLength: 1, maxLength: 8 }),
        fc.array(fc.tuple(fc.nat(), fc.nat()), { minLength: 1, maxLength: 12 }),
        (made, picks) => {
          const rules = made.map((m) => rule({ sourceCidrIp: `10.0.${m.third}.${m.fourth}/${m.prefix}`, portRange: m.ports, policy: m.drop ? 'Drop' : 'Accept', priority: m.priority }));
          const range = net('10.0.0.0/16');
          const d = evaluateFlow([group('sg-a', rules)], { ...web(80), remote: { range, groups: 'none' } });
          // Half the samples inside a rule's network (where rules overlap), half anywhere in the range.
          const samples = picks.map(([which, offset], i) => (i % 2 ? inside(net(rules[which % rules.length]!.sourceCidrIp!), offset) : inside(range, offset)));
          for (const address of samples) {
            const holding = d.spans.filter((s) => s.cidrs!.some((c) => address >= c.network && address <= c.network + (1n << BigInt(32 - c.prefix)) - 1n));
            expect(holding, ip(address)).toHaveLength(1);
            expect(holding[0]!.outcome, ip(address)).toBe(reference(rules, 80, address));
            // The same address asked alone gives the same answer.
            expect(evaluateFlow([group('sg-a', rules)], web(80, `${ip(address)}/32`)).verdict).toBe(reference(rules, 80, address));
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
