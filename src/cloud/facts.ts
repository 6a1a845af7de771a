import type { SgRuleInput } from '../net/security-group.js';

/**
 * What the bot knows about one ECS instance, read from the ECS and VPC APIs: camelCase, only the networking
 * and billing facts the commands reason about, values as the API gives them (no verdicts here).
 */

/** One elastic network interface (ENI) attached to the instance. */
export interface EniFacts {
  id: string;
  /** Primary: the instance's own ENI; anything else (Secondary, Trunk, Member) is reported as Secondary. */
  type: 'Primary' | 'Secondary';
  primaryIp: string;
  /** Every private IPv4 of this ENI, its primary first. */
  privateIps: string[];
  ipv6: string[];
  macAddress?: string;
  vSwitchId?: string;
  status?: string;
  /** The security groups of this ENI (DescribeNetworkInterfaces' SecurityGroupIds), when the API lists them. */
  securityGroupIds?: string[];
}

/** The public IPv4 the instance is reached at: a system-assigned (NAT) public IP or a bound EIP. */
export interface PublicIpFacts {
  address: string;
  kind: 'NatPublicIp' | 'EIP';
  /** The EIP's allocation id (eip-…); EIP only. */
  allocationId?: string;
  /** The EIP's own billing (PostPaid | PrePaid), from DescribeEipAddresses; EIP only. */
  chargeType?: string;
  /** PayByTraffic | PayByBandwidth: the EIP's for an EIP, the instance's for a NAT public IP. */
  internetChargeType?: string;
  /** Mbps: the EIP's bandwidth, or the instance's InternetMaxBandwidthOut for a NAT public IP. */
  bandwidth?: number;
}

export interface InstanceFacts {
  instanceId: string;
  name?: string;
  regionId: string;
  zoneId: string;
  instanceType?: string;
  /** Whether the instance is I/O optimized (ENIs need it), when the API says. */
  ioOptimized?: boolean;
  networkType: 'vpc' | 'classic';
  vpcId?: string;
  vSwitchId?: string;
  /** Running | Stopped | Starting | Stopping | Pending */
  status: string;
  /** KeepCharging | StopCharging | Not-applicable */
  stoppedMode?: string;
  /** PrePaid | PostPaid */
  instanceChargeType: string;
  /** PayByTraffic | PayByBandwidth */
  internetChargeType?: string;
  /** Mbps as the API gives them. */
  internetMaxBandwidthOut: number;
  internetMaxBandwidthIn: number;
  /** ISO strings as the API gives them (e.g. 2026-11-26T08:00Z). */
  creationTime: string;
  expiredTime?: string;
  /** LockReason values (financial, security, recycling, …). */
  operationLocks: string[];
  /** The primary private IP first, then the secondary ones, across ENIs (primary ENI first). */
  privateIps: string[];
  publicIp?: PublicIpFacts;
  ipv6: string[];
  enis: EniFacts[];
  /** The instance's security groups (those of its primary ENI, DescribeInstances' SecurityGroupIds), when listed. */
  securityGroupIds?: string[];
}

export interface FetchedFacts {
  instance: InstanceFacts;
  /** When the API was called for these facts (the first call, for a cached answer). */
  fetchedAt: Date;
  /** The DescribeInstances RequestId, for a ticket. */
  requestId: string;
  /** True when no API call was made for this answer (a cached answer, or one shared with a call in flight). */
  fromCache: boolean;
}

/** How old the facts are at `at`, in whole seconds (never negative): every reply says so. */
export const secondsSinceFetched = (fetched: Pick<FetchedFacts, 'fetchedAt'>, at: Date): number =>
  Math.max(0, Math.round((at.getTime() - fetched.fetchedAt.getTime()) / 1000));

/**
 * One security-group rule, as DescribeSecurityGroupAttribute gives it (camelCase, strings as the API writes
 * them: Direction ingress|egress, IpProtocol TCP|UDP|ICMP|ICMPv6|GRE|ALL, PortRange "80/80" or "-1/-1",
 * Policy Accept|Drop); Priority as a number (1–100, 1 first). Empty fields are left out. The fields the
 * evaluator reads are its own input type; the rest are shown, never judged.
 */
export interface SecurityGroupRuleFacts extends SgRuleInput {
  sourceGroupOwnerAccount?: string;
  description?: string;
}

export interface SecurityGroupFacts {
  id: string;
  name?: string;
  /** Set for a VPC group, absent for a classic-network one. */
  vpcId?: string;
  /** Accept | Drop: whether instances of the group reach each other without a rule. */
  innerAccessPolicy?: string;
  /** Both directions; for a classic-network group, Internet and intranet rules alike (see nicType). */
  rules: SecurityGroupRuleFacts[];
}

export interface FetchedSecurityGroups {
  groups: SecurityGroupFacts[];
  /** When the API was called (the first call, for a cached answer). */
  fetchedAt: Date;
  /** The RequestId of each call made (or cached), for a ticket. */
  requestIds: string[];
  /** True when no API call was made for this answer. */
  fromCache: boolean;
}
