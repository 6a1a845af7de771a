/** Every user-facing string of the `canswap` command. */
export const canswapStrings = {
  summary: {
    zh: '判断实例能否更换公网IP；不能时给出可行的替代做法',
    en: "Can this instance's public IP be changed? If not, what to do instead",
  },
  usage: {
    zh: 'ecs-netbot canswap [--network vpc|classic] [--age 2h|90m|5h59m | --created <ISO时间>] [--swaps N]\n                    [--status running|stopped] [--public-ip nat|eip|none] [--billing prepaid|postpaid]\n也可写成自由文本：canswap vpc 2h swaps=1 stopped nat postpaid\n或按实例ID从 ECS API 读取事实：canswap i-bp67acfmxazb4ph7ts1q [--region cn-hangzhou] [swaps=N]\n缺少的事实会标为“未知”，不会猜测。',
    en: 'ecs-netbot canswap [--network vpc|classic] [--age 2h|90m|5h59m | --created <ISO time>] [--swaps N]\n                    [--status running|stopped] [--public-ip nat|eip|none] [--billing prepaid|postpaid]\nOr as free text: canswap vpc 2h swaps=1 stopped nat postpaid\nOr read the facts from the ECS API by instance ID: canswap i-bp67acfmxazb4ph7ts1q [--region cn-hangzhou] [swaps=N]\nMissing facts are marked unknown, never guessed.',
  },
  examples: {
    zh: ['ecs-netbot canswap vpc 2h swaps=1 stopped nat', 'ecs-netbot canswap --network vpc --age 7h --public-ip nat', 'ecs-netbot canswap classic 30m swaps=3 stopped nat', 'ecs-netbot canswap --public-ip none --billing postpaid', 'ecs-netbot canswap --created 2026-11-26T08:00:00Z --status stopped'],
    en: ['ecs-netbot canswap vpc 2h swaps=1 stopped nat', 'ecs-netbot canswap --network vpc --age 7h --public-ip nat', 'ecs-netbot canswap classic 30m swaps=3 stopped nat', 'ecs-netbot canswap --public-ip none --billing postpaid', 'ecs-netbot canswap --created 2026-11-26T08:00:00Z --status stopped'],
  },
  unknownWord: {
    zh: '看不懂 "{word}"。可用：vpc|classic、时长如 2h/90m/5h59m/2小时、swaps=N、running|stopped、nat|eip|none（公网IP类型）、prepaid|postpaid、created=<ISO时间>。例如：canswap vpc 2h swaps=1 stopped nat',
    en: 'Cannot read "{word}". Accepted: vpc|classic, an age like 2h/90m/5h59m, swaps=N, running|stopped, nat|eip|none (public IP kind), prepaid|postpaid, created=<ISO time>. Example: canswap vpc 2h swaps=1 stopped nat',
  },
  badValue: {
    zh: '{fact} 不接受 "{value}"，可用：{accepted}。例如：{example}',
    en: '{fact} does not accept "{value}"; accepted: {accepted}. Example: {example}',
  },
  conflict: {
    zh: '{fact} 给了两个不同的值（"{first}" 和 "{second}"），请只保留一个。',
    en: '{fact} was given twice with different values ("{first}" and "{second}"); keep one.',
  },
  badAge: {
    zh: '看不懂时长 "{value}"。写法：2h、90m、5h59m、1d2h、1.5h、2小时、90分钟。例如：--age 5h59m',
    en: 'Cannot read the age "{value}". Forms: 2h, 90m, 5h59m, 1d2h, 1.5h. Example: --age 5h59m',
  },
  ageTooLarge: { zh: '时长 "{value}" 太大（最多 {max} 天）。', en: 'Age "{value}" is too large (at most {max} days).' },
  badSwaps: {
    zh: '更换次数需要 0 到 {max} 的整数，收到 "{value}"。例如：swaps=1',
    en: 'Swaps must be a whole number from 0 to {max}, got "{value}". Example: swaps=1',
  },
  badCreated: {
    zh: '看不懂创建时间 "{value}"，需要 ISO 8601 时间（带时区），例如：--created 2026-11-26T08:00:00Z',
    en: 'Cannot read the creation time "{value}"; give an ISO 8601 time with a zone, e.g. --created 2026-11-26T08:00:00Z',
  },
  createdInFuture: { zh: '创建时间 {value} 在未来。', en: 'The creation time {value} is in the future.' },
  ageAndCreated: { zh: '--age 和 --created 只能给一个。', en: 'Give either --age or --created, not both.' },
  tooManyInstances: {
    zh: '一次只能判断一台实例，收到了 {ids}。例如：{example}',
    en: 'One instance at a time; got {ids}. Example: {example}',
  },
  regionWithoutInstance: {
    zh: '--region 只在给出实例ID时有用，例如：{example}',
    en: '--region only goes with an instance ID, e.g. {example}',
  },
  factsFromApi: {
    zh: '给了实例ID时，网络类型、创建时长、状态、公网IP类型和计费方式都从 ECS API 读取，不能再手动给；只能补充 API 不提供的更换次数（swaps=N）。例如：{example}',
    en: 'With an instance ID, the network, age, status, public IP kind and billing come from the ECS API and cannot be given by hand; only the number of changes so far (swaps=N), which the API does not give, may be added. Example: {example}',
  },
  instanceExample: { zh: 'ecs-netbot canswap i-bp67acfmxazb4ph7ts1q --region cn-hangzhou swaps=1', en: 'ecs-netbot canswap i-bp67acfmxazb4ph7ts1q --region cn-hangzhou swaps=1' },
  fromApi: {
    zh: '事实来自 ECS API：实例 {id}（{region}），{seconds} 秒前获取{cached}（RequestId {requestId}）',
    en: 'Facts from the ECS API: instance {id} ({region}), fetched {seconds} s ago{cached} (RequestId {requestId})',
  },
  cached: { zh: '（缓存）', en: ' (cached)' },
  scenariosTitle: { zh: 'API 不提供的事实，各种情况下的结论：', en: 'What the API cannot tell, case by case:' },
  scenario: { zh: '{label}：{outcome}', en: '{label}: {outcome}' },
  outcome: {
    yes: { zh: '可以更换', en: 'can be changed' },
    no: { zh: '不能更换', en: 'cannot be changed' },
    unknown: { zh: '仍不确定', en: 'still undecided' },
  },
  factNames: {
    network: { zh: '网络类型', en: 'network' },
    status: { zh: '实例状态', en: 'status' },
    publicIp: { zh: '公网IP类型', en: 'public IP kind' },
    billing: { zh: '计费方式', en: 'billing' },
    age: { zh: '创建时长', en: 'age' },
    swaps: { zh: '更换次数', en: 'swaps' },
  },
  verdictYes: { zh: '可以更换公网IP', en: 'The public IP can be changed' },
  verdictNo: { zh: '不能更换公网IP', en: 'The public IP cannot be changed' },
  verdictUnknown: { zh: '还不能确定能否更换公网IP（缺少事实）', en: 'Cannot tell yet whether the public IP can be changed (facts missing)' },
  age: { zh: '已创建{age}', en: 'created {age} ago' },
  checksTitle: { zh: '逐项检查：', en: 'Checks:' },
  alternativesTitle: { zh: '可以这样做：', en: 'What you can do instead:' },
  howTo: {
    zh: '操作：停止实例 → 控制台 实例与镜像 > 实例 > 更多 > 网络和安全组 > 更换公网IP > 开始更换（§3.2）',
    en: 'How: stop the instance → console Instances & Images > Instances > More > Network and Security Group > Change Public IP > Start (§3.2)',
  },
  facts: { zh: '已知事实：{facts}', en: 'Known facts: {facts}' },
  /** The facts as words, not as the tokens they were typed in ("swaps=0, running" → "no change yet, running"). */
  factWords: {
    network: { vpc: { zh: '专有网络', en: 'VPC' }, classic: { zh: '经典网络', en: 'classic network' } },
    status: { running: { zh: '运行中', en: 'running' }, stopped: { zh: '已停止', en: 'stopped' } },
    publicIp: { nat: { zh: '系统分配的公网IP', en: 'system-assigned public IP' }, eip: { zh: '绑定了EIP', en: 'an EIP bound' }, none: { zh: '没有公网IP', en: 'no public IP' } },
    billing: { prepaid: { zh: '包年包月', en: 'subscription' }, postpaid: { zh: '按量付费', en: 'pay-as-you-go' } },
    swaps: { zh: '已更换{n}次', en: '{n} change(s) so far' },
    created: { zh: '创建于{created}', en: 'created at {created}' },
    status_other: { zh: '状态 {status}', en: 'status {status}' },
    stopMode: { zh: '停机模式 {mode}', en: 'stop mode {mode}' },
  },
  noFacts: { zh: '（未提供任何事实）', en: '(no facts given)' },
} as const;
