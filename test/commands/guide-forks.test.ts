/**
 * Runbook steps and rules whose answer depends on the network type, the public bandwidth billing or the kind
 * of ENI (issue #17's audit of the runbooks against the guide). One instance of each kind goes through the
 * real pipeline (the REAL SDK against the fake OpenAPI, then triage, instance and canswap), and each fork's
 * output for it is asserted, so that a step saying what the guide does not cannot come back:
 * - VPC vs classic: an EIP binds only to VPC instances (§2.1), a pay-as-you-go classic instance created
 *   without a public IP never gets one (§2.2); VPCs in other regions connect through Express Connect (§2.3).
 * - traffic vs bandwidth billing: after migrating, only an instance billed by traffic converts its fixed
 *   public IP to an EIP (§7); the conversion itself refuses fixed bandwidth (§3.3).
 * - primary vs secondary ENI: a secondary private IP may sit on the primary ENI (§5.6).
 * Plus the order the audit asked for, and what the guide says of an EIP's bill (§3.3, only that it is separate).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../src/app/dispatch.js';
import { isFactCheck, isVerdictCheck } from '../../src/knowledge/runbooks.js';
import { apiTime, guardLoopback, onlyReads } from '../cloud/setup.js';
import { IDS, NOW, startCloudWorld, type CloudWorld } from '../support/cloud-fixtures.js';
import { fakeEni, fakeInstance } from '../support/fake-openapi.js';
import { services } from '../support/services.js';

type Json = Record<string, any>;

/** Instances the shared fixtures do not have, each named by what it is. */
const MORE = {
  /** Classic, pay-as-you-go, created without a public IP (0 Mbps). */
  classicPostpaidNoIp: 'i-23classicpaygnoip1',
  /** Classic, subscription, created without a public IP (0 Mbps). */
  classicPrepaidNoIp: 'i-23classicprepnoip1',
  /** Classic with a public IP, billed by traffic (IDS.classic is billed by fixed bandwidth). */
  classicByTraffic: 'i-23classictraffic01',
  /** VPC, only the primary ENI, which holds a secondary private IP (172.16.0.11). */
  vpcPrimarySecondaryIp: 'i-bp1vpcprimsecip00001',
} as const;

function addMore(world: CloudWorld): void {
  const created = { CreationTime: apiTime(NOW - 100 * 24 * 3600_000) };
  const classic = (id: string, extra: Json) =>
    world.fake.addInstance({
      instance: fakeInstance({
        InstanceId: id,
        ...created,
        InstanceNetworkType: 'classic',
        IoOptimized: false,
        VpcAttributes: { VpcId: '', VSwitchId: '', PrivateIpAddress: { IpAddress: [] }, NatIpAddress: '' },
        InnerIpAddress: { IpAddress: ['10.161.22.8'] },
        NetworkInterfaces: { NetworkInterface: [] },
        ...extra,
      }),
    });
  const noIp = { PublicIpAddress: { IpAddress: [] }, InternetMaxBandwidthOut: 0 };
  classic(MORE.classicPostpaidNoIp, { ...noIp, InstanceChargeType: 'PostPaid' });
  classic(MORE.classicPrepaidNoIp, { ...noIp, InstanceChargeType: 'PrePaid', ExpiredTime: apiTime(NOW + 30 * 24 * 3600_000) });
  classic(MORE.classicByTraffic, { PublicIpAddress: { IpAddress: ['121.40.1.3'] }, InternetChargeType: 'PayByTraffic' });
  const sets = { PrivateIpSets: { PrivateIpSet: [{ PrivateIpAddress: '172.16.0.10', Primary: true }, { PrivateIpAddress: '172.16.0.11', Primary: false }] } };
  world.fake.addInstance({
    instance: fakeInstance({ InstanceId: MORE.vpcPrimarySecondaryIp, ...created, IoOptimized: true }),
    enis: [fakeEni({ InstanceId: MORE.vpcPrimarySecondaryIp, ...sets })],
  });
}

let world: CloudWorld;
let unguard: () => void;
beforeAll(async () => {
  unguard = guardLoopback();
  world = await startCloudWorld({ ALIBABA_CLOUD_REGION_ID: 'cn-hangzhou' });
  addMore(world);
});
afterEach(() => {
  expect(onlyReads(world.fake)).toBe(true);
});
afterAll(async () => {
  await world?.close();
  unguard?.();
});

const kb = services().kb;
const runbook = (id: string) => kb.runbooks.find((r) => r.id === id)!;
/** The 0-based index of the step of `runbookId` whose fact check is `fact` (or whose verdict is `verdict`). */
const stepOf = (runbookId: string, what: { fact?: string; verdict?: string }) =>
  runbook(runbookId).steps.findIndex((s) => s.check && ((what.fact && isFactCheck(s.check) && s.check.fact === what.fact) || (what.verdict && isVerdictCheck(s.check) && s.check.verdict === what.verdict)));

async function triage(id: string, instance: string, lang: 'en' | 'zh' = 'en'): Promise<Json> {
  const reply = await dispatch({ command: 'triage', tokens: [id, instance], lang }, world.svc());
  expect(reply.kind, JSON.stringify(reply.json)).toBe('result');
  return reply.json as Json;
}
async function instance(id: string): Promise<Json> {
  const reply = await dispatch({ command: 'instance', tokens: [id, '--region', 'cn-hangzhou'], lang: 'en' }, world.svc());
  expect(reply.kind, JSON.stringify(reply.json)).toBe('result');
  return reply.json as Json;
}
const alternatives = (json: Json, verdict: string) => json.verdicts.find((v: Json) => v.id === verdict).alternatives as Json[];
async function canswap(text: string): Promise<Json> {
  const reply = await dispatch({ command: 'canswap', tokens: text.split(' '), lang: 'en' }, services());
  expect(reply.kind).toBe('result');
  return reply.json as Json;
}

describe('VPC vs classic', () => {
  it('cannot-change-public-ip, created without a public IP: a pay-as-you-go VPC instance binds an EIP, a classic one never gets an IP', async () => {
    const at = runbook('cannot-change-public-ip').steps.length - 1;
    expect(runbook('cannot-change-public-ip').steps[at]!.check).toMatchObject({ fact: 'network == "vpc"', branch: true });
    const vpc = await triage('cannot-change-public-ip', IDS.vpcNoPublicIp);
    expect(vpc.steps[0]).toMatchObject({ status: 'fail', detail: 'The instance has no public IP, so there is nothing to change; the last step says whether it can get one.' });
    expect(vpc.steps[at]).toMatchObject({ status: 'info', section: '3.2' });
    expect(vpc.steps[at].detail).toMatch(/^VPC instance \(billing postpaid\): .*postpaid \(pay-as-you-go\) can only bind an EIP\.$/);
    const classic = await triage('cannot-change-public-ip', MORE.classicPostpaidNoIp);
    expect(classic.steps[at]).toMatchObject({ status: 'info', section: '3.2' });
    expect(classic.steps[at].detail).toMatch(/^Classic instance \(billing postpaid\): .*postpaid \(pay-as-you-go\) created without one can never get one, and an EIP cannot be bound to a classic instance/);
    expect(classic.steps[at].detail).not.toMatch(/can only bind an EIP/);
    const zh = await triage('cannot-change-public-ip', MORE.classicPostpaidNoIp, 'zh');
    expect(zh.steps[at].detail).toMatch(/^经典网络实例（计费方式 postpaid）：.*EIP也绑不上经典网络实例/);
  });

  it('website-unreachable, no public IP: the fail says it depends on billing and network, never "pay-as-you-go can only bind an EIP" alone', async () => {
    const at = stepOf('website-unreachable', { fact: 'publicIp != "none"' });
    for (const [id, network] of [
      [IDS.vpcNoPublicIp, 'vpc'],
      [MORE.classicPostpaidNoIp, 'classic'],
    ] as const) {
      const json = await triage('website-unreachable', id);
      expect(json.steps[at].status).toBe('fail');
      expect(json.steps[at].detail).toContain(`depends on its billing (postpaid) and network type (${network})`);
      expect(json.steps[at].detail).toMatch(/a postpaid classic instance created without one can never get one \(EIPs bind only to VPC instances\)/);
      expect(json.steps[at].detail).not.toMatch(/a pay-as-you-go instance can only bind an EIP/);
    }
  });

  it('convert-eip without a public IP: VPC gets "no-public-ip", classic "no-public-ip-classic" (no EIP for classic)', async () => {
    const vpc = alternatives(await instance(IDS.vpcNoPublicIp), 'convert-eip');
    expect(vpc.map((a) => a.id)).toContain('no-public-ip');
    expect(vpc.map((a) => a.id)).not.toContain('no-public-ip-classic');
    expect(vpc.find((a) => a.id === 'no-public-ip')!.message).toMatch(/a pay-as-you-go VPC instance cannot be assigned one any more and can only bind an EIP/);
    const classic = alternatives(await instance(MORE.classicPostpaidNoIp), 'convert-eip');
    expect(classic.map((a) => a.id)).toEqual(expect.arrayContaining(['classic-migrate', 'no-public-ip-classic']));
    expect(classic.map((a) => a.id)).not.toContain('no-public-ip');
    const message = classic.find((a) => a.id === 'no-public-ip-classic')!;
    expect(message.message).toMatch(/nor bind an EIP \(EIPs bind only to VPC instances, §2\.1\)/);
    expect(message.source).toMatchObject({ section: '2.2' });
  });

  it('canswap without a public IP: pay-as-you-go forks by network, also with billing unknown; a subscription raises bandwidth either way', async () => {
    const ids = async (text: string) => ((await canswap(text)).alternatives as Json[]).map((a) => a.id);
    expect(await ids('--public-ip none --billing postpaid --network vpc')).toEqual(['no-ip-postpaid-bind-eip']);
    expect(await ids('--public-ip none --billing postpaid --network classic')).toEqual(['classic-no-change', 'no-ip-postpaid-classic']);
    expect(await ids('--public-ip none --network vpc')).toEqual(['no-ip-unknown-billing-vpc']);
    expect(await ids('--public-ip none --network classic')).toEqual(['classic-no-change', 'no-ip-unknown-billing-classic']);
    expect(await ids('--public-ip none --billing prepaid --network classic')).toEqual(['classic-no-change', 'no-ip-prepaid-raise-bandwidth']);
    const classic = (await canswap('--public-ip none --billing postpaid --network classic')).alternatives as Json[];
    expect(classic.find((a) => a.id === 'no-ip-postpaid-classic')!.message).toBe(
      'Pay-as-you-go classic instance without a public IP: created without one, it can never be assigned one; nor can an EIP help, since EIPs bind only to VPC instances (§2.1).',
    );
    const unknownBilling = (await canswap('--public-ip none --network classic')).alternatives as Json[];
    expect(unknownBilling.at(-1)!.message).toMatch(/pay-as-you-go created without one can never get one, as EIPs bind only to VPC instances/);
    // Live: the instance command's canswap verdict for each kind.
    expect(alternatives(await instance(MORE.classicPostpaidNoIp), 'canswap').map((a) => a.id)).toContain('no-ip-postpaid-classic');
    expect(alternatives(await instance(MORE.classicPrepaidNoIp), 'canswap').map((a) => a.id)).toContain('no-ip-prepaid-raise-bandwidth');
    expect(alternatives(await instance(IDS.vpcNoPublicIp), 'canswap').map((a) => a.id)).toContain('no-ip-postpaid-bind-eip');
  });

  it('intranet-unreachable, other regions: VPCs through Express Connect (§2.3), classic not at all; no "only within one region" for VPC', async () => {
    const at = 1;
    expect(runbook('intranet-unreachable').steps[at]!.check).toMatchObject({ fact: 'network == "vpc"', branch: true });
    const vpc = await triage('intranet-unreachable', IDS.vpcRunningYoung);
    expect(vpc.steps[at]).toMatchObject({ status: 'info', section: '2.3' });
    expect(vpc.steps[at].detail).toBe('VPC instance (vpc-bp1opxu1zkhn00gzv26cq): to reach an instance in another region, connect the two VPCs through Express Connect.');
    const classic = await triage('intranet-unreachable', IDS.classic);
    expect(classic.steps[at].detail).toBe('Classic instance: its intranet reaches instances in the same region only; an instance in another region cannot be reached over the intranet.');
    for (const step of runbook('intranet-unreachable').steps) expect(step.text.en).not.toMatch(/only connects within one region/);
  });
});

describe('traffic vs bandwidth billing (§7: only an instance billed by traffic converts after migrating)', () => {
  const fact = 'internetChargeType == "PayByTraffic"';

  it('cannot-change-public-ip: a classic instance billed by traffic has the EIP route after migrating; one billed by fixed bandwidth does not', async () => {
    const at = stepOf('cannot-change-public-ip', { fact });
    expect(at).toBeGreaterThan(stepOf('cannot-change-public-ip', { fact: 'network == "vpc"' }));
    const traffic = await triage('cannot-change-public-ip', MORE.classicByTraffic);
    expect(traffic.steps[at]).toMatchObject({ status: 'info', section: '7' });
    expect(traffic.steps[at].detail).toBe('Public bandwidth is billed by traffic (PayByTraffic): the EIP route is open (a classic instance migrates to a VPC first).');
    const fixed = await triage('cannot-change-public-ip', IDS.classic);
    expect(fixed.steps[at].detail).toBe(
      'Public bandwidth is billed PayByBandwidth (fixed bandwidth): the guide gives such an instance no way to convert to an EIP (§3.3, §7), and migrating to a VPC only keeps the same public IP.',
    );
    // The classic fork itself no longer offers migration as a way out without the billing condition.
    const fork = fixed.steps[stepOf('cannot-change-public-ip', { fact: 'network == "vpc"' })];
    expect(fork.detail).toMatch(/only an instance billed by traffic can, after migrating, convert its fixed public IP to an EIP/);
  });

  it('a VPC instance billed by fixed bandwidth: the same step and the convert-eip verdict agree (§3.3)', async () => {
    const at = stepOf('cannot-change-public-ip', { fact });
    const json = await triage('cannot-change-public-ip', IDS.vpcFixedBandwidth);
    expect(json.steps[at].detail).toMatch(/^Public bandwidth is billed PayByBandwidth \(fixed bandwidth\)/);
    const verdict = json.steps[stepOf('cannot-change-public-ip', { verdict: 'convert-eip' })];
    expect(verdict.status).toBe('fail');
    expect(verdict.detail).toMatch(/billed by fixed bandwidth/);
    const byTraffic = await triage('cannot-change-public-ip', IDS.vpcRunningYoung);
    expect(byTraffic.steps[at].detail).toMatch(/^Public bandwidth is billed by traffic/);
  });
});

describe('primary vs secondary ENI (§5.6: secondary private IPs may sit on the primary ENI)', () => {
  const attached = 'secondaryEniCount >= 1.0';
  const secondaryIps = 'eniCount >= 1.0 && privateIpCount > eniCount';

  it('only the primary ENI, with a secondary private IP on it: no "attach an ENI first" failure; the IP is recognized', async () => {
    const json = await triage('eni-no-ip-in-os', MORE.vpcPrimarySecondaryIp);
    const step = json.steps[stepOf('eni-no-ip-in-os', { fact: attached })];
    expect(step.status).toBe('info');
    expect(step.detail).toMatch(/^Only the primary ENI is attached\. If the missing address is a secondary private IP on the primary ENI \(eth0\), no secondary ENI is needed/);
    expect(json.steps[stepOf('eni-no-ip-in-os', { fact: secondaryIps })]).toMatchObject({
      status: 'info',
      section: '5.6',
      detail: "The instance's 1 ENI(s) hold 2 private IPs: the extra ones are secondary private IPs, to be configured in the OS as above.",
    });
    expect(json.steps.filter((s: Json) => s.status === 'fail')).toEqual([]);
  });

  it('a secondary ENI attached: configure it; its second private IP is counted too', async () => {
    const json = await triage('eni-no-ip-in-os', IDS.vpcIpv6TwoEnis);
    expect(json.steps[stepOf('eni-no-ip-in-os', { fact: attached })]).toMatchObject({
      status: 'info',
      detail: '1 secondary ENI(s) are attached to the instance: configure them in the OS (the next steps).',
    });
    expect(json.steps[stepOf('eni-no-ip-in-os', { fact: secondaryIps })].detail).toBe(
      "The instance's 2 ENI(s) hold 3 private IPs: the extra ones are secondary private IPs, to be configured in the OS as above.",
    );
  });

  it('one ENI with one IP: no secondary private IP is assigned yet', async () => {
    const json = await triage('eni-no-ip-in-os', IDS.vpcRunningYoung);
    expect(json.steps[stepOf('eni-no-ip-in-os', { fact: secondaryIps })].detail).toMatch(/^Each ENI has only its own primary private IP: no secondary private IP is assigned yet/);
  });
});

describe('order: an earlier check first (issue #17 audit)', () => {
  it('cannot-change-public-ip: a public IP at all (§3.2 prerequisite) first; the network fork before the VPC-only convert-eip verdict', () => {
    expect(stepOf('cannot-change-public-ip', { fact: 'publicIp != "none"' })).toBe(0);
    expect(stepOf('cannot-change-public-ip', { verdict: 'canswap' })).toBe(1);
    expect(stepOf('cannot-change-public-ip', { fact: 'network == "vpc"' })).toBeLessThan(stepOf('cannot-change-public-ip', { verdict: 'convert-eip' }));
  });

  it('website-unreachable: bandwidth (§2.2: the IP exists because bandwidth was bought) before the public IP', () => {
    expect(stepOf('website-unreachable', { fact: 'publicBandwidthMbps > 0.0' })).toBeLessThan(stepOf('website-unreachable', { fact: 'publicIp != "none"' }));
  });

  it('billed-while-stopped: stop mode and EIP before the traffic billing and §9\'s cause and fix', () => {
    const steps = runbook('billed-while-stopped').steps;
    const traffic = stepOf('billed-while-stopped', { fact: 'internetChargeType == "PayByTraffic"' });
    expect(stepOf('billed-while-stopped', { fact: 'status == "stopped"' })).toBe(0);
    expect(stepOf('billed-while-stopped', { fact: 'stoppedMode != "KeepCharging"' })).toBeLessThan(traffic);
    expect(stepOf('billed-while-stopped', { fact: 'publicIp != "eip"' })).toBeLessThan(traffic);
    const cause = steps.findIndex((s) => /CC protection/.test(s.text.en));
    expect(traffic).toBeLessThan(cause);
  });
});

describe('an EIP is billed separately (§3.3): nothing more is claimed about its bill', () => {
  const claims = /keeps? billing|still bill|stopped instance or not|仍在计费|照常计费|否则继续计费/;

  it('billed-while-stopped, the instance note and canswap say it has its own bill and is released separately', async () => {
    const json = await triage('billed-while-stopped', IDS.vpcEip);
    const step = json.steps[stepOf('billed-while-stopped', { fact: 'publicIp != "eip"' })];
    expect(step).toMatchObject({ status: 'fail', section: '3.3' });
    expect(step.detail).toBe("The public IP 47.100.1.1 is an EIP: its charges are on the EIP's own bill, not the instance's; look there.");
    const text = runbook('billed-while-stopped').steps[stepOf('billed-while-stopped', { fact: 'publicIp != "eip"' })]!.text;
    expect(text.en + text.zh).not.toMatch(claims);
    expect(text.en).toMatch(/billed on its own, on a separate bill \(§3\.3\)/);
    const facts = await instance(IDS.vpcEip);
    const note = facts.notes.find((n: Json) => n.id === 'eip-billed-separately');
    expect(note.message).toMatch(/billed on its own, on a separate bill \(§3\.3\); it is not released with the instance \(§2\.1\)/);
    const rebind = alternatives(facts, 'canswap').find((a) => a.id === 'eip-rebind')!;
    expect(rebind.message).toMatch(/has its own bill \(§3\.3\)/);
    for (const message of [note.message, rebind.message]) expect(message).not.toMatch(claims);
    for (const id of ['eip-billed-separately']) {
      const zh = kb.rules.get('instance')!.spec.notes.find((n) => n.id === id)!.message.zh;
      expect(zh).not.toMatch(claims);
    }
    expect(kb.rules.get('canswap')!.spec.alternatives.find((a) => a.id === 'eip-rebind')!.message.zh).not.toMatch(claims);
  });
});

describe('sources: no note cites §9 for what §9 does not say', () => {
  it.each([
    ['vswitch', 'notes', 'how-to-subnet', /RFC 4632/],
    ['ptr', 'checks', 'specific-name', /reverse DNS naming practice/],
    ['ptr', 'checks', 'public-address', /RFC 6890/],
  ] as const)('%s %s %s cites an external source', (ruleset, kind, id, source) => {
    const rule = (kb.rules.get(ruleset)!.spec[kind] as Array<{ id: string; source: { section?: string; external?: string } }>).find((r) => r.id === id)!;
    expect(rule.source.section).toBeUndefined();
    expect(rule.source.external).toMatch(source);
  });
});
