/** Every user-facing string of the `triage` command. */
export const triageStrings = {
  summary: {
    zh: '按症状找到排障手册并逐步检查；给出实例ID时用实时事实（ECS API）检查每一步',
    en: 'Find the runbook for a symptom and walk its steps; with an instance ID, each step is checked against live facts (ECS API)',
  },
  usage: {
    zh: 'ecs-netbot triage <症状描述 | 手册id> [实例ID] [--region cn-hangzhou] [--json]\n症状用自己的话写即可，例如“网站外网访问不了”；也可以直接写手册id。\n不给实例ID时，需要实例事实的步骤标为“未知”。',
    en: 'ecs-netbot triage <symptom | runbook-id> [instance-id] [--region cn-hangzhou] [--json]\nDescribe the symptom in your own words, e.g. "website unreachable from the internet", or give a runbook id.\nWithout an instance ID, steps that need the instance\'s facts are marked unknown.',
  },
  examples: {
    zh: ['ecs-netbot triage 网站外网访问不了 i-bp67acfmxazb4ph7ts1q --region cn-hangzhou', 'ecs-netbot triage mail-rejected-ptr i-bp67acfmxazb4ph7ts1q', 'ecs-netbot triage 辅助网卡在系统里没有IP'],
    en: ['ecs-netbot triage "website unreachable from the internet" i-bp67acfmxazb4ph7ts1q --region cn-hangzhou', 'ecs-netbot triage mail-rejected-ptr i-bp67acfmxazb4ph7ts1q', 'ecs-netbot triage "secondary eni has no ip in the os"'],
  },

  // ---- arguments ----
  missingSymptom: {
    zh: '请描述症状或给出手册id。可用的手册：\n{list}\n例如：ecs-netbot triage 网站外网访问不了 i-bp67acfmxazb4ph7ts1q --region cn-hangzhou',
    en: 'Describe the symptom or give a runbook id. Runbooks:\n{list}\nExample: ecs-netbot triage "website unreachable from the internet" i-bp67acfmxazb4ph7ts1q --region cn-hangzhou',
  },
  noRunbook: {
    zh: '没有与“{text}”对应的排障手册。可用的手册（可直接写id）：\n{list}\n例如：ecs-netbot triage {example} i-bp67acfmxazb4ph7ts1q --region cn-hangzhou',
    en: 'No runbook matches "{text}". Runbooks (their id works too):\n{list}\nExample: ecs-netbot triage {example} i-bp67acfmxazb4ph7ts1q --region cn-hangzhou',
  },
  listItem: { zh: '{id}：{title}', en: '{id}: {title}' },
  tooManyInstances: {
    zh: '一次只能检查一台实例，收到了 {ids}。例如：ecs-netbot triage mail-rejected-ptr i-bp67acfmxazb4ph7ts1q',
    en: 'One instance at a time; got {ids}. Example: ecs-netbot triage mail-rejected-ptr i-bp67acfmxazb4ph7ts1q',
  },
  regionWithoutInstance: {
    zh: '--region 只在给出实例ID时有用，例如：ecs-netbot triage mail-rejected-ptr i-bp67acfmxazb4ph7ts1q --region cn-hangzhou',
    en: '--region only goes with an instance ID, e.g. ecs-netbot triage mail-rejected-ptr i-bp67acfmxazb4ph7ts1q --region cn-hangzhou',
  },

  // ---- steps ----
  needInstance: { zh: '给出实例ID即可检查这一步。', en: 'Give an instance ID to check this.' },
  liveFactsMissing: { zh: '需要实例的实时事实，这次没有读到（见上）。', en: "Needs the instance's live facts, which could not be read (see above)." },
  factMissing: { zh: '实例信息里没有 {facts}，无法检查。', en: 'The instance facts do not include {facts}, so this cannot be checked.' },
  noValue: { zh: '这台实例没有 {fact}，无法运行 {command}。', en: 'This instance has no {fact}, so {command} cannot run.' },
  verdictLine: {
    yes: { zh: '{title}：可以', en: '{title}: yes' },
    no: { zh: '{title}：不可以', en: '{title}: no' },
    unknown: { zh: '{title}：还不能确定', en: '{title}: cannot tell yet' },
  },
  ran: { zh: '运行 {command}：', en: 'Ran {command}: ' },
  commandFailed: { zh: '{command} 没有结果：{message}', en: '{command} gave no result: {message}' },

  // ---- output ----
  matchedById: { zh: '排障手册 {id}', en: 'Runbook {id}' },
  matchedBySymptom: { zh: '排障手册 {id}（与“{phrase}”相符，得分 {score}）', en: 'Runbook {id} (matched "{phrase}", score {score})' },
  instanceLine: {
    zh: '实例 {id}（{region}）：事实来自 ECS API，{seconds} 秒前获取{cached}（RequestId {requestId}）',
    en: 'Instance {id} ({region}): facts from the ECS API, fetched {seconds} s ago{cached} (RequestId {requestId})',
  },
  cached: { zh: '（缓存）', en: ' (cached)' },
  noCredentials: {
    zh: '没有阿里云访问凭证，需要实例实时事实的步骤标为“未知”。配置任一种即可：环境变量 ALIBABA_CLOUD_ACCESS_KEY_ID 和 ALIBABA_CLOUD_ACCESS_KEY_SECRET、~/.alibabacloud/credentials，或在ECS上使用实例RAM角色（见 README“Live instance facts”）。',
    en: 'No Alibaba Cloud credentials, so the steps that need the instance\'s live facts are unknown. Configure one of: ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET, ~/.alibabacloud/credentials, or an instance RAM role on ECS (README: "Live instance facts").',
  },
  liveFactsFailed: {
    zh: '读不到实例 {id} 的实时事实，需要它们的步骤标为“未知”：{message}',
    en: 'Could not read the live facts of {id}, so the steps that need them are unknown: {message}',
  },
  noInstance: { zh: '没有给出实例ID：需要实例事实的步骤标为“未知”。', en: 'No instance ID given: steps that need the instance\'s facts are marked unknown.' },
  summaryLine: { zh: '通过 {pass}，未通过 {fail}，未知 {unknown}，说明 {info}', en: '{pass} passed, {fail} failed, {unknown} unknown, {info} for information' },
} as const;
