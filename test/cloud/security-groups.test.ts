/**
 * describeSecurityGroups with the REAL SDK against the fake OpenAPI: DescribeSecurityGroupAttribute for every
 * group of the instance and its ENIs (both directions, IPv4 and IPv6 fields, priorities as numbers), the
 * request as signed and sent, pages, a classic instance's Internet and intranet rules, the cache, and the same
 * error mapping and retries as describeInstance.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { CloudError, RAM_POLICY, READ_ACTIONS } from '../../src/cloud/index.js';
import { fakeEni, fakeInstance, fakeRule, fakeSecurityGroup } from '../support/fake-openapi.js';
import { useFakeCloud } from './setup.js';

const NOW = Date.parse('2026-12-01T10:00:00Z');
const cloud = useFakeCloud(NOW);
const { client, since } = cloud;

let counter = 0;
/** A VPC instance in its own groups (the primary ENI in `groups`, a secondary ENI in `secondary`). */
function instanceIn(groups: string[], secondary: string[] = []): string {
  const id = `i-bp1sgcloud${String(++counter).padStart(10, '0')}`;
  cloud.fake.addInstance({
    instance: fakeInstance({ InstanceId: id, SecurityGroupIds: { SecurityGroupId: groups } }),
    enis: [
      fakeEni({ InstanceId: id, SecurityGroupIds: { SecurityGroupId: groups } }),
      ...(secondary.length
        ? [fakeEni({ InstanceId: id, NetworkInterfaceId: `eni-bp1second${String(counter).padStart(8, '0')}`, Type: 'Secondary', PrivateIpAddress: '172.16.0.20', SecurityGroupIds: { SecurityGroupId: secondary } })]
        : []),
    ],
  });
  return id;
}

describe('the rules of every group of the instance and its ENIs', () => {
  const web = 'sg-bp1cloudweb000000001';
  const mgmt = 'sg-bp1cloudmgmt00000001';
  beforeAll(() => {
    cloud.fake.addSecurityGroup(
      fakeSecurityGroup(web, [
        fakeRule({ SecurityGroupRuleId: 'sgr-bp1http', PortRange: '80/80', Priority: '1' }),
        fakeRule({ SecurityGroupRuleId: 'sgr-bp1http6', PortRange: '80/80', SourceCidrIp: '', Ipv6SourceCidrIp: '::/0', Priority: '2' }),
        fakeRule({ SecurityGroupRuleId: 'sgr-bp1drop', PortRange: '8080/8080', Policy: 'Drop', Priority: '100', SourceCidrIp: '1.2.3.0/24' }),
        fakeRule({ SecurityGroupRuleId: 'sgr-bp1out', Direction: 'egress', IpProtocol: 'ALL', PortRange: '-1/-1', SourceCidrIp: '', DestCidrIp: '0.0.0.0/0', Priority: '100' }),
        fakeRule({ SecurityGroupRuleId: 'sgr-bp1out6', Direction: 'egress', IpProtocol: 'ICMPv6', PortRange: '-1/-1', SourceCidrIp: '', Ipv6DestCidrIp: '::/0' }),
      ], { SecurityGroupName: 'web', InnerAccessPolicy: 'Drop' }),
    );
    cloud.fake.addSecurityGroup(fakeSecurityGroup(mgmt, [fakeRule({ SecurityGroupRuleId: 'sgr-bp1ssh', PortRange: '22/22', SourceCidrIp: '', SourceGroupId: 'sg-bp1bastion0000000001', SourceGroupOwnerAccount: '1234567890' })]));
  });

  it('reads each group once, both directions, IPv4 and IPv6, in camelCase with priority as a number', async () => {
    const id = instanceIn([web], [mgmt, web]);
    const c = client();
    const { instance } = await c.describeInstance(id, 'cn-hangzhou');
    expect(instance.securityGroupIds).toEqual([web]);
    expect(instance.enis.map((e) => e.securityGroupIds)).toEqual([[web], [mgmt, web]]);

    const start = since();
    const read = await c.describeSecurityGroups(instance);
    const sent = cloud.fake.requests.slice(start);
    expect(sent.map((r) => [r.action, r.securityGroupId])).toEqual([
      ['DescribeSecurityGroupAttribute', web],
      ['DescribeSecurityGroupAttribute', mgmt],
    ]);
    for (const r of sent) {
      expect(r.query).toMatchObject({ RegionId: 'cn-hangzhou', Direction: 'all', NicType: 'intranet', MaxResults: '1000' });
      expect(r.headers['x-acs-version']).toBe('2014-05-26');
      expect(r.headers.authorization).toMatch(/^ACS3-HMAC-SHA256 Credential=/);
    }
    expect(read.fromCache).toBe(false);
    expect(read.fetchedAt).toEqual(new Date(NOW));
    expect(read.requestIds).toEqual(sent.map((r) => r.requestId));
    expect(read.groups.map((g) => [g.id, g.name, g.vpcId, g.innerAccessPolicy, g.rules.length])).toEqual([
      [web, 'web', 'vpc-bp1opxu1zkhn00gzv26cq', 'Drop', 5],
      [mgmt, `${mgmt}-name`, 'vpc-bp1opxu1zkhn00gzv26cq', 'Accept', 1],
    ]);
    const [http, http6, drop, out, out6] = read.groups[0]!.rules;
    expect(http).toEqual({
      securityGroupRuleId: 'sgr-bp1http',
      direction: 'ingress',
      ipProtocol: 'TCP',
      portRange: '80/80',
      policy: 'Accept',
      priority: 1,
      sourceCidrIp: '0.0.0.0/0',
      nicType: 'intranet',
    });
    expect(http6).toMatchObject({ ipv6SourceCidrIp: '::/0', priority: 2 });
    expect(http6!.sourceCidrIp).toBeUndefined();
    expect(drop).toMatchObject({ policy: 'Drop', priority: 100, portRange: '8080/8080', sourceCidrIp: '1.2.3.0/24' });
    expect(out).toMatchObject({ direction: 'egress', ipProtocol: 'ALL', portRange: '-1/-1', destCidrIp: '0.0.0.0/0' });
    expect(out6).toMatchObject({ direction: 'egress', ipProtocol: 'ICMPv6', ipv6DestCidrIp: '::/0' });
    expect(read.groups[1]!.rules[0]).toMatchObject({ sourceGroupId: 'sg-bp1bastion0000000001', sourceGroupOwnerAccount: '1234567890', portRange: '22/22' });
  });

  it('caches per region and group for 30 s: a second lookup, or a lookup already running, calls nothing more', async () => {
    const id = instanceIn([web]);
    let now = NOW;
    const c = client({ now: () => now });
    const { instance } = await c.describeInstance(id, 'cn-hangzhou');
    const start = since();
    const [a, b] = await Promise.all([c.describeSecurityGroups(instance), c.describeSecurityGroups(instance)]);
    expect(cloud.fake.requests.length - start).toBe(1);
    expect([a.fromCache, b.fromCache].sort()).toEqual([false, true]);
    now += 29_000;
    expect((await c.describeSecurityGroups(instance)).fromCache).toBe(true);
    expect(cloud.fake.requests.length - start).toBe(1);
    now += 2_000;
    expect((await c.describeSecurityGroups(instance)).fromCache).toBe(false);
    expect(cloud.fake.requests.length - start).toBe(2);
  });

  it('no group listed: no call, no groups', async () => {
    const id = instanceIn([]);
    const c = client();
    const { instance } = await c.describeInstance(id, 'cn-hangzhou');
    expect(instance.securityGroupIds).toBeUndefined();
    const start = since();
    expect((await c.describeSecurityGroups(instance)).groups).toEqual([]);
    expect(cloud.fake.requests.length).toBe(start);
  });

  it('a group id that is not one is never sent', async () => {
    const c = client();
    const start = since();
    const read = await c.describeSecurityGroups({ instanceId: 'i-bp1sgcloudx000000001', regionId: 'cn-hangzhou', networkType: 'vpc', securityGroupIds: ['sg-<!channel>', '../x'], enis: [] });
    expect(read.groups).toEqual([]);
    expect(cloud.fake.requests.length).toBe(start);
  });
});

describe('pages and classic groups', () => {
  it('reads every page (NextToken) of a group with more rules than one page holds', async () => {
    const big = 'sg-bp1cloudbig000000001';
    const rules = Array.from({ length: 1500 }, (_, i) => fakeRule({ SecurityGroupRuleId: `sgr-bp1page${String(i).padStart(6, '0')}`, PortRange: `${1000 + i}/${1000 + i}` }));
    cloud.fake.addSecurityGroup(fakeSecurityGroup(big, rules));
    const id = instanceIn([big]);
    const c = client();
    const { instance } = await c.describeInstance(id, 'cn-hangzhou');
    const start = since();
    const read = await c.describeSecurityGroups(instance);
    const sent = cloud.fake.requests.slice(start);
    expect(sent).toHaveLength(2);
    expect(sent[0]!.query.NextToken).toBeUndefined();
    expect(sent[1]!.query.NextToken).toMatch(/\S/);
    expect(read.groups[0]!.rules).toHaveLength(1500);
    expect(read.groups[0]!.rules.at(-1)!.portRange).toBe('2499/2499');
    expect(read.requestIds).toHaveLength(2);
  });

  it('a classic instance: its group is read twice, Internet and intranet rules, each rule with its NicType', async () => {
    const classic = 'sg-bp1cloudclassic00001';
    cloud.fake.addSecurityGroup(
      fakeSecurityGroup(classic, [fakeRule({ SecurityGroupRuleId: 'sgr-bp1pub80', NicType: 'internet' }), fakeRule({ SecurityGroupRuleId: 'sgr-bp1priv22', PortRange: '22/22', NicType: 'intranet' })], { VpcId: '' }),
    );
    const id = 'i-23sgclassic1';
    cloud.fake.addInstance({
      instance: fakeInstance({
        InstanceId: id,
        InstanceNetworkType: 'classic',
        VpcAttributes: { VpcId: '', VSwitchId: '', PrivateIpAddress: { IpAddress: [] }, NatIpAddress: '' },
        InnerIpAddress: { IpAddress: ['10.161.22.8'] },
        NetworkInterfaces: { NetworkInterface: [] },
        SecurityGroupIds: { SecurityGroupId: [classic] },
      }),
    });
    const c = client();
    const { instance } = await c.describeInstance(id, 'cn-hangzhou');
    const start = since();
    const read = await c.describeSecurityGroups(instance);
    expect(cloud.fake.requests.slice(start).map((r) => r.query.NicType).sort()).toEqual(['internet', 'intranet']);
    expect(read.groups[0]!.vpcId).toBeUndefined();
    expect(read.groups[0]!.rules.map((r) => [r.securityGroupRuleId, r.nicType])).toEqual([
      ['sgr-bp1pub80', 'internet'],
      ['sgr-bp1priv22', 'intranet'],
    ]);
  });
});

describe('errors, retries and the RAM policy', () => {
  const group = 'sg-bp1clouderr000000001';
  beforeAll(() => cloud.fake.addSecurityGroup(fakeSecurityGroup(group, [fakeRule()])));

  async function failure(promise: Promise<unknown>): Promise<CloudError> {
    try {
      await promise;
    } catch (error) {
      expect(error).toBeInstanceOf(CloudError);
      return error as CloudError;
    }
    throw new Error('expected a CloudError');
  }

  it('Forbidden.RAM: forbidden, naming the action and the policy that has it', async () => {
    const id = instanceIn([group]);
    const c = client();
    const { instance } = await c.describeInstance(id, 'cn-hangzhou');
    cloud.fake.fault({ action: 'DescribeSecurityGroupAttribute', securityGroupId: group, times: 1, fault: { kind: 'error', code: 'Forbidden.RAM', status: 403, authAction: 'ecs:DescribeSecurityGroupAttribute' } });
    const error = await failure(c.describeSecurityGroups(instance));
    expect(error).toMatchObject({ code: 'forbidden', action: 'DescribeSecurityGroupAttribute', apiCode: 'Forbidden.RAM' });
    for (const lang of ['zh', 'en'] as const) expect(error.messages[lang]).toContain('ecs:DescribeSecurityGroupAttribute');
    expect(error.messages.en).toContain('(missing ecs:DescribeSecurityGroupAttribute)');
  });

  it('throttling is retried as for the other calls; a group that does not exist is an api_error quoting the code', async () => {
    const id = instanceIn([group]);
    const c = client();
    const { instance } = await c.describeInstance(id, 'cn-hangzhou');
    cloud.fake.fault({ action: 'DescribeSecurityGroupAttribute', securityGroupId: group, times: 1, fault: { kind: 'throttle', retryAfterMs: 20 } });
    const start = since();
    expect((await c.describeSecurityGroups(instance)).groups[0]!.rules).toHaveLength(1);
    expect(cloud.fake.requests.slice(start).map((r) => r.status)).toEqual([400, 200]);

    const gone = await failure(client().describeSecurityGroups({ ...instance, securityGroupIds: ['sg-bp1doesnotexist00001'], enis: [] }));
    expect(gone).toMatchObject({ code: 'api_error', apiCode: 'InvalidSecurityGroupId.NotFound', action: 'DescribeSecurityGroupAttribute' });
  });

  it('a slow answer times out with the same read timeout', async () => {
    const slow = 'sg-bp1cloudslow00000001';
    cloud.fake.addSecurityGroup(fakeSecurityGroup(slow, [fakeRule()]));
    const id = instanceIn([slow]);
    const c = client({ connectTimeoutMs: 300, readTimeoutMs: 300 });
    const { instance } = await c.describeInstance(id, 'cn-hangzhou');
    cloud.fake.fault({ action: 'DescribeSecurityGroupAttribute', securityGroupId: slow, times: 1, fault: { kind: 'delay', ms: 2000 } });
    const error = await failure(c.describeSecurityGroups(instance));
    expect(error).toMatchObject({ code: 'timeout', action: 'DescribeSecurityGroupAttribute' });
  });

  it('READ_ACTIONS and the minimal RAM policy name the new read-only action', () => {
    expect(READ_ACTIONS).toContain('DescribeSecurityGroupAttribute');
    expect(JSON.parse(RAM_POLICY).Statement[0].Action).toContain('ecs:DescribeSecurityGroupAttribute');
  });
});
