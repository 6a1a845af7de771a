/**
 * describeInstance with the REAL SDK against the fake OpenAPI: the facts of each kind of instance, the calls
 * made for them, and the cache.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { fakeEip, fakeEni, fakeInstance } from '../support/fake-openapi.js';
import { apiTime, useFakeCloud } from './setup.js';

const NOW = Date.parse('2026-12-01T10:00:00Z');
const cloud = useFakeCloud(NOW);
const { client, since } = cloud;
const callsSince = (start: number) => cloud.fake.requests.slice(start).map((r) => r.action + (r.dryRun ? '(DryRun)' : ''));

describe('VPC instance, NAT public IP, running', () => {
  const id = 'i-bp1vpcnat000000000001';
  beforeAll(() => {
    cloud.fake.addInstance({ instance: fakeInstance({ InstanceId: id }), enis: [fakeEni({ InstanceId: id })] });
  });

  it('returns the facts, camelCase, as the API gives them', async () => {
    const start = since();
    const fetched = await client().describeInstance(id, 'cn-hangzhou');
    expect(fetched.fromCache).toBe(false);
    expect(fetched.fetchedAt).toEqual(new Date(NOW));
    expect(fetched.requestId).toBe(cloud.fake.requests[start]!.requestId);
    expect(fetched.instance).toEqual({
      instanceId: id,
      name: 'web-1',
      regionId: 'cn-hangzhou',
      zoneId: 'cn-hangzhou-h',
      instanceType: 'ecs.g7.large',
      networkType: 'vpc',
      vpcId: 'vpc-bp1opxu1zkhn00gzv26cq',
      vSwitchId: 'vsw-bp1ddbrxdlrcbim46rkq0',
      status: 'Running',
      stoppedMode: 'Not-applicable',
      instanceChargeType: 'PostPaid',
      internetChargeType: 'PayByTraffic',
      internetMaxBandwidthOut: 5,
      internetMaxBandwidthIn: 100,
      creationTime: '2026-11-30T08:00Z',
      expiredTime: '2099-12-31T15:59Z',
      operationLocks: [],
      privateIps: ['172.16.0.10'],
      publicIp: { address: '47.96.10.20', kind: 'NatPublicIp', internetChargeType: 'PayByTraffic', bandwidth: 5 },
      ipv6: [],
      enis: [
        {
          id: 'eni-bp1primary00000001',
          type: 'Primary',
          primaryIp: '172.16.0.10',
          privateIps: ['172.16.0.10'],
          ipv6: [],
          macAddress: '00:16:3e:12:34:56',
          vSwitchId: 'vsw-bp1ddbrxdlrcbim46rkq0',
          status: 'InUse',
        },
      ],
    });
  });

  it('sends DescribeInstances with RegionId, InstanceIds as a JSON array and NETWORK_PRIMARY_ENI_IP, then DescribeNetworkInterfaces; no EIP lookup', async () => {
    const start = since();
    await client().describeInstance(id, 'cn-hangzhou');
    expect(callsSince(start)).toEqual(['DescribeInstances', 'DescribeNetworkInterfaces']);
    const [di, dni] = cloud.fake.requests.slice(start);
    expect(di!.query).toMatchObject({ RegionId: 'cn-hangzhou', InstanceIds: JSON.stringify([id]), 'AdditionalAttributes.1': 'NETWORK_PRIMARY_ENI_IP' });
    expect(di!.query.DryRun).toBeUndefined();
    expect(di!.headers['x-acs-version']).toBe('2014-05-26');
    expect(di!.headers.authorization).toMatch(/^ACS3-HMAC-SHA256 Credential=/);
    expect(dni!.query).toMatchObject({ RegionId: 'cn-hangzhou', InstanceId: id });
  });
});

describe('classic instance', () => {
  const id = 'i-23zj2i8ko';
  beforeAll(() => {
    cloud.fake.addInstance({
      instance: fakeInstance({
        InstanceId: id,
        InstanceNetworkType: 'classic',
        VpcAttributes: { VpcId: '', VSwitchId: '', PrivateIpAddress: { IpAddress: [] }, NatIpAddress: '' },
        InnerIpAddress: { IpAddress: ['10.161.22.7'] },
        PublicIpAddress: { IpAddress: ['121.40.1.2'] },
        NetworkInterfaces: { NetworkInterface: [] },
        InternetChargeType: 'PayByBandwidth',
        InternetMaxBandwidthOut: 1,
      }),
    });
  });

  it('is classic, with its inner IP, and no ENI lookup (classic instances have no ENIs)', async () => {
    const start = since();
    const { instance } = await client().describeInstance(id, 'cn-hangzhou');
    expect(callsSince(start)).toEqual(['DescribeInstances']);
    expect(instance.networkType).toBe('classic');
    expect(instance.vpcId).toBeUndefined();
    expect(instance.vSwitchId).toBeUndefined();
    expect(instance.privateIps).toEqual(['10.161.22.7']);
    expect(instance.enis).toEqual([]);
    expect(instance.publicIp).toEqual({ address: '121.40.1.2', kind: 'NatPublicIp', internetChargeType: 'PayByBandwidth', bandwidth: 1 });
  });
});

describe('public IPs', () => {
  it('an EIP: DescribeEipAddresses gives its billing and bandwidth', async () => {
    const id = 'i-bp1eip00000000000001';
    cloud.fake.addInstance({
      instance: fakeInstance({
        InstanceId: id,
        PublicIpAddress: { IpAddress: [] },
        EipAddress: { AllocationId: 'eip-bp1abcdefgh1234567890', IpAddress: '47.100.1.1', InternetChargeType: 'PayByBandwidth', Bandwidth: 10, IsSupportUnassociate: true },
        InternetMaxBandwidthOut: 0,
      }),
      enis: [fakeEni({ InstanceId: id })],
      eips: [fakeEip({ InstanceId: id, ChargeType: 'PrePaid', Bandwidth: '20' })],
    });
    const start = since();
    const { instance } = await client().describeInstance(id, 'cn-hangzhou');
    expect(instance.publicIp).toEqual({
      address: '47.100.1.1',
      kind: 'EIP',
      allocationId: 'eip-bp1abcdefgh1234567890',
      chargeType: 'PrePaid',
      internetChargeType: 'PayByBandwidth',
      bandwidth: 20,
    });
    expect(callsSince(start).sort()).toEqual(['DescribeEipAddresses', 'DescribeInstances', 'DescribeNetworkInterfaces']);
    const eipCall = cloud.fake.calls('DescribeEipAddresses').at(-1)!;
    expect(eipCall.product).toBe('vpc');
    expect(eipCall.headers['x-acs-version']).toBe('2016-04-28');
    expect(eipCall.query).toMatchObject({ RegionId: 'cn-hangzhou', AssociatedInstanceType: 'EcsInstance', AssociatedInstanceId: id });
  });

  it('no public IP at all', async () => {
    const id = 'i-bp1nopublic0000000001';
    cloud.fake.addInstance({ instance: fakeInstance({ InstanceId: id, PublicIpAddress: { IpAddress: [] }, InternetMaxBandwidthOut: 0 }), enis: [fakeEni({ InstanceId: id })] });
    const start = since();
    const { instance } = await client().describeInstance(id, 'cn-hangzhou');
    expect(instance.publicIp).toBeUndefined();
    expect(instance.internetMaxBandwidthOut).toBe(0);
    expect(callsSince(start)).not.toContain('DescribeEipAddresses');
  });
});

describe('status, billing and age', () => {
  it.each([
    ['KeepCharging', 'i-bp1stopkeep0000000001'],
    ['StopCharging', 'i-bp1stopstop0000000001'],
  ])('stopped with %s', async (mode, id) => {
    cloud.fake.addInstance({ instance: fakeInstance({ InstanceId: id, Status: 'Stopped', StoppedMode: mode }), enis: [fakeEni({ InstanceId: id })] });
    const { instance } = await client().describeInstance(id, 'cn-hangzhou');
    expect(instance.status).toBe('Stopped');
    expect(instance.stoppedMode).toBe(mode);
  });

  it('a young (2 h) and an old instance keep their creation time as the API gives it', async () => {
    const young = 'i-bp1young000000000001';
    const old = 'i-bp1old00000000000001';
    cloud.fake.addInstance({ instance: fakeInstance({ InstanceId: young, CreationTime: apiTime(NOW - 2 * 3600_000) }), enis: [fakeEni({ InstanceId: young })] });
    cloud.fake.addInstance({ instance: fakeInstance({ InstanceId: old, CreationTime: '2019-07-23T02:11Z' }), enis: [fakeEni({ InstanceId: old })] });
    expect((await client().describeInstance(young, 'cn-hangzhou')).instance.creationTime).toBe('2026-12-01T08:00Z');
    expect((await client().describeInstance(old, 'cn-hangzhou')).instance.creationTime).toBe('2019-07-23T02:11Z');
  });

  it('a subscription near its expiry, with a financial lock', async () => {
    const id = 'i-bp1prepaid0000000001';
    cloud.fake.addInstance({
      instance: fakeInstance({
        InstanceId: id,
        InstanceChargeType: 'PrePaid',
        InternetChargeType: 'PayByBandwidth',
        ExpiredTime: apiTime(NOW + 3 * 86400_000),
        OperationLocks: { LockReason: [{ LockReason: 'financial', LockMsg: '' }] },
      }),
      enis: [fakeEni({ InstanceId: id })],
    });
    const { instance } = await client().describeInstance(id, 'cn-hangzhou');
    expect(instance.instanceChargeType).toBe('PrePaid');
    expect(instance.expiredTime).toBe('2026-12-04T10:00Z');
    expect(instance.operationLocks).toEqual(['financial']);
  });
});

describe('ENIs and IPv6', () => {
  it('two ENIs: primary (with a secondary private IP) and secondary, IPs primary first', async () => {
    const id = 'i-bp1twoenis0000000001';
    cloud.fake.addInstance({
      instance: fakeInstance({ InstanceId: id }),
      enis: [
        // The API may list the secondary ENI first: the primary still comes first.
        fakeEni({
          NetworkInterfaceId: 'eni-bp1second000000001',
          Type: 'Secondary',
          InstanceId: id,
          MacAddress: '00:16:3e:aa:bb:cc',
          PrivateIpAddress: '172.16.0.20',
          PrivateIpSets: { PrivateIpSet: [{ PrivateIpAddress: '172.16.0.20', Primary: true }, { PrivateIpAddress: '172.16.0.21', Primary: false }] },
        }),
        fakeEni({
          InstanceId: id,
          PrivateIpSets: { PrivateIpSet: [{ PrivateIpAddress: '172.16.0.10', Primary: true }, { PrivateIpAddress: '172.16.0.11', Primary: false }] },
        }),
      ],
    });
    const { instance } = await client().describeInstance(id, 'cn-hangzhou');
    expect(instance.enis.map((e) => [e.id, e.type, e.primaryIp, e.privateIps])).toEqual([
      ['eni-bp1primary00000001', 'Primary', '172.16.0.10', ['172.16.0.10', '172.16.0.11']],
      ['eni-bp1second000000001', 'Secondary', '172.16.0.20', ['172.16.0.20', '172.16.0.21']],
    ]);
    expect(instance.privateIps).toEqual(['172.16.0.10', '172.16.0.11', '172.16.0.20', '172.16.0.21']);
  });

  it('IPv6 across ENIs', async () => {
    const id = 'i-bp1ipv6000000000001';
    const v6 = { Ipv6Sets: { Ipv6Set: [{ Ipv6Address: '2408:4005:3a8:1e00::10' }] } };
    cloud.fake.addInstance({
      instance: fakeInstance({
        InstanceId: id,
        NetworkInterfaces: { NetworkInterface: [{ ...(fakeInstance().NetworkInterfaces as { NetworkInterface: object[] }).NetworkInterface[0], ...v6 }] },
      }),
      enis: [
        fakeEni({ InstanceId: id, ...v6 }),
        fakeEni({ NetworkInterfaceId: 'eni-bp1second000000002', Type: 'Secondary', InstanceId: id, PrivateIpAddress: '172.16.0.30', PrivateIpSets: { PrivateIpSet: [{ PrivateIpAddress: '172.16.0.30', Primary: true }] }, Ipv6Sets: { Ipv6Set: [{ Ipv6Address: '2408:4005:3a8:1e00::31' }] } }),
      ],
    });
    const { instance } = await client().describeInstance(id, 'cn-hangzhou');
    expect(instance.ipv6).toEqual(['2408:4005:3a8:1e00::10', '2408:4005:3a8:1e00::31']);
    expect(instance.enis[0]!.ipv6).toEqual(['2408:4005:3a8:1e00::10']);
  });

  it("the primary ENI's IPv6 from DescribeInstances alone (the fake adds it only for AdditionalAttributes=NETWORK_PRIMARY_ENI_IP)", async () => {
    const id = 'i-bp1ipv6only00000001';
    const primary = (fakeInstance().NetworkInterfaces as { NetworkInterface: object[] }).NetworkInterface[0];
    cloud.fake.addInstance({
      instance: fakeInstance({ InstanceId: id, NetworkInterfaces: { NetworkInterface: [{ ...primary, Ipv6Sets: { Ipv6Set: [{ Ipv6Address: '2408:4005:3a8:1e00::99' }] } }] } }),
      // DescribeNetworkInterfaces without the IPv6 (as if the ENI list lagged behind).
      enis: [fakeEni({ InstanceId: id })],
    });
    const { instance } = await client().describeInstance(id, 'cn-hangzhou');
    expect(instance.ipv6).toEqual(['2408:4005:3a8:1e00::99']);
  });
});

describe('regions', () => {
  it('cn-north-2-gov-1 (four parts) is accepted and sent as given', async () => {
    const id = 'i-gov00000000000000001';
    cloud.fake.addInstance({ instance: fakeInstance({ InstanceId: id, RegionId: 'cn-north-2-gov-1', ZoneId: 'cn-north-2-gov-1-a' }), enis: [fakeEni({ InstanceId: id })] });
    const { instance } = await client().describeInstance(id, 'cn-north-2-gov-1');
    expect(instance.regionId).toBe('cn-north-2-gov-1');
    expect(cloud.fake.calls('DescribeInstances').at(-1)!.query.RegionId).toBe('cn-north-2-gov-1');
  });
});

describe('cache', () => {
  const id = 'i-bp1cached0000000001';
  beforeAll(() => {
    cloud.fake.addInstance({ instance: fakeInstance({ InstanceId: id }), enis: [fakeEni({ InstanceId: id })] });
  });

  it('a second ask within 30 s makes no call; after 30 s it calls again', async () => {
    let now = NOW;
    const c = client({ now: () => now });
    const start = since();
    const first = await c.describeInstance(id, 'cn-hangzhou');
    expect(first.fromCache).toBe(false);
    const calls = since() - start;

    now += 29_000;
    const second = await c.describeInstance(id, 'cn-hangzhou');
    expect(since() - start).toBe(calls);
    expect(second.fromCache).toBe(true);
    expect(second.fetchedAt).toEqual(new Date(NOW));
    expect(second.instance).toEqual(first.instance);

    now += 2_000;
    const third = await c.describeInstance(id, 'cn-hangzhou');
    expect(since() - start).toBe(2 * calls);
    expect(third.fromCache).toBe(false);
    expect(third.fetchedAt).toEqual(new Date(NOW + 31_000));
  });

  it('concurrent asks share one call; a caller changing its copy does not change the cache', async () => {
    const c = client();
    const start = since();
    const [a, b] = await Promise.all([c.describeInstance(id, 'cn-hangzhou'), c.describeInstance(id, 'cn-hangzhou')]);
    expect(callsSince(start)).toEqual(['DescribeInstances', 'DescribeNetworkInterfaces']);
    expect([a.fromCache, b.fromCache].sort()).toEqual([false, true]);
    a.instance.privateIps.push('10.9.9.9');
    expect((await c.describeInstance(id, 'cn-hangzhou')).instance.privateIps).toEqual(['172.16.0.10']);
  });

  it('is keyed by region as well as instance id', async () => {
    const c = client();
    await c.describeInstance(id, 'cn-hangzhou');
    const start = since();
    await expect(c.describeInstance(id, 'cn-shanghai')).rejects.toMatchObject({ code: 'not_found' });
    expect(callsSince(start)).toEqual(['DescribeInstances', 'DescribeInstances(DryRun)']);
  });

  it('is bounded in size (the oldest entry goes first)', async () => {
    const c = client({ cacheMaxEntries: 1 });
    const other = 'i-bp1cachedother00001';
    cloud.fake.addInstance({ instance: fakeInstance({ InstanceId: other }), enis: [fakeEni({ InstanceId: other })] });
    await c.describeInstance(id, 'cn-hangzhou');
    await c.describeInstance(other, 'cn-hangzhou');
    expect((await c.describeInstance(other, 'cn-hangzhou')).fromCache).toBe(true);
    expect((await c.describeInstance(id, 'cn-hangzhou')).fromCache).toBe(false);
  });
});
