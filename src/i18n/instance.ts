/** Every user-facing string of the `instance` command (and the instance id / region arguments shared with canswap and triage). */
export const instanceStrings = {
  summary: {
    zh: '查询一台实例的网络事实（ECS API，只读），并判断能否换公网IP、转EIP、改私网IP、加弹性网卡、用IPv6，检查反向解析',
    en: "Look up one instance's networking facts (ECS API, read-only) and judge: change public IP, convert to EIP, change private IP, add an ENI, use IPv6; check its reverse DNS",
  },
  usage: {
    zh: 'ecs-netbot instance <实例ID> [--region cn-hangzhou] [--swaps N] [--verdict 判断] [--no-ptr] [--json]\n地域：--region，否则环境变量 ALIBABA_CLOUD_REGION_ID。只调用只读接口 DescribeInstances、DescribeNetworkInterfaces、DescribeEipAddresses。\n--swaps N：已更换公网IP的次数（API不提供，不给则判断里标为未知）；--no-ptr 不做反向解析查询；--verdict（canswap、convert-eip、private-ip、eni、ipv6）把这一项判断放在最前。',
    en: 'ecs-netbot instance <instance-id> [--region cn-hangzhou] [--swaps N] [--verdict V] [--no-ptr] [--json]\nRegion: --region, else ALIBABA_CLOUD_REGION_ID. Only the read-only DescribeInstances, DescribeNetworkInterfaces and DescribeEipAddresses are called.\n--swaps N: public IP changes made so far (the API does not say; without it the verdict marks it unknown); --no-ptr skips the reverse DNS lookup; --verdict (canswap, convert-eip, private-ip, eni, ipv6) puts that verdict first.',
  },
  examples: {
    zh: ['ecs-netbot instance i-bp67acfmxazb4ph7ts1q --region cn-hangzhou', 'ecs-netbot instance i-bp67acfmxazb4ph7ts1q --json', 'ecs-netbot instance i-bp67acfmxazb4ph7ts1q --no-ptr'],
    en: ['ecs-netbot instance i-bp67acfmxazb4ph7ts1q --region cn-hangzhou', 'ecs-netbot instance i-bp67acfmxazb4ph7ts1q --json', 'ecs-netbot instance i-bp67acfmxazb4ph7ts1q --no-ptr'],
  },

  // ---- arguments ----
  missingId: {
    zh: '需要一个实例ID（以 i- 开头），例如：ecs-netbot instance i-bp67acfmxazb4ph7ts1q --region cn-hangzhou',
    en: 'Give an instance ID (it starts with i-), e.g. ecs-netbot instance i-bp67acfmxazb4ph7ts1q --region cn-hangzhou',
  },
  tooManyArgs: {
    zh: '只能查询一台实例，收到了多余的 "{extra}"。例如：ecs-netbot instance i-bp67acfmxazb4ph7ts1q --region cn-hangzhou',
    en: 'One instance at a time; "{extra}" is one too many. Example: ecs-netbot instance i-bp67acfmxazb4ph7ts1q --region cn-hangzhou',
  },
  noRegion: {
    zh: '不知道实例在哪个地域：用 --region 指定（例如 --region cn-hangzhou），或设置环境变量 ALIBABA_CLOUD_REGION_ID=cn-hangzhou。地域ID形如 cn-hangzhou、cn-shanghai、ap-southeast-1。',
    en: 'Which region is the instance in? Give --region (e.g. --region cn-hangzhou) or set ALIBABA_CLOUD_REGION_ID=cn-hangzhou. Region IDs look like cn-hangzhou, cn-shanghai, ap-southeast-1.',
  },
  badEnvRegion: {
    zh: '环境变量 ALIBABA_CLOUD_REGION_ID 的值 "{region}" 不是地域ID（形如 cn-hangzhou、ap-southeast-1）：请改正它，或用 --region 指定。',
    en: 'ALIBABA_CLOUD_REGION_ID is "{region}", which is not a region ID (like cn-hangzhou, ap-southeast-1): fix it, or give --region.',
  },
  badVerdict: {
    zh: '--verdict 需要以下之一：{accepted}，收到 "{value}"。例如：--verdict private-ip',
    en: '--verdict takes one of: {accepted}; got "{value}". Example: --verdict private-ip',
  },
  focusNote: { zh: '你问的是：{title}', en: 'You asked about: {title}' },
  badSwaps: {
    zh: '--swaps（已更换公网IP的次数，API不提供）需要 0 到 {max} 的整数，收到 "{value}"。例如：--swaps 1',
    en: '--swaps (public IP changes made so far; the API does not say) must be a whole number from 0 to {max}, got "{value}". Example: --swaps 1',
  },
  regionWithoutInstance: {
    zh: '--region 只在给出实例ID时有用，例如：{example}',
    en: '--region only goes with an instance ID, e.g. {example}',
  },

  // ---- output ----
  title: { zh: '实例 {id}{name}（{region}）', en: 'Instance {id}{name} ({region})' },
  fetched: {
    zh: '事实来自 ECS API，{seconds} 秒前获取{cached}（RequestId {requestId}）',
    en: 'Facts from the ECS API, fetched {seconds} s ago{cached} (RequestId {requestId})',
  },
  cached: { zh: '（缓存）', en: ' (cached)' },
  fieldNetwork: { zh: '网络类型', en: 'Network' },
  fieldVpc: { zh: 'VPC / 交换机 / 可用区', en: 'VPC / vSwitch / zone' },
  fieldZone: { zh: '可用区', en: 'Zone' },
  fieldType: { zh: '实例规格', en: 'Instance type' },
  fieldStatus: { zh: '状态', en: 'Status' },
  fieldStopMode: { zh: '停机模式', en: 'Stop mode' },
  fieldBilling: { zh: '计费', en: 'Billing' },
  fieldCreated: { zh: '创建时间', en: 'Created' },
  fieldExpires: { zh: '到期时间', en: 'Expires' },
  fieldLocks: { zh: '操作锁定', en: 'Operation locks' },
  fieldPublicIp: { zh: '公网IP', en: 'Public IP' },
  fieldIpv6: { zh: 'IPv6', en: 'IPv6' },
  fieldBandwidth: { zh: '公网带宽', en: 'Public bandwidth' },
  fieldPrivateIps: { zh: '私网IP', en: 'Private IPs' },
  moreIps: { zh: '{ips} 等 {count} 个', en: '{ips} (+{count} more)' },
  network: { vpc: { zh: '专有网络（VPC）', en: 'VPC' }, classic: { zh: '经典网络', en: 'classic' } },
  stopMode: {
    KeepCharging: { zh: 'KeepCharging（停机后保留实例、继续收费，公网IP保留）', en: 'KeepCharging (kept and billed while stopped; public IP kept)' },
    StopCharging: { zh: 'StopCharging（停机不收费：系统分配的公网IP被暂时释放，§3.2）', en: 'StopCharging (not billed while stopped: the system-assigned public IP is released for the time being, §3.2)' },
    'Not-applicable': { zh: 'Not-applicable（不适用）', en: 'Not-applicable' },
  },
  billing: {
    PrePaid: { zh: 'PrePaid（包年包月）', en: 'PrePaid (subscription)' },
    PostPaid: { zh: 'PostPaid（按量付费）', en: 'PostPaid (pay-as-you-go)' },
  },
  internetCharge: {
    PayByTraffic: { zh: '公网按流量计费（PayByTraffic）', en: 'Internet billed by traffic (PayByTraffic)' },
    PayByBandwidth: { zh: '公网按固定带宽计费（PayByBandwidth）', en: 'Internet billed by fixed bandwidth (PayByBandwidth)' },
  },
  age: { zh: '{created}（{age}前）', en: '{created} ({age} ago)' },
  ageUnknown: { zh: '{created}（无法读取）', en: '{created} (unreadable)' },
  expires: { zh: '{expires}（还有 {hours} 小时）', en: '{expires} (in {hours} h)' },
  expired: { zh: '{expires}（已过期 {hours} 小时）', en: '{expires} ({hours} h ago)' },
  none: { zh: '无', en: 'none' },
  publicNat: { zh: '{address}（系统分配的公网IP，NatPublicIp）', en: '{address} (system-assigned, NatPublicIp)' },
  publicEip: { zh: '{address}（弹性公网IP {allocationId}，{chargeType}，{internetChargeType}，{bandwidth} Mbps）', en: '{address} (EIP {allocationId}, {chargeType}, {internetChargeType}, {bandwidth} Mbps)' },
  publicNone: { zh: '无（没有公网IP）', en: 'none (no public IP)' },
  bandwidth: { zh: '出网 {out} Mbps / 入网 {in} Mbps（入网上限按规则为 {inMax} Mbps）', en: 'outbound {out} Mbps / inbound {in} Mbps (by the rules, inbound may reach {inMax} Mbps)' },
  bandwidthEip: { zh: 'EIP {eip} Mbps；实例自身出网 {out} Mbps / 入网 {in} Mbps', en: 'EIP {eip} Mbps; the instance itself: outbound {out} Mbps / inbound {in} Mbps' },
  privateIpsTitle: { zh: '私网IP（按网卡）：', en: 'Private IPs (per ENI):' },
  eniLine: { zh: '{id}（{type}{mac}）：{ips}', en: '{id} ({type}{mac}): {ips}' },
  eniPrimary: { zh: '主网卡', en: 'primary' },
  eniSecondary: { zh: '辅助网卡', en: 'secondary' },
  ipPrimary: { zh: '{ip}（主）', en: '{ip} (primary)' },
  classicPrivate: { zh: '内网IP：{ips}（经典网络没有弹性网卡）', en: 'Intranet IPs: {ips} (classic instances have no ENIs)' },
  bandwidthTitle: { zh: '带宽的含义：', en: 'What the bandwidth means:' },
  notesTitle: { zh: '注意：', en: 'Notes:' },
  verdictsTitle: { zh: '判断：', en: 'Verdicts:' },
  verdictHead: {
    yes: { zh: '{title}：可以', en: '{title}: yes' },
    no: { zh: '{title}：不可以', en: '{title}: no' },
    unknown: { zh: '{title}：还不能确定', en: '{title}: cannot tell yet' },
  },
  /** A summary line: the verdict, then the check that decided it. */
  verdictBecause: { zh: '{head}（{reason}）', en: '{head} — {reason}' },
  scenario: {
    zh: '{label}：{outcome}',
    en: '{label}: {outcome}',
  },
  outcome: {
    yes: { zh: '可以', en: 'eligible' },
    no: { zh: '不可以', en: 'not eligible' },
    unknown: { zh: '仍不确定（还缺其他事实）', en: 'still undecided (other facts missing)' },
  },
  insteadTitle: { zh: '可以这样做：', en: 'Instead:' },
  warning: { zh: '（提醒）', en: '(warning) ' },
  ptrTitle: { zh: '反向解析（PTR）：{ip}', en: 'Reverse DNS (PTR) of {ip}' },
  ptrFound: { zh: 'PTR：{names}；正反向一致：{confirmed}（DNS {server}，{rcode}）', en: 'PTR: {names}; forward-confirmed: {confirmed} (DNS {server}, {rcode})' },
  ptrSummary: { zh: '反向解析 {ip}：{line}', en: 'Reverse DNS of {ip}: {line}' },
  ptrNone: { zh: '没有PTR记录（DNS {server}，{rcode}）', en: 'No PTR record (DNS {server}, {rcode})' },
  yes: { zh: '是', en: 'yes' },
  no: { zh: '否', en: 'no' },
  notChecked: { zh: '未能确认', en: 'not checked' },
  ptrNoPublicIp: { zh: '没有公网IP：不做反向解析检查（反向解析只对公网IP有意义，§9）。', en: 'No public IP: no reverse DNS check (reverse DNS applies to public IPs, §9).' },
  ptrSkipped: { zh: '按 --no-ptr 跳过了反向解析检查。', en: 'Reverse DNS check skipped (--no-ptr).' },
  ptrCannot: { zh: '无法做反向解析检查：{reason}', en: 'Reverse DNS check not possible: {reason}' },
  sources: { zh: '出处：', en: 'Sources: ' },

  // ---- the card's views (Slack shows one at a time; a terminal prints them all) ----
  detailsButton: { zh: '详情：{view}', en: 'Details: {view}' },
  backButton: { zh: '← 返回概要', en: '← Back to summary' },
  viewNames: {
    facts: { zh: '网卡、带宽与注意事项', en: 'ENIs, bandwidth, notes' },
    canswap: { zh: '更换公网IP', en: 'change public IP' },
    'convert-eip': { zh: '转为EIP', en: 'convert to EIP' },
    'private-ip': { zh: '修改私网IP', en: 'change private IP' },
    eni: { zh: '弹性网卡', en: 'add an ENI' },
    ipv6: { zh: 'IPv6', en: 'IPv6' },
  },
  viewTitle: { zh: '详情：{view}', en: 'Details: {view}' },
} as const;
