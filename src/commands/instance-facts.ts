import type { InstanceFacts } from '../cloud/facts.js';
import type { Facts, Ruleset } from '../rules/engine.js';

/** An API time ("2026-11-30T08:00Z") as epoch ms, or undefined when it cannot be read. */
export function apiTimeMs(value: string | undefined): number | undefined {
  if (!value) return undefined;
  const ms = Date.parse(value);
  return Number.isFinite(ms) ? ms : undefined;
}

/** Minutes since creation (whole, never negative), or undefined when the creation time is unreadable. */
export function ageMinutesOf(instance: Pick<InstanceFacts, 'creationTime'>, now: Date): number | undefined {
  const created = apiTimeMs(instance.creationTime);
  return created === undefined ? undefined : Math.max(0, Math.floor((now.getTime() - created) / 60000));
}

/** Hours until a subscription instance expires, floored to 0.1 h (never rounded across a limit); else undefined. */
export function hoursToExpiryOf(instance: Pick<InstanceFacts, 'instanceChargeType' | 'expiredTime'>, now: Date): number | undefined {
  if (instance.instanceChargeType !== 'PrePaid') return undefined;
  const expires = apiTimeMs(instance.expiredTime);
  return expires === undefined ? undefined : Math.floor(((expires - now.getTime()) / 3600000) * 10) / 10;
}

const BILLING: Record<string, 'prepaid' | 'postpaid'> = { PrePaid: 'prepaid', PostPaid: 'postpaid' };

/**
 * The instance as the rules engine sees it: the vocabulary declared in knowledge/rules/instance.yaml (a test
 * holds the two together). Values the API did not give stay undefined, so checks that need them are
 * unknown, never guessed. Facts the API never gives (swaps, eniLimit, ipv6TypeSupported, typeChangePending)
 * are not set here.
 */
export function instanceRuleFacts(instance: InstanceFacts, now: Date): Facts {
  const ageMinutes = ageMinutesOf(instance, now);
  const publicIp = instance.publicIp?.kind === 'EIP' ? 'eip' : instance.publicIp?.kind === 'NatPublicIp' ? 'nat' : 'none';
  const outbound = instance.internetMaxBandwidthOut;
  const effective = publicIp === 'eip' ? (instance.publicIp?.bandwidth ?? outbound) : outbound;
  const status = instance.status ? instance.status.toLowerCase() : undefined;
  return {
    network: instance.networkType,
    status,
    stoppedMode: instance.stoppedMode,
    billing: BILLING[instance.instanceChargeType],
    internetChargeType: instance.internetChargeType,
    publicIp,
    publicIpAddress: instance.publicIp?.address,
    outboundMbps: outbound,
    inboundMbps: instance.internetMaxBandwidthIn,
    publicBandwidthMbps: effective,
    ageMinutes,
    ageHours: ageMinutes === undefined ? undefined : Math.floor((ageMinutes / 60) * 10) / 10,
    hoursToExpiry: hoursToExpiryOf(instance, now),
    locked: instance.operationLocks.length > 0,
    lockReasons: instance.operationLocks.join(', '),
    financialLock: instance.operationLocks.includes('financial'),
    ipv6Count: instance.ipv6.length,
    eniCount: instance.enis.length,
    secondaryEniCount: instance.enis.filter((e) => e.type === 'Secondary').length,
    privateIpCount: instance.privateIps.length,
    ioOptimized: instance.ioOptimized,
    instanceType: instance.instanceType,
    zoneId: instance.zoneId || undefined,
    vpcId: instance.vpcId,
    vSwitchId: instance.vSwitchId,
  };
}

/** The facts one ruleset declares, out of a larger set (each verdict reads only its own). */
export function factsFor(ruleset: Ruleset, facts: Facts): Facts {
  return Object.fromEntries(Object.keys(ruleset.spec.facts).filter((name) => facts[name] !== undefined).map((name) => [name, facts[name]]));
}
