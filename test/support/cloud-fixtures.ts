/**
 * Instances of every kind the instance and triage tests need, in the fake OpenAPI (the REAL SDK talks to it
 * over loopback), plus a loopback DNS server for the public IPs' reverse DNS, and the services that use both.
 */
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { createCloudClient } from '../../src/cloud/index.js';
import type { Services } from '../../src/commands/types.js';
import { apiTime, emptyHome, envFor, guardLoopback, onlyReads, startFake } from '../cloud/setup.js';
import { startDnsServer, type FakeDns } from './dns-server.js';
import { fakeEip, fakeEni, fakeInstance, fakeRule, fakeSecurityGroup, type FakeOpenApi } from './fake-openapi.js';
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

/**
 * Instances whose security groups (DescribeSecurityGroupAttribute) make each verdict of the security-group
 * checks: VPC, NatPublicIp, running, in cn-hangzhou, each in the groups its comment names.
 */
export const SG_IDS = {
  /** sg-bp1web00000000001: TCP 80 and 443 from 0.0.0.0/0 (Accept); egress all. */
  open: 'i-bp1sgopen00000000001',
  /** sg-bp1ssh00000000001: only TCP 22 from 0.0.0.0/0. */
  closed: 'i-bp1sgclosed000000001',
  /** sg-bp1weblow000000001 (Accept TCP 80 and 443, priority 10) and sg-bp1deny0000000001 (Drop TCP 80 from 0.0.0.0/0, priority 1). */
  denied: 'i-bp1sgdenied000000001',
  /** sg-bp1web00000000001 (Accept TCP 80, priority 1) and sg-bp1deny0000000001 (Drop TCP 80, priority 1): equal priority. */
  deniedEqual: 'i-bp1sgdeniedeq0000001',
  /** sg-bp1office000000001: TCP 8080 from 203.0.113.0/24 only. */
  callerRange: 'i-bp1sgcaller000000001',
  /** IPv6 2408:4005:3ab:1200::20 on the primary ENI; sg-bp1web00000000001 (IPv4 rules only). */
  ipv6Missing: 'i-bp1sgv6missing000001',
  /** IPv6 2408:4005:3ab:1200::30; sg-bp1webv6000000001: TCP 80 and 443 from 0.0.0.0/0 and from ::/0. */
  ipv6Open: 'i-bp1sgv6open000000001',
  /** 172.16.0.41, sg-bp1app00000000001 (no inbound rule but SSH; internal policy Accept). */
  app: 'i-bp1sgapp000000000001',
  /** 172.16.0.42, sg-bp1db000000000001: TCP 3306 from sg-bp1app00000000001 (group authorization, §2.3). */
  db: 'i-bp1sgdb0000000000001',
  /** 172.16.0.43, sg-bp1app00000000001 too: the same group as app. */
  appTwin: 'i-bp1sgapptwin00000001',
  /** 192.168.0.44 in another VPC (vpc-bp1othervpc00000001), sg-bp1other0000000001. */
  otherVpc: 'i-bp1sgothervpc0000001',
  /** sg-bp1noegress00000001: TCP 22 in; outbound Drop of everything to 0.0.0.0/0 (priority 1) over an Accept (priority 100). */
  egressBlocked: 'i-bp1sgnoegress0000001',
  /** sg-bp1no443out0000001: TCP 22 in; outbound Drop of TCP 443 to 0.0.0.0/0 (priority 50), Accept of everything (priority 100). */
  egress443Blocked: 'i-bp1sgno443out0000001',
} as const;

export const GROUPS = {
  web: 'sg-bp1web00000000001',
  webLow: 'sg-bp1weblow000000001',
  ssh: 'sg-bp1ssh00000000001',
  deny: 'sg-bp1deny0000000001',
  office: 'sg-bp1office000000001',
  webV6: 'sg-bp1webv6000000001',
  app: 'sg-bp1app00000000001',
  db: 'sg-bp1db000000000001',
  other: 'sg-bp1other0000000001',
  noEgress: 'sg-bp1noegress00000001',
  no443Out: 'sg-bp1no443out0000001',
} as const;

const egressAll = () => fakeRule({ Direction: 'egress', IpProtocol: 'ALL', PortRange: '-1/-1', SourceCidrIp: '', DestCidrIp: '0.0.0.0/0', Priority: '100' });

export function addSecurityGroups(fake: FakeOpenApi): void {
  const tcp = (port: number, extra: Record<string, unknown> = {}) => fakeRule({ PortRange: `${port}/${port}`, ...extra });
  fake.addSecurityGroup(fakeSecurityGroup(GROUPS.web, [tcp(80), tcp(443), egressAll()]));
  fake.addSecurityGroup(fakeSecurityGroup(GROUPS.webLow, [tcp(80, { Priority: '10' }), tcp(443, { Priority: '10' }), egressAll()]));
  fake.addSecurityGroup(fakeSecurityGroup(GROUPS.ssh, [tcp(22), egressAll()]));
  fake.addSecurityGroup(fakeSecurityGroup(GROUPS.deny, [tcp(80, { Policy: 'Drop', Priority: '1', Description: 'block web' })]));
  fake.addSecurityGroup(fakeSecurityGroup(GROUPS.office, [tcp(8080, { SourceCidrIp: '203.0.113.0/24' }), egressAll()]));
  const v6 = (port: number) => tcp(port, { SourceCidrIp: '', Ipv6SourceCidrIp: '::/0' });
  fake.addSecurityGroup(fakeSecurityGroup(GROUPS.webV6, [tcp(80), tcp(443), v6(80), v6(443), egressAll()]));
  fake.addSecurityGroup(fakeSecurityGroup(GROUPS.app, [tcp(22), egressAll()]));
  fake.addSecurityGroup(fakeSecurityGroup(GROUPS.db, [tcp(3306, { SourceCidrIp: '', SourceGroupId: GROUPS.app, SourceGroupOwnerAccount: '1234567890' }), egressAll()]));
  fake.addSecurityGroup(fakeSecurityGroup(GROUPS.other, [tcp(3306, { SourceCidrIp: '172.16.0.0/12' }), egressAll()], { VpcId: 'vpc-bp1othervpc00000001' }));
  const dropOut = fakeRule({ Direction: 'egress', IpProtocol: 'ALL', PortRange: '-1/-1', Policy: 'Drop', SourceCidrIp: '', DestCidrIp: '0.0.0.0/0', Priority: '1' });
  fake.addSecurityGroup(fakeSecurityGroup(GROUPS.noEgress, [tcp(22), dropOut, egressAll()]));
  const drop443Out = fakeRule({ Direction: 'egress', PortRange: '443/443', Policy: 'Drop', SourceCidrIp: '', DestCidrIp: '0.0.0.0/0', Priority: '50' });
  fake.addSecurityGroup(fakeSecurityGroup(GROUPS.no443Out, [tcp(22), drop443Out, egressAll()]));

  const add = (id: string, groups: string[], opts: { ip?: string; ipv6?: string; vpc?: string } = {}) => {
    const ip = opts.ip ?? '172.16.0.10';
    const ipv6 = { Ipv6Sets: { Ipv6Set: opts.ipv6 ? [{ Ipv6Address: opts.ipv6 }] : [] } };
    const primary = { NetworkInterfaceId: `eni-${id.slice(2, 20)}`, Type: 'Primary', PrimaryIpAddress: ip, MacAddress: '00:16:3e:00:00:01', PrivateIpSets: { PrivateIpSet: [{ PrivateIpAddress: ip, Primary: true }] }, ...ipv6 };
    fake.addInstance({
      instance: fakeInstance({
        InstanceId: id,
        IoOptimized: true,
        CreationTime: apiTime(NOW - 48 * HOUR),
        VpcAttributes: { VpcId: opts.vpc ?? 'vpc-bp1opxu1zkhn00gzv26cq', VSwitchId: 'vsw-bp1ddbrxdlrcbim46rkq0', PrivateIpAddress: { IpAddress: [ip] }, NatIpAddress: '' },
        NetworkInterfaces: { NetworkInterface: [primary] },
        SecurityGroupIds: { SecurityGroupId: groups },
      }),
      enis: [eni(id, { NetworkInterfaceId: primary.NetworkInterfaceId, PrivateIpAddress: ip, PrivateIpSets: primary.PrivateIpSets, ...ipv6, SecurityGroupIds: { SecurityGroupId: groups }, ...(opts.vpc ? { VpcId: opts.vpc } : {}) })],
    });
  };
  add(SG_IDS.open, [GROUPS.web]);
  add(SG_IDS.closed, [GROUPS.ssh]);
  add(SG_IDS.denied, [GROUPS.webLow, GROUPS.deny]);
  add(SG_IDS.deniedEqual, [GROUPS.web, GROUPS.deny]);
  add(SG_IDS.callerRange, [GROUPS.office]);
  add(SG_IDS.ipv6Missing, [GROUPS.web], { ipv6: '2408:4005:3ab:1200::20' });
  add(SG_IDS.ipv6Open, [GROUPS.webV6], { ipv6: '2408:4005:3ab:1200::30' });
  add(SG_IDS.app, [GROUPS.app], { ip: '172.16.0.41' });
  add(SG_IDS.db, [GROUPS.db], { ip: '172.16.0.42' });
  add(SG_IDS.appTwin, [GROUPS.app], { ip: '172.16.0.43' });
  add(SG_IDS.otherVpc, [GROUPS.other], { ip: '192.168.0.44', vpc: 'vpc-bp1othervpc00000001' });
  add(SG_IDS.egressBlocked, [GROUPS.noEgress]);
  add(SG_IDS.egress443Blocked, [GROUPS.no443Out]);
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
  addSecurityGroups(fake);
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

/**
 * The cloud world of one test file, with the hooks such files share: loopback only, started before its tests
 * and closed after; after each test, only read actions were called and (unless `wellFormed: false`) the fake
 * found no request malformed. Returns a getter: the world exists once the file's beforeAll has run.
 */
export function useCloudWorld(
  extraEnv: Record<string, string | undefined> = { ALIBABA_CLOUD_REGION_ID: 'cn-hangzhou' },
  opts: { wellFormed?: boolean } = {},
): () => CloudWorld {
  let world: CloudWorld | undefined;
  let unguard: (() => void) | undefined;
  beforeAll(async () => {
    unguard = guardLoopback();
    world = await startCloudWorld(extraEnv);
  });
  afterEach(() => {
    expect(onlyReads(world!.fake)).toBe(true);
    if (opts.wellFormed !== false) expect(world!.fake.requests.filter((r) => r.problem)).toEqual([]);
  });
  afterAll(async () => {
    await world?.close();
    unguard?.();
  });
  return () => world!;
}
