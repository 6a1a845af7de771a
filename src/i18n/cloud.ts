import type { Bilingual } from './lang.js';

/**
 * Every user-facing string of src/cloud (the ECS API layer): one per CloudError code, plus the pieces they
 * share. Placeholders: {instanceId}, {region}, {action}, {apiCode}, {requestId}, {detail}, {tried},
 * {authAction}, {seconds}, {endpoint}, {variable}. The RequestId and Alibaba Cloud's code are appended by
 * the error itself, so every message stays a sentence a person can act on.
 */
export const cloudStrings = {
  // ---- before any call ----
  bad_instance_id: {
    zh: '"{instanceId}" 不是ECS实例ID。实例ID以 i- 开头，后面是小写字母和数字，例如 i-bp67acfmxazb4ph7ts1q（在控制台实例列表或 DescribeInstances 中可以看到）。',
    en: '"{instanceId}" is not an ECS instance ID. Instance IDs start with i- followed by lowercase letters and digits, e.g. i-bp67acfmxazb4ph7ts1q (shown in the console\'s instance list or by DescribeInstances).',
  },
  bad_region: {
    zh: '"{region}" 不是地域ID。地域ID形如 cn-hangzhou、cn-shanghai、ap-southeast-1、us-east-1：用 --region 指定，或设置环境变量 ALIBABA_CLOUD_REGION_ID。',
    en: '"{region}" is not a region ID. Region IDs look like cn-hangzhou, cn-shanghai, ap-southeast-1, us-east-1: give one with --region or set ALIBABA_CLOUD_REGION_ID.',
  },
  bad_endpoint: {
    zh: '环境变量 {variable} 的值 "{endpoint}" 不可用：请写 主机[:端口]（用HTTPS），或完整URL如 http://127.0.0.1:8080，不带路径和账号密码；不需要时不设置。',
    en: 'The {variable} value "{endpoint}" cannot be used: give host[:port] (HTTPS) or a full URL such as http://127.0.0.1:8080, with no path or user info; leave it unset when not needed.',
  },
  no_credentials: {
    zh: '找不到阿里云访问凭证（已尝试：{tried}）。任选一种配置：1) 环境变量 ALIBABA_CLOUD_ACCESS_KEY_ID 和 ALIBABA_CLOUD_ACCESS_KEY_SECRET（STS临时凭证再加 ALIBABA_CLOUD_SECURITY_TOKEN）；2) 在 ~/.alibabacloud/credentials 中写 [default] 配置（type = access_key、access_key_id、access_key_secret）；3) 在ECS实例上运行时为实例授予RAM角色（实例RAM角色）。建议使用只有只读权限的RAM用户或角色。',
    en: 'No Alibaba Cloud credentials found (tried: {tried}). Configure one of: 1) the environment variables ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET (plus ALIBABA_CLOUD_SECURITY_TOKEN for STS credentials); 2) a [default] profile in ~/.alibabacloud/credentials (type = access_key, access_key_id, access_key_secret); 3) when running on ECS, a RAM role attached to the instance (instance RAM role). Use a RAM user or role with read-only permissions.',
  },
  no_credentials_timeout: {
    zh: '在 {seconds} 秒内没有取得阿里云访问凭证（已尝试：{tried}；实例元数据服务可能不可达）。任选一种配置：环境变量 ALIBABA_CLOUD_ACCESS_KEY_ID 和 ALIBABA_CLOUD_ACCESS_KEY_SECRET；或 ~/.alibabacloud/credentials 的 [default] 配置；或在ECS实例上使用实例RAM角色。不在ECS上运行时，设置 ALIBABA_CLOUD_ECS_METADATA_DISABLED=true 可跳过元数据服务。',
    en: 'No Alibaba Cloud credentials within {seconds} s (tried: {tried}; the instance metadata service may be unreachable). Configure one of: the environment variables ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET; a [default] profile in ~/.alibabacloud/credentials; or, on ECS, an instance RAM role. When not running on ECS, set ALIBABA_CLOUD_ECS_METADATA_DISABLED=true to skip the metadata service.',
  },

  // ---- answers from the API ----
  invalid_access_key: {
    zh: '阿里云不认识这个AccessKey，或它已被禁用/STS凭证已过期：请在RAM控制台检查AccessKey是否存在且为启用状态，或换一个有效的凭证。',
    en: 'Alibaba Cloud does not know this AccessKey, or it is disabled, or the STS token has expired: check in the RAM console that the AccessKey exists and is active, or use valid credentials.',
  },
  signature_mismatch: {
    zh: '请求签名不匹配：AccessKey Secret 与 AccessKey ID 不对应（常见于复制时多了空格或换行）。请重新复制 Secret；若用了代理，确认它没有改写请求。',
    en: 'The request signature does not match: the AccessKey secret does not belong to this AccessKey ID (often a stray space or newline when it was copied). Copy the secret again; if a proxy is in the way, make sure it does not rewrite requests.',
  },
  forbidden: {
    zh: '当前凭证没有调用 {action} 的权限{authAction}。请给这个RAM用户或角色授予最小只读策略：ecs:DescribeInstances、ecs:DescribeNetworkInterfaces、vpc:DescribeEipAddresses、ecs:DescribeSecurityGroupAttribute（Resource "*"），或系统策略 AliyunECSReadOnlyAccess 加 AliyunVPCReadOnlyAccess。',
    en: 'These credentials may not call {action}{authAction}. Grant the RAM user or role the minimal read-only policy: ecs:DescribeInstances, ecs:DescribeNetworkInterfaces, vpc:DescribeEipAddresses, ecs:DescribeSecurityGroupAttribute (Resource "*"), or the system policies AliyunECSReadOnlyAccess plus AliyunVPCReadOnlyAccess.',
  },
  no_permission: {
    zh: '在 {region} 查不到实例 {instanceId}，而且试运行（DryRun）表明当前凭证没有 ecs:DescribeInstances 权限：没有权限时阿里云返回空列表，所以无法判断实例是否存在。请授予最小只读策略：ecs:DescribeInstances、ecs:DescribeNetworkInterfaces、vpc:DescribeEipAddresses、ecs:DescribeSecurityGroupAttribute（Resource "*"）。',
    en: 'Instance {instanceId} was not listed in {region}, and a dry run shows these credentials lack ecs:DescribeInstances: without permission Alibaba Cloud answers with an empty list, so whether the instance exists cannot be told. Grant the minimal read-only policy: ecs:DescribeInstances, ecs:DescribeNetworkInterfaces, vpc:DescribeEipAddresses, ecs:DescribeSecurityGroupAttribute (Resource "*").',
  },
  not_found: {
    zh: '在地域 {region} 中没有实例 {instanceId}（凭证有查询权限）。请核对实例ID和地域（实例ID在控制台实例列表中，地域用 --region 指定）；若RAM策略按资源限制了范围，确认它包含这个实例。',
    en: 'There is no instance {instanceId} in region {region} (the credentials may list instances). Check the instance ID and the region (the ID is in the console\'s instance list; give the region with --region); if your RAM policy is limited to some resources, make sure it covers this instance.',
  },
  throttled: {
    zh: '阿里云API限流，重试后仍被拒绝：请稍等一分钟再试；同一账号下其他程序也在频繁调用时更容易出现。',
    en: 'Alibaba Cloud is throttling API calls and still refused after retries: wait a minute and try again; this happens more often when other programs on the same account call the API heavily.',
  },
  clock_skew: {
    zh: '阿里云拒绝了请求时间戳：运行机器人的这台机器时钟偏差太大（超过15分钟）。请开启NTP时间同步（如 chronyd 或 systemd-timesyncd）后再试。',
    en: 'Alibaba Cloud refused the request time: the clock of the machine running the bot is off by more than 15 minutes. Turn on NTP time sync (e.g. chronyd or systemd-timesyncd) and try again.',
  },
  timeout: {
    zh: '调用 {action} 超时（{detail}）：阿里云API在时限内没有应答。请稍后再试；若总是超时，检查这台机器到 {endpoint} 的网络（防火墙、代理）。',
    en: 'Calling {action} timed out ({detail}): the Alibaba Cloud API did not answer in time. Try again later; if it keeps timing out, check this machine\'s network path to {endpoint} (firewall, proxy).',
  },
  connection_refused: {
    zh: '连不上阿里云API {endpoint}（{detail}）：请检查这台机器的DNS和出网访问、地域 {region} 是否正确，以及 NETBOT_ECS_ENDPOINT / NETBOT_VPC_ENDPOINT 是否设置错了。',
    en: 'Cannot reach the Alibaba Cloud API at {endpoint} ({detail}): check this machine\'s DNS and outbound access, that region {region} is right, and that NETBOT_ECS_ENDPOINT / NETBOT_VPC_ENDPOINT are not set wrongly.',
  },
  service_unavailable: {
    zh: '阿里云API暂时不可用（{action}），重试后仍失败：请过几分钟再试，并可在阿里云状态页查看是否有服务事件。',
    en: 'The Alibaba Cloud API is temporarily unavailable ({action}) and still failed after retries: try again in a few minutes, and check Alibaba Cloud\'s status page for service events.',
  },
  api_error: {
    zh: '调用 {action} 时阿里云返回错误：{detail}。请根据错误码查阅API文档或在阿里云OpenAPI诊断中用请求ID排查。',
    en: 'Alibaba Cloud answered {action} with an error: {detail}. Look the code up in the API documentation, or use the RequestId in Alibaba Cloud\'s OpenAPI troubleshooting.',
  },

  // ---- shared pieces ----
  authAction: { zh: '（缺少 {authAction}）', en: ' (missing {authAction})' },
  suffixCode: { zh: '阿里云错误码 {apiCode}', en: 'Alibaba Cloud code {apiCode}' },
  suffixRequestId: { zh: '请求ID {requestId}', en: 'RequestId {requestId}' },
  readTimeout: { zh: '{seconds} 秒内未读完应答', en: 'no complete answer within {seconds} s' },
  connectTimeout: {
    zh: '{seconds} 秒内未连上或连接无数据',
    en: 'no connection, or a silent connection, within {seconds} s',
  },
  noCode: { zh: '无法解析的应答', en: 'an answer that could not be read' },
} satisfies Record<string, Bilingual>;
