/** Every user-facing string of the `triage` command. */
export const triageStrings = {
  summary: {
    zh: '按症状找到排障手册并逐步检查；给出实例ID时用实时事实（ECS API）检查每一步',
    en: 'Find the runbook for a symptom and walk its steps; with an instance ID, each step is checked against live facts (ECS API)',
  },
  usage: {
    zh: 'ecs-netbot triage <症状描述 | 手册id> [实例ID] [--region cn-hangzhou] [--port 8080] [--from 203.0.113.0/24] [--peer i-…|sg-…|IP] [--json]\n症状用自己的话写即可，例如“网站外网访问不了”；也可以直接写手册id。\n不给实例ID时，需要实例事实的步骤标为“未知”。\n安全组检查（网站、内网、IPv6 手册）：端口取自 --port 或消息里的“8080”“443端口”“ping”；--from 是访问方的网段；--peer（或消息里的第二个实例ID）是内网的另一端。',
    en: 'ecs-netbot triage <symptom | runbook-id> [instance-id] [--region cn-hangzhou] [--port 8080] [--from 203.0.113.0/24] [--peer i-…|sg-…|IP] [--json]\nDescribe the symptom in your own words, e.g. "website unreachable from the internet", or give a runbook id.\nWithout an instance ID, steps that need the instance\'s facts are marked unknown.\nSecurity-group checks (website, intranet and IPv6 runbooks): the port comes from --port or the message ("8080", "port 443", "ping"); --from is the caller\'s range; --peer (or a second instance ID in the message) is the other end of intranet traffic.',
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

  // ---- security-group checks (their options, and what a step says) ----
  badPort: {
    zh: '“{value}”不是端口：端口是 1 到 65535 的整数（最多 5 个，逗号分隔），或 ping。例如：--port 8080、--port 80,443、“443端口”。',
    en: '"{value}" is not a port: a port is a whole number from 1 to 65535 (up to 5, comma-separated), or ping. E.g. --port 8080, --port 80,443, "port 443".',
  },
  badFrom: {
    zh: '“{value}”不是IP地址或网段：--from 写访问方的地址或网段，例如 --from 203.0.113.7 或 --from 203.0.113.0/24（IPv6 如 2408:4321::/32）。',
    en: '"{value}" is not an address or CIDR block: --from takes the caller\'s address or range, e.g. --from 203.0.113.7 or --from 203.0.113.0/24 (IPv6: 2408:4321::/32).',
  },
  badPeer: {
    zh: '“{value}”不是实例ID、安全组ID或IP地址：--peer 写内网另一端，例如 --peer i-bp1peer0000000000001、--peer sg-bp1abcdefgh12345678 或 --peer 172.16.0.20。',
    en: '"{value}" is not an instance ID, security group ID or address: --peer names the other end of the intranet traffic, e.g. --peer i-bp1peer0000000000001, --peer sg-bp1abcdefgh12345678 or --peer 172.16.0.20.',
  },
  optionUnused: {
    zh: '{option} 用于安全组检查，手册 {id} 没有这一步；有安全组检查的手册：{ids}。',
    en: '{option} is for security-group checks, and runbook {id} has none; runbooks with one: {ids}.',
  },
  sgNeedInstance: { zh: '给出实例ID即可读取它的安全组规则并检查：{services}。', en: 'Give an instance ID to read its security group rules and check: {services}.' },
  sgNoGroups: { zh: 'API 没有列出这台实例的安全组，无法检查规则。', en: 'The API lists no security group for this instance, so its rules cannot be checked.' },
  sgReadFailed: { zh: '读取安全组规则失败，这一步无法检查：{message}', en: 'Reading the security group rules failed, so this cannot be checked: {message}' },
  sgGroups: { zh: '安全组 {groups}（{count} 条规则，{seconds} 秒前读取{cached}）。', en: 'Security groups {groups} ({count} rules, read {seconds} s ago{cached}).' },
  sgDefaultPorts: {
    zh: '消息里没有写端口，检查了 {services}；要查别的端口请写出来（如“8080端口”或 --port 8080）。',
    en: 'No port named, so {services} were checked; name yours to check it ("port 8080" or --port 8080).',
  },
  sgAskPort: {
    zh: '请写出要检查的端口（如“3306端口”、“ping不通”或 --port 3306）。',
    en: 'Name the port to check ("port 3306", "ping fails", or --port 3306).',
  },
  sgTcp: { zh: 'TCP {port}', en: 'TCP {port}' },
  sgPing: { zh: 'ping（{protocol}）', en: 'ping ({protocol})' },
  sgLine: { zh: '{service}，来自 {from}：{verdict}{why}', en: '{service} from {from}: {verdict}{why}' },
  sgLineOut: { zh: '{service}，发往 {to}：{verdict}{why}', en: '{service} to {to}: {verdict}{why}' },
  sgVerdict: {
    allow: { zh: '放行', en: 'allowed' },
    deny: { zh: '不放行', en: 'blocked' },
    partial: { zh: '只放行一部分', en: 'allowed only in part' },
    unknown: { zh: '无法确定', en: 'cannot tell' },
  },
  sgSpan: { zh: '{outcome}{part}（{by}）', en: '{outcome}{part} ({by})' },
  sgPart: { zh: ' {cidrs}', en: ' for {cidrs}' },
  sgRest: { zh: ' 其余地址', en: ' for the rest' },
  sgOneWay: { zh: '只有一个方向放行：{from} → {to}。', en: 'Open one way only: {from} → {to}.' },
  sgMixedDefaults: { zh: '有的端口放行、有的不放行：看网站实际用的是哪个端口。', en: 'Some ports are open and some are not: it depends on the port the site uses.' },
  sgMixedDefaultsOut: {
    zh: '有的端口可以出去、有的不行：看实例要连的是对方哪个端口。',
    en: 'Some ports may go out and some may not: it depends on the port the instance connects to.',
  },
  sgRule: {
    zh: '{group} 的规则 {rule}：{policy} {protocol} {ports}，{remote}，优先级 {priority}',
    en: '{group} rule {rule}: {policy} {protocol} {ports}, {remote}, priority {priority}',
  },
  sgRemoteFrom: { zh: '源 {remote}', en: 'from {remote}' },
  sgRemoteTo: { zh: '目的 {remote}', en: 'to {remote}' },
  sgUndecidable: { zh: '{rule}，仅凭规则无法判断：{why}', en: '{rule}, which the rules alone cannot settle: {why}' },
  sgWhy: {
    'port-list': { zh: '它引用端口列表', en: 'it uses a port list' },
    'prefix-list': { zh: '它引用前缀列表', en: 'it uses a prefix list' },
    'remote-groups-unknown': { zh: '它授权的是安全组，而对端所属安全组未知', en: 'it authorizes a security group and the other end\'s groups are not known' },
    'remote-address-unknown': { zh: '它按地址授权，而对端地址未知（用 --peer 写实例ID或IP）', en: 'it is by address and the other end\'s address is not known (give --peer an instance ID or IP)' },
    'local-address-unknown': { zh: '它是五元组规则，限定了本端地址', en: 'it is a five-tuple rule naming this end\'s address' },
    'source-port': { zh: '它限定了源端口', en: 'it limits the source port' },
    unreadable: { zh: '读不懂它的地址或端口', en: 'its address or port cannot be read' },
  },
  sgDefaultDeny: { zh: '没有规则匹配：入方向默认拒绝', en: 'no rule matches: inbound traffic is denied unless a rule allows it' },
  sgSameGroup: { zh: '同在安全组 {group}，组内互通策略为 {policy}', en: 'both in security group {group}, whose internal policy is {policy}' },
  sgSameGroupUnknown: {
    zh: '没有规则匹配；对端若与本实例同在一个组内互通（Accept）的安全组则放行，否则拒绝',
    en: 'no rule matches; allowed if the other end shares a group whose internal policy is Accept, else denied',
  },
  sgEgressDefault: {
    zh: '没有出方向规则匹配：普通安全组默认放行出方向（企业级安全组默认不放行）',
    en: 'no outbound rule matches: a basic security group allows outbound traffic by default (an enterprise group does not)',
  },
  sgShadowed: {
    zh: '放行规则 {rules} 不起作用：优先级数字越小越先生效，优先级相同时拒绝规则优先。',
    en: 'The Accept rule(s) {rules} never apply: a smaller priority number wins, and at equal priority Drop wins.',
  },
  sgFixInbound: {
    zh: '要放行，请在 {groups} 中添加入方向规则：允许 {protocol} {ports}，授权对象 {from}。',
    en: 'To open it, add an inbound rule to {groups}: Accept {protocol} {ports} from {from}.',
  },
  sgFixOutbound: {
    zh: '出方向有拒绝规则挡着：删掉或收窄它，或在 {groups} 中添加优先级数字比它小的出方向允许规则：{protocol} {ports}，目的 {to}。',
    en: 'A Drop rule blocks it outbound: remove or narrow it, or add to {groups} an outbound Accept rule with a smaller priority number than the Drop: {protocol} {ports} to {to}.',
  },
  sgFixOutboundTop: {
    zh: '出方向有优先级为 1 的拒绝规则挡着（没有允许规则能排在它前面）：删掉或收窄它，放出 {protocol} {ports}，目的 {to}。',
    en: 'A Drop rule of priority 1 blocks it outbound (no Accept can outrank it): remove or narrow it to let {protocol} {ports} to {to} out.',
  },
  sgIpv4Only: {
    zh: 'IPv4 规则放行了 {service}（0.0.0.0/0），但 IPv4 和 IPv6 的安全组规则彼此独立：还要添加授权对象为 IPv6 地址段（如 ::/0）的规则。',
    en: 'The IPv4 rules allow {service} (0.0.0.0/0), but IPv4 and IPv6 security group rules are separate: a rule with an IPv6 source (e.g. ::/0) is needed too.',
  },
  sgEni: { zh: '网卡 {eni}（{address}）', en: 'ENI {eni} ({address})' },
  sgNoIpv6Yet: { zh: '实例还没有IPv6地址：按主网卡的安全组检查。', en: 'The instance has no IPv6 address yet: checked against the primary ENI\'s security groups.' },
  sgCallerFamily: { zh: '{from} 不是 {family} 地址段，改用 {used}。', en: '{from} is not an {family} range, so {used} was used.' },
  sgIpv6Info: { zh: '实例有IPv6地址；IPv6 访问另看：', en: 'The instance has IPv6 addresses; over IPv6:' },
  sgAskPeer: {
    zh: '写出另一端才能判断两者之间的授权：--peer i-…（另一台实例）、--peer sg-…（它的安全组）或 --peer 172.16.0.20，或在消息里写出两台实例的ID。',
    en: 'Name the other end to judge the authorization between the two: --peer i-… (the other instance), --peer sg-… (its security group) or --peer 172.16.0.20, or put both instance IDs in the message.',
  },
  sgAuthorizations: { zh: '入方向按安全组授权的规则：{rules}。', en: 'Inbound rules that authorize a security group: {rules}.' },
  sgNoAuthorizations: { zh: '没有入方向规则按安全组授权。', en: 'No inbound rule authorizes another security group.' },
  sgInnerPolicy: { zh: '{group} 组内互通策略：{policy}。', en: '{group} internal policy: {policy}.' },
  sgPeerLine: { zh: '另一端：{peer}（安全组 {groups}）。', en: 'Other end: {peer} (security groups {groups}).' },
  sgPeerRange: { zh: '另一端：{peer}（所属安全组未知）。', en: 'Other end: {peer} (its security groups are not known).' },
  sgPeerGroup: { zh: '另一端：安全组 {group} 中的实例（地址未知）。', en: 'Other end: an instance in security group {group} (its address is not known).' },
  sgDirectionIn: { zh: '{peer} → 本实例：', en: '{peer} → this instance:' },
  sgDirectionOut: { zh: '本实例 → {peer}：', en: 'this instance → {peer}:' },
  sgOtherVpc: {
    zh: '另一台实例在 {peerVpc}，这台在 {vpc}：不同VPC之间安全组规则连不通，要通过高速通道互通（§2.3）。',
    en: 'The other instance is in {peerVpc}, this one in {vpc}: security group rules cannot connect different VPCs; they connect through Express Connect (§2.3).',
  },
  sgPeerFailed: { zh: '读取另一台实例 {peer} 失败：{message}', en: 'Reading the other instance {peer} failed: {message}' },
} as const;
