/**
 * src/cloud: read-only facts about one ECS instance from the ECS and VPC APIs (official SDK), and the
 * errors that can come instead. The public surface:
 *
 *   createCloudClient(env, opts?) → { describeInstance(instanceId, regionId): Promise<FetchedFacts>,
 *                                     describeSecurityGroups(instanceFacts): Promise<FetchedSecurityGroups> }
 *   CloudError { code, messages: { zh, en }, requestId?, apiCode?, action? }
 *   isValidInstanceId / isValidRegionId, regionFromEnv, checkCloudEnv (start-up check of the variables)
 *   RAM_POLICY: the minimal policy, as JSON text, for messages and docs
 */
export { createCloudClient, READ_ACTIONS, type CloudCallEvent, type CloudClient, type CloudClientOptions, type SecurityGroupsOf } from './ecs.js';
export { CloudError, type CloudErrorCode } from './errors.js';
export type { EniFacts, FetchedFacts, FetchedSecurityGroups, InstanceFacts, PublicIpFacts, SecurityGroupFacts, SecurityGroupRuleFacts } from './facts.js';
export { checkCloudEnv, INSTANCE_ID_PATTERN, isValidInstanceId, isValidRegionId, REGION_ID_PATTERN, regionFromEnv } from './validate.js';
export { RAM_POLICY } from './policy.js';
