/**
 * Names the knowledge files may refer to, kept apart from the zod schemas so that the fast path (a CLI call
 * reading validated files from the cache) and the commands can use them without loading zod.
 */

/** Commands an entry may point to when the command answers its question better (and runbook steps may run). */
export const COMMAND_NAMES = ['/ecs-bw', '/ecs-subnet', '/ecs-ptr', '/ecs-canswap', '/ecs-ask', '/ecs-instance', '/ecs-triage'] as const;

/** The verdicts the instance command gives, each a ruleset in knowledge/rules; runbooks may check them. */
export const INSTANCE_VERDICTS = ['canswap', 'convert-eip', 'private-ip', 'eni', 'ipv6'] as const;
export type InstanceVerdictId = (typeof INSTANCE_VERDICTS)[number];
