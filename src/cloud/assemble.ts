/**
 * The SDK's answers (its camelCase models of DescribeInstances, DescribeNetworkInterfaces and
 * DescribeEipAddresses) → InstanceFacts. Pure: no calls, no clock. Empty strings from the API (StoppedMode
 * of a running instance, the EipAddress of an instance without one) become undefined.
 */
import type {
  DescribeInstancesResponseBodyInstancesInstance as SdkInstance,
  DescribeInstancesResponseBodyInstancesInstanceNetworkInterfacesNetworkInterface as SdkInstanceEni,
  DescribeNetworkInterfacesResponseBodyNetworkInterfaceSetsNetworkInterfaceSet as SdkEni,
} from '@alicloud/ecs20140526';
import type { DescribeEipAddressesResponseBodyEipAddressesEipAddress as SdkEip } from '@alicloud/vpc20160428';
import type { EniFacts, InstanceFacts, PublicIpFacts } from './facts.js';

export type { SdkEip, SdkEni, SdkInstance };

const text = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() ? value.trim() : undefined);
const texts = (values: unknown): string[] => (Array.isArray(values) ? values.map(text).filter((v): v is string => !!v) : []);
const unique = (values: string[]): string[] => [...new Set(values)];
const nonEmpty = (values: string[]): string[] | undefined => (values.length ? values : undefined);

function number(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && value.trim() && Number.isFinite(Number(value))) return Number(value);
  return undefined;
}

/** The allocation id of the instance's bound EIP, when it has one (DescribeEipAddresses is asked only then). */
export function eipAllocationId(instance: SdkInstance): string | undefined {
  return text(instance.eipAddress?.allocationId);
}

export function isVpc(instance: SdkInstance): boolean {
  return text(instance.instanceNetworkType)?.toLowerCase() === 'vpc' || !!text(instance.vpcAttributes?.vpcId);
}

/** What both ENI shapes share; they differ in the field that names the primary IP. */
type EniLike = Pick<SdkEni, 'networkInterfaceId' | 'type' | 'privateIpSets' | 'ipv6Sets' | 'macAddress'> & { vSwitchId?: string; status?: string; securityGroupIds?: { securityGroupId?: string[] } };

function eniFacts(eni: EniLike, statedPrimary: string | undefined): EniFacts | undefined {
  const id = text(eni.networkInterfaceId);
  if (!id) return undefined;
  const sets = eni.privateIpSets?.privateIpSet ?? [];
  const primaryIp = text(statedPrimary) ?? text(sets.find((s) => s.primary)?.privateIpAddress) ?? '';
  return {
    id,
    type: text(eni.type) === 'Primary' ? 'Primary' : 'Secondary',
    primaryIp,
    privateIps: unique([primaryIp, ...sets.map((s) => text(s.privateIpAddress) ?? '')].filter(Boolean)),
    ipv6: unique(texts((eni.ipv6Sets?.ipv6Set ?? []).map((s) => s.ipv6Address))),
    ...optional({ macAddress: text(eni.macAddress), vSwitchId: text(eni.vSwitchId), status: text(eni.status), securityGroupIds: nonEmpty(unique(texts(eni.securityGroupIds?.securityGroupId))) }),
  };
}

/** An ENI from DescribeNetworkInterfaces (the full view: every private IP of every ENI). */
const eniFromSet = (eni: SdkEni) => eniFacts(eni, eni.privateIpAddress);

/** An ENI from DescribeInstances' NetworkInterfaces (less complete; used when DescribeNetworkInterfaces has none). */
const eniFromInstance = (eni: SdkInstanceEni) => eniFacts(eni as EniLike, eni.primaryIpAddress);

/** Only the keys whose value is defined (the facts have no `key: undefined` noise). */
function optional<T extends Record<string, unknown>>(values: T): Partial<T> {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function publicIpOf(instance: SdkInstance, eip: SdkEip | undefined): PublicIpFacts | undefined {
  const eipAddress = text(instance.eipAddress?.ipAddress) ?? text(eip?.ipAddress);
  const allocationId = eipAllocationId(instance);
  if (allocationId && eipAddress) {
    return {
      address: eipAddress,
      kind: 'EIP',
      allocationId,
      ...optional({
        chargeType: text(eip?.chargeType),
        internetChargeType: text(eip?.internetChargeType) ?? text(instance.eipAddress?.internetChargeType),
        bandwidth: number(eip?.bandwidth) ?? number(instance.eipAddress?.bandwidth),
      }),
    };
  }
  const nat = texts(instance.publicIpAddress?.ipAddress)[0];
  if (nat) {
    return {
      address: nat,
      kind: 'NatPublicIp',
      ...optional({ internetChargeType: text(instance.internetChargeType), bandwidth: number(instance.internetMaxBandwidthOut) }),
    };
  }
  return undefined;
}

/** Primary ENI first, then the others in the API's order. */
function orderEnis(enis: EniFacts[]): EniFacts[] {
  return [...enis.filter((e) => e.type === 'Primary'), ...enis.filter((e) => e.type !== 'Primary')];
}

export function assembleFacts(instance: SdkInstance, regionId: string, enisFromApi: SdkEni[], eip: SdkEip | undefined): InstanceFacts {
  const vpc = isVpc(instance);
  const fromSets = enisFromApi.map(eniFromSet).filter((e): e is EniFacts => !!e);
  const fromInstance = (instance.networkInterfaces?.networkInterface ?? []).map(eniFromInstance).filter((e): e is EniFacts => !!e);
  const enis = orderEnis(fromSets.length ? fromSets : fromInstance);
  // IPv6 of the primary ENI may be only in DescribeInstances (AdditionalAttributes=NETWORK_PRIMARY_ENI_IP).
  const ipv6 = unique([...enis.flatMap((e) => e.ipv6), ...fromInstance.flatMap((e) => e.ipv6)]);

  const instancePrimary = vpc ? texts(instance.vpcAttributes?.privateIpAddress?.ipAddress) : texts(instance.innerIpAddress?.ipAddress);
  const privateIps = unique([
    ...(enis[0]?.type === 'Primary' && enis[0].primaryIp ? [enis[0].primaryIp] : []),
    ...instancePrimary,
    ...enis.flatMap((e) => e.privateIps),
  ]);

  return {
    instanceId: text(instance.instanceId) ?? '',
    regionId: text(instance.regionId) ?? regionId,
    zoneId: text(instance.zoneId) ?? '',
    networkType: vpc ? 'vpc' : 'classic',
    status: text(instance.status) ?? '',
    instanceChargeType: text(instance.instanceChargeType) ?? '',
    internetMaxBandwidthOut: number(instance.internetMaxBandwidthOut) ?? 0,
    internetMaxBandwidthIn: number(instance.internetMaxBandwidthIn) ?? 0,
    creationTime: text(instance.creationTime) ?? '',
    operationLocks: texts((instance.operationLocks?.lockReason ?? []).map((l) => l.lockReason)),
    privateIps,
    ipv6,
    enis,
    ...optional({
      name: text(instance.instanceName),
      instanceType: text(instance.instanceType),
      ioOptimized: typeof instance.ioOptimized === 'boolean' ? instance.ioOptimized : undefined,
      vpcId: vpc ? text(instance.vpcAttributes?.vpcId) : undefined,
      vSwitchId: vpc ? text(instance.vpcAttributes?.vSwitchId) : undefined,
      stoppedMode: text(instance.stoppedMode),
      internetChargeType: text(instance.internetChargeType),
      expiredTime: text(instance.expiredTime),
      publicIp: publicIpOf(instance, eip),
      securityGroupIds: nonEmpty(unique(texts(instance.securityGroupIds?.securityGroupId))),
    }),
  };
}
