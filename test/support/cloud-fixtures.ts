/**
 * Instances of every kind the instance and triage tests need, in the fake OpenAPI (the REAL SDK talks to it
 * over loopback), plus a loopback DNS server for the public IPs' reverse DNS, and the services that use both.
 */
import { createCloudClient } from '../../src/cloud/index.js';
import type { Services } from '../../src/commands/types.js';
import { apiTime, emptyHome, envFor, startFake } from '../cloud/setup.js';
import { startDnsServer, type FakeDns } from './dns-server.js';
import { fakeEip, fakeEni, fakeInstance, type FakeOpenApi } from './fake-openapi.js';
import { services } from './services.js';

/** The clock of these tests: facts are fetched at NOW; the reply is made 30 s later. */
export const NOW = Date.parse('2026-12-01T10:00:00Z');
export const REPLY_AT = NOW + 30_000;
const HOUR = 3600_000;

type Json = Record<string, unknown>;

const noPublicIp = { PublicIpAddress: { IpAddress: [] } };
const eni = (id: string, overrides: Json = {}) => fakeEni({ InstanceId: id, ...overrides });

/** id → what it is; every one in cn-hangzhou. */
export const IDS = {
  /** VPC, NatPublicIp 47.96.10.20, Running, 2 h old, pay-as-you-go by traffic, I/O optimized. */
  vpcRunningYoung: 'i-bp1vpcrunyoung000001',
  /** VPC, NatPublicIp, Stopped with KeepCharging, 2 h old. */
  vpcStoppedKeep: 'i-bp1vpcstopkeep000001',
  /** VPC, Stopped with StopCharging, 30 days old: its NatPublicIp was released (none listed). */
  vpcStoppedStopCharging: 'i-bp1vpcstopcharge0001',
  /** VPC with an EIP (eip-…, PostPaid, PayByBandwidth, 10 Mbps), Running, 10 days old. */
  vpcEip: 'i-bp1vpceip00000000001',
  /** VPC without any public IP, 0 Mbps, Running. */
  vpcNoPublicIp: 'i-bp1vpcnoip0000000001',
  /** Classic, public IP 121.40.1.2, intranet 10.161.22.7, Running, 100 days old, PayByBandwidth. */
  classic: 'i-23zj2i8ko',
  /** Subscription (PrePaid) expiring in 10 h, VPC, NatPublicIp, Running, 20 days old. */
  prepaidNearExpiry: 'i-bp1prepaidsoon000001',
  /** Subscription expiring in 30 days, otherwise like prepaidNearExpiry. */
  prepaidFarExpiry: 'i-bp1prepaidlater00001',
  /** Subscription without an expiry time in the answer. */
  prepaidNoExpiry: 'i-bp1prepaidnoexp00001',
  /** VPC with two ENIs (the secondary with two private IPs) and an IPv6 address on the primary. */
  vpcIpv6TwoEnis: 'i-bp1vpcipv6twoeni0001',
  /** VPC, NatPublicIp, Running, but the answer does not say whether it is I/O optimized. */
  vpcIoUnknown: 'i-bp1vpciounknown00001',
  /** VPC, pay-as-you-go, locked for overdue payment (financial). */
  vpcFinancialLock: 'i-bp1vpcfinlock0000001',
  /** VPC, NatPublicIp billed by fixed bandwidth (PayByBandwidth). */
  vpcFixedBandwidth: 'i-bp1vpcfixedbw0000001',
  /** VPC, Starting. */
  vpcStarting: 'i-bp1vpcstarting000001',
} as const;

export function addInstances(fake: FakeOpenApi): void {
  const add = (id: string, instance: Json, extra: { enis?: Json[]; eips?: Json[] } = {}) =>
    fake.addInstance({ instance: fakeInstance({ InstanceId: id, IoOptimized: true, ...instance }), enis: extra.enis ?? [eni(id)], ...(extra.eips ? { eips: extra.eips } : {}) });
  const created = (hoursAgo: number) => ({ CreationTime: apiTime(NOW - hoursAgo * HOUR) });

  add(IDS.vpcRunningYoung, created(2));
  add(IDS.vpcStoppedKeep, { ...created(2), Status: 'Stopped', StoppedMode: 'KeepCharging' });
  add(IDS.vpcStoppedStopCharging, { ...created(30 * 24), Status: 'Stopped', StoppedMode: 'StopCharging', ...noPublicIp });
  add(
    IDS.vpcEip,
    {
      ...created(240),
      ...noPublicIp,
      InternetMaxBandwidthOut: 0,
      EipAddress: { AllocationId: 'eip-bp1abcdefgh1234567890', IpAddress: '47.100.1.1', InternetChargeType: 'PayByBandwidth', Bandwidth: 10, IsSupportUnassociate: true },
    },
    { eips: [fakeEip({ InstanceId: IDS.vpcEip })] },
  );
  add(IDS.vpcNoPublicIp, { ...created(5), ...noPublicIp, InternetMaxBandwidthOut: 0 });
  fake.addInstance({
    instance: fakeInstance({
      InstanceId: IDS.classic,
      ...created(100 * 24),
      InstanceNetworkType: 'classic',
      IoOptimized: false,
      VpcAttributes: { VpcId: '', VSwitchId: '', PrivateIpAddress: { IpAddress: [] }, NatIpAddress: '' },
      InnerIpAddress: { IpAddress: ['10.161.22.7'] },
      PublicIpAddress: { IpAddress: ['121.40.1.2'] },
      NetworkInterfaces: { NetworkInterface: [] },
      InternetChargeType: 'PayByBandwidth',
      InternetMaxBandwidthOut: 1,
    }),
  });
  const prepaid = { ...created(20 * 24), InstanceChargeType: 'PrePaid' };
  add(IDS.prepaidNearExpiry, { ...prepaid, ExpiredTime: apiTime(NOW + 10 * HOUR) });
  add(IDS.prepaidFarExpiry, { ...prepaid, ExpiredTime: apiTime(NOW + 30 * 24 * HOUR) });
  add(IDS.prepaidNoExpiry, { ...prepaid, ExpiredTime: '' });
  add(
    IDS.vpcIpv6TwoEnis,
    {
      ...created(48),
      NetworkInterfaces: {
        NetworkInterface: [
          {
            NetworkInterfaceId: 'eni-bp1primary00000001',
            Type: 'Primary',
            PrimaryIpAddress: '172.16.0.10',
            MacAddress: '00:16:3e:12:34:56',
            PrivateIpSets: { PrivateIpSet: [{ PrivateIpAddress: '172.16.0.10', Primary: true }] },
            Ipv6Sets: { Ipv6Set: [{ Ipv6Address: '2408:4005:3ab:1200::10' }] },
          },
        ],
      },
    },
    {
      enis: [
        eni(IDS.vpcIpv6TwoEnis, { Ipv6Sets: { Ipv6Set: [{ Ipv6Address: '2408:4005:3ab:1200::10' }] } }),
        eni(IDS.vpcIpv6TwoEnis, {
          NetworkInterfaceId: 'eni-bp1secondary000002',
          Type: 'Secondary',
          MacAddress: '00:16:3e:ab:cd:ef',
          PrivateIpAddress: '172.16.0.20',
          PrivateIpSets: { PrivateIpSet: [{ PrivateIpAddress: '172.16.0.20', Primary: true }, { PrivateIpAddress: '172.16.0.21', Primary: false }] },
        }),
      ],
    },
  );
  fake.addInstance({ instance: fakeInstance({ InstanceId: IDS.vpcIoUnknown, ...created(3) }), enis: [eni(IDS.vpcIoUnknown)] });
  add(IDS.vpcFinancialLock, { ...created(72), OperationLocks: { LockReason: [{ LockReason: 'financial' }] } });
  add(IDS.vpcFixedBandwidth, { ...created(72), InternetChargeType: 'PayByBandwidth' });
  add(IDS.vpcStarting, { ...created(1), Status: 'Starting' });
}

/** Reverse DNS of the public IPs above: 47.96.10.20 has a forward-confirmed PTR; 47.100.1.1 has none. */
export const DNS_ZONE = {
  '20.10.96.47.in-addr.arpa': [{ type: 'PTR', value: 'mail.example.com', ttl: 3600 }],
  'mail.example.com': [{ type: 'A', value: '47.96.10.20' }],
};

export interface CloudWorld {
  fake: FakeOpenApi;
  dns: FakeDns;
  home: ReturnType<typeof emptyHome>;
  /** The env a CLI child process or createCloudClient gets: the fake's endpoints, static keys, the fake DNS. */
  env: Record<string, string | undefined>;
  /** Services with a cloud client on the fake (clock NOW), replying at REPLY_AT. */
  svc(extra?: Partial<Services>): Services;
  close(): Promise<void>;
}

export async function startCloudWorld(extraEnv: Record<string, string | undefined> = {}): Promise<CloudWorld> {
  const fake = await startFake();
  const dns = await startDnsServer({ zone: DNS_ZONE as never });
  const home = emptyHome();
  addInstances(fake);
  const env = { ...envFor(fake, home.path), NETBOT_DNS_SERVER: dns.address, NETBOT_DNS_TIMEOUT_MS: '500', NETBOT_CACHE_DIR: 'off', ...extraEnv };
  return {
    fake,
    dns,
    home,
    env,
    svc: (extra = {}) => services({ env, now: () => new Date(REPLY_AT), cloud: createCloudClient(env, { now: () => NOW }), ...extra }),
    async close() {
      await fake.close();
      await dns.close();
      home.remove();
    },
  };
}
