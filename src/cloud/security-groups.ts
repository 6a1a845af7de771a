/**
 * DescribeSecurityGroupAttribute's answers (the SDK's camelCase model) → SecurityGroupFacts. Pure: no calls.
 * Pages of one group, and the Internet and intranet answers of a classic-network group, are merged into one.
 */
import type {
  DescribeSecurityGroupAttributeResponseBody as SdkGroup,
  DescribeSecurityGroupAttributeResponseBodyPermissionsPermission as SdkRule,
} from '@alicloud/ecs20140526';
import type { InstanceFacts, SecurityGroupFacts, SecurityGroupRuleFacts } from './facts.js';

export type { SdkGroup };

/** Security group ids: `sg-` and lowercase letters and digits (anything else is never sent). */
export const SECURITY_GROUP_ID_PATTERN = /^sg-[a-z0-9]{6,40}$/;
/** The most groups one lookup reads: an ENI has at most 10; a few ENIs' worth. */
export const MAX_GROUPS = 20;

const text = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() ? value.trim() : undefined);

/** Priority as a number: the API writes a string ("1"); the documented default is 1. */
function priorityOf(value: unknown): number {
  const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() ? Number(value) : NaN;
  return Number.isInteger(n) && n >= 1 ? n : 1;
}

export function ruleFacts(rule: SdkRule): SecurityGroupRuleFacts {
  const fields = {
    securityGroupRuleId: text(rule.securityGroupRuleId),
    portRange: text(rule.portRange),
    portRangeListId: text(rule.portRangeListId),
    sourceCidrIp: text(rule.sourceCidrIp),
    ipv6SourceCidrIp: text(rule.ipv6SourceCidrIp),
    sourceGroupId: text(rule.sourceGroupId),
    sourceGroupOwnerAccount: text(rule.sourceGroupOwnerAccount),
    sourcePrefixListId: text(rule.sourcePrefixListId),
    sourcePortRange: text(rule.sourcePortRange),
    destCidrIp: text(rule.destCidrIp),
    ipv6DestCidrIp: text(rule.ipv6DestCidrIp),
    destGroupId: text(rule.destGroupId),
    destPrefixListId: text(rule.destPrefixListId),
    nicType: text(rule.nicType),
    description: text(rule.description),
  };
  const defined = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
  return { direction: text(rule.direction) ?? '', ipProtocol: text(rule.ipProtocol) ?? '', policy: text(rule.policy) ?? 'Accept', priority: priorityOf(rule.priority), ...defined };
}

/** One group from its answers (pages; for a classic group, one set per NicType). */
export function groupFacts(id: string, answers: readonly SdkGroup[]): SecurityGroupFacts {
  const first = answers[0];
  const seen = new Set<string>();
  const rules: SecurityGroupRuleFacts[] = [];
  for (const answer of answers) {
    for (const sdkRule of answer.permissions?.permission ?? []) {
      const rule = ruleFacts(sdkRule);
      // A rule listed twice (a page boundary, or both NicType answers) counts once.
      const key = rule.securityGroupRuleId ?? JSON.stringify(rule);
      if (seen.has(key)) continue;
      seen.add(key);
      rules.push(rule);
    }
  }
  const name = text(first?.securityGroupName);
  const vpcId = text(first?.vpcId);
  const innerAccessPolicy = text(first?.innerAccessPolicy);
  return { id, ...(name ? { name } : {}), ...(vpcId ? { vpcId } : {}), ...(innerAccessPolicy ? { innerAccessPolicy } : {}), rules };
}

/** The security groups of an instance and of every ENI, each once, primary first; valid ids only, at most MAX_GROUPS. */
export function securityGroupIdsOf(instance: Pick<InstanceFacts, 'securityGroupIds' | 'enis'>): string[] {
  const all = [...(instance.securityGroupIds ?? []), ...instance.enis.flatMap((e) => e.securityGroupIds ?? [])];
  return [...new Set(all)].filter((id) => SECURITY_GROUP_ID_PATTERN.test(id)).slice(0, MAX_GROUPS);
}
