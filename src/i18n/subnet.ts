import type { Bilingual } from './lang.js';

const FORMS_ZH = '可接受：10.0.0.0/16、192.168.1.0/255.255.255.0、2001:db8::/32、掩码 255.255.240.0 或 /20';
const FORMS_EN = 'Accepted: 10.0.0.0/16, 192.168.1.0/255.255.255.0, 2001:db8::/32, a mask 255.255.240.0 or /20';

/** Every user-facing string of the `subnet` command and its replies. */
export const subnetStrings = {
  summary: {
    zh: '子网计算：网段信息、掩码换算、按前缀/数量/主机数/VLSM 划分，按阿里云交换机规则检查',
    en: 'Subnet calculator: network info, mask conversion, split by prefix/count/hosts/VLSM, checked against vSwitch rules',
  },
  usage: {
    zh: 'ecs-netbot subnet <网段或掩码> [--prefix N | --count N | --hosts N | --vlsm 100,50,20] [--limit K] [--offset M] [--check 另一网段] [--json] [--lang zh|en]\n  --prefix N   按新前缀 /N 划分\n  --count N    至少划分 N 个子网（取满足条件的最长前缀）\n  --hosts N    每个子网至少 N 个交换机可用地址（块大小减去保留的地址）\n  --vlsm A,B…  按主机数从大到小依次分配对齐的连续块\n  --limit K    最多列出 K 个子网（默认 16，最多 256）\n  --offset M   从第 M 个子网开始列出（从 0 起，可为很大的十进制数）\n  --check C    判断与网段 C 的关系：包含、被包含、相同或不重叠',
    en: 'ecs-netbot subnet <cidr-or-mask> [--prefix N | --count N | --hosts N | --vlsm 100,50,20] [--limit K] [--offset M] [--check other-cidr] [--json] [--lang zh|en]\n  --prefix N   split into /N subnets\n  --count N    at least N subnets (the longest prefix that gives them)\n  --hosts N    at least N addresses usable in a vSwitch per subnet (block minus the reserved ones)\n  --vlsm A,B…  largest request first, consecutive aligned blocks\n  --limit K    list at most K subnets (default 16, at most 256)\n  --offset M   start listing at subnet M (0-based; may be a huge decimal)\n  --check C    how the network relates to C: contains, inside, equal or disjoint',
  },
  examples: {
    zh: [
      'ecs-netbot subnet 10.0.0.0/16 --count 4',
      'ecs-netbot subnet 192.168.1.77/24',
      'ecs-netbot subnet 255.255.240.0',
      'ecs-netbot subnet 172.16.0.0/20 --vlsm 500,200,60 --check 172.16.8.0/24',
      'ecs-netbot subnet 2001:db8::/56 --prefix 64 --offset 250 --json',
    ],
    en: [
      'ecs-netbot subnet 10.0.0.0/16 --count 4',
      'ecs-netbot subnet 192.168.1.77/24',
      'ecs-netbot subnet /20',
      'ecs-netbot subnet 172.16.0.0/20 --hosts 500 --check 172.16.8.0/24',
      'ecs-netbot subnet 10.0.0.0/8 --prefix 30 --offset 4194300 --json',
    ],
  },

  // Input errors: what was wrong, what is accepted, an example.
  missingCidr: { zh: `缺少网段。${FORMS_ZH}。例如：ecs-netbot subnet 10.0.0.0/16 --count 4`, en: `No network given. ${FORMS_EN}. Example: ecs-netbot subnet 10.0.0.0/16 --count 4` },
  extraArgument: {
    zh: '只接受一个网段，多出了 "{value}"。要比较两个网段请用 --check，例如：ecs-netbot subnet 10.0.0.0/16 --check 10.0.1.0/24',
    en: 'Only one network is accepted; "{value}" is extra. To compare two networks use --check, e.g. ecs-netbot subnet 10.0.0.0/16 --check 10.0.1.0/24',
  },
  tooLong: { zh: '"{value}" 太长（最多 {max} 个字符），不是一个网段。{forms}', en: '"{value}" is too long (at most {max} characters) to be a network. {forms}' },
  badAddress: { zh: '"{value}" 不是有效的 IPv4 或 IPv6 地址。{forms}', en: '"{value}" is not a valid IPv4 or IPv6 address. {forms}' },
  zoneId: { zh: '"{value}" 带有接口区域（%…），网段里不能有。去掉 % 及其后的部分，例如：fe80::/64', en: '"{value}" carries a zone id (%…), which a network cannot have. Drop the % part, e.g. fe80::/64' },
  badPrefix: { zh: '"{value}" 的前缀长度无效：应为不带前导零的整数（IPv4 也可写点分掩码）。例如：10.0.0.0/16 或 10.0.0.0/255.255.0.0', en: '"{value}" has an invalid prefix length: write a whole number without leading zeros (or, for IPv4, a dotted mask). Example: 10.0.0.0/16 or 10.0.0.0/255.255.0.0' },
  prefixOutOfRange: { zh: '"{value}" 的前缀长度超出范围：{family} 只能是 /0 到 /{max}。例如：10.0.0.0/24', en: '"{value}" has a prefix out of range: {family} allows /0 to /{max}. Example: 10.0.0.0/24' },
  nonContiguousMask: {
    zh: '"{value}" 不是连续的子网掩码（必须是前面全 1、后面全 0）。你可能想要 {nearest}。',
    en: '"{value}" is not a contiguous netmask (ones must come first, then zeros). Did you mean {nearest}?',
  },
  missingPrefix: {
    zh: '"{value}" 没有前缀长度，也不是子网掩码。请写成网段，例如 {value}/24；或只给掩码，例如 255.255.255.0 或 /24',
    en: '"{value}" has no prefix length and is not a netmask. Write it as a CIDR, e.g. {value}/24, or give only a mask such as 255.255.255.0 or /24',
  },
  conflictingSplit: {
    zh: '划分方式只能选一种，收到了 {options}。例如：--prefix 24 或 --count 4 或 --hosts 200 或 --vlsm 100,50,20',
    en: 'Choose one way to split; got {options}. Example: --prefix 24, or --count 4, or --hosts 200, or --vlsm 100,50,20',
  },
  badNewPrefix: { zh: '--prefix 需要 0 到 {max} 的整数，收到 "{value}"。例如：--prefix 24', en: '--prefix takes a whole number from 0 to {max}, got "{value}". Example: --prefix 24' },
  prefixShorter: {
    zh: '新前缀 /{prefix} 比网段本身的 /{network} 还短：子网不能比网段大。请用 /{network} 到 /{max} 之间的前缀，例如 --prefix {suggest}',
    en: 'The new prefix /{prefix} is shorter than the network\'s own /{network}: a subnet cannot be larger than its network. Use /{network} to /{max}, e.g. --prefix {suggest}',
  },
  badCount: { zh: '--count 需要正整数（至少 1），收到 "{value}"。例如：--count 4', en: '--count takes a positive whole number (at least 1), got "{value}". Example: --count 4' },
  countTooLarge: { zh: '{network} 最多只能划分 {max} 个子网（每个一个地址），--count {value} 太多。', en: '{network} splits into at most {max} subnets (one address each); --count {value} is too many.' },
  badHosts: { zh: '--hosts 需要正整数（至少 1），收到 "{value}"。例如：--hosts 200', en: '--hosts takes a positive whole number (at least 1), got "{value}". Example: --hosts 200' },
  hostsTooLarge: {
    zh: '{network} 整个网段在交换机中也只有 {max} 个可用地址（已减去保留的 {reserved} 个），放不下 --hosts {value}。请换更大的网段或减少主机数。',
    en: '{network} as a whole has only {max} addresses usable in a vSwitch (after the {reserved} reserved), fewer than --hosts {value}. Use a larger network or fewer hosts.',
  },
  badVlsm: {
    zh: '--vlsm 需要用逗号分隔的正整数（每个子网的主机数，最多 {max} 个），收到 "{value}"。例如：--vlsm 100,50,20',
    en: '--vlsm takes comma-separated positive whole numbers (hosts per subnet, at most {max} of them), got "{value}". Example: --vlsm 100,50,20',
  },
  badLimit: { zh: '--limit 需要 1 到 {max} 的整数，收到 "{value}"。例如：--limit 32', en: '--limit takes a whole number from 1 to {max}, got "{value}". Example: --limit 32' },
  badOffset: { zh: '--offset 需要非负整数（从 0 起，最多 {max} 位），收到 "{value}"。例如：--offset 16', en: '--offset takes a whole number from 0 (at most {max} digits), got "{value}". Example: --offset 16' },
  offsetBeyond: { zh: '--offset {value} 超出了范围：共有 {total} 个子网，编号 0 到 {last}。', en: '--offset {value} is past the end: there are {total} subnets, numbered 0 to {last}.' },
  badCheck: { zh: '--check 的网段有误：{message}', en: 'The --check network is wrong: {message}' },
  checkNeedsCidr: { zh: '--check 需要一个网段（带前缀），收到 "{value}"。例如：--check 10.0.1.0/24', en: '--check needs a network with a prefix, got "{value}". Example: --check 10.0.1.0/24' },
  maskWithOptions: {
    zh: '"{value}" 只是一个掩码，没有网段可以 {option}。请给出网段，例如：ecs-netbot subnet 10.0.0.0/16 {option} …',
    en: '"{value}" is only a mask: there is no network to {option}. Give a network, e.g. ecs-netbot subnet 10.0.0.0/16 {option} …',
  },

  // Notes.
  normalised: {
    zh: '{typed} 的主机位不为 0，已规范为网段 {network}（{typed} 是该网段内的一个地址）。',
    en: '{typed} has host bits set: normalised to the network {network} ({typed} is an address inside it).',
  },
  checkNormalised: { zh: '--check 的 {typed} 已规范为 {network}。', en: '--check {typed} was normalised to {network}.' },
  netmaskRead: { zh: '{value} 被当作子网掩码：等于 /{prefix}。', en: '{value} is read as a netmask: /{prefix}.' },
  prefixReadV6: { zh: '/{prefix} 超过 32，按 IPv6 前缀理解。', en: '/{prefix} is beyond 32, so it is read as an IPv6 prefix.' },
  prefixReadV4: { zh: '/{prefix} 按 IPv4 前缀理解（IPv6 请写成 ::/{prefix}）。', en: '/{prefix} is read as an IPv4 prefix (for IPv6 write ::/{prefix}).' },
  countRounded: {
    zh: '要求 {count} 个子网：子网数只能是 2 的幂，/{prefix} 得到 {total} 个（满足至少 {count} 个的最长前缀）。',
    en: 'Asked for {count} subnets: counts come in powers of two, so /{prefix} gives {total} (the longest prefix with at least {count}).',
  },
  hostsMeaning: {
    zh: '--hosts {hosts} 按阿里云交换机计算：可用地址 = 块大小 − {reserved} 个保留地址；/{prefix} 每块 {size} 个地址、{usable} 个可用。',
    en: '--hosts {hosts} counts addresses usable in an Alibaba Cloud vSwitch: block size − {reserved} reserved; a /{prefix} has {size} addresses, {usable} usable.',
  },
  hostsClassic: {
    zh: '若按传统算法（只扣网络地址和广播地址），/{prefix} 就够了；在交换机中不够。',
    en: 'By the classic rule (minus network and broadcast only) a /{prefix} would do; in a vSwitch it would not.',
  },
  vlsmMeaning: {
    zh: 'VLSM：按主机数从大到小分配，每个块为满足“块大小 − {reserved} ≥ 主机数”的最小块，从网段起点连续对齐排列。',
    en: 'VLSM: largest request first; each gets the smallest block with block size − {reserved} ≥ its hosts, placed consecutively (and aligned) from the network start.',
  },
  vlsmUnfit: { zh: '{hosts} 台主机需要一个 {need}，剩余空间放不下。', en: '{hosts} hosts need a {need}, which does not fit in the space left.' },
  vlsmFree: { zh: '未分配的地址：{free} 个。', en: 'Addresses left unallocated: {free}.' },
  paged: {
    zh: '共 {total} 个子网，只列出第 {from}–{to} 个；用 --offset {next} 看下一页（--limit 最多 {max}）。',
    en: '{total} subnets in all; listing {from}–{to}. Next page: --offset {next} (--limit up to {max}).',
  },
  pagedLast: {
    zh: '共 {total} 个子网，列出第 {from}–{to} 个（最后一页）。',
    en: '{total} subnets in all; listing {from}–{to} (the last page).',
  },
  crossFamily: { zh: 'IPv4 与 IPv6 网段互不重叠。', en: 'An IPv4 and an IPv6 network never overlap.' },
  hostRangeV4: { zh: '主机地址范围（首/末）不含网络地址和广播地址（传统算法）；交换机另有保留，见下。', en: 'The host range (first/last) excludes the network and broadcast addresses (classic rule); a vSwitch reserves more, see below.' },
  hostRange31: { zh: '/31 按 RFC 3021 用作点对点链路：没有广播地址，两个地址都可用（传统意义上）。', en: '/31 is a point-to-point link (RFC 3021): no broadcast, both addresses usable (classic sense).' },
  hostRange32: { zh: '/32 只有一个地址：没有广播地址，首末地址相同。', en: '/32 is a single address: no broadcast; first and last are the same.' },
  hostRangeV6: { zh: 'IPv6 没有广播地址；首个可用地址跳过网络地址（子网路由器任播地址），末个可用地址是最后一个地址。', en: 'IPv6 has no broadcast; the first usable skips the network address (Subnet-Router anycast), the last usable is the last address.' },
  hostRange127: { zh: '/127 按 RFC 6164 用作点对点链路：两个地址都可用。', en: '/127 is a point-to-point link (RFC 6164): both addresses usable.' },
  hostRange128: { zh: '/128 只有一个地址：首末地址相同。', en: '/128 is a single address: first and last are the same.' },

  // Labels and lines of the reply.
  headerInfo: { zh: '网段 {network}', en: 'Network {network}' },
  headerSplit: { zh: '{network} 划分为 {total} 个 /{prefix}', en: '{network} split into {total} × /{prefix}' },
  headerVlsm: { zh: '{network} 按 VLSM 分配', en: '{network}: VLSM allocation' },
  headerMask: { zh: '掩码 /{prefix}', en: 'Mask /{prefix}' },
  network: { zh: '网段', en: 'Network' },
  prefix: { zh: '前缀长度', en: 'Prefix' },
  netmask: { zh: '子网掩码', en: 'Netmask' },
  wildcard: { zh: '反掩码（通配符）', en: 'Wildcard' },
  broadcast: { zh: '广播地址', en: 'Broadcast' },
  noBroadcast: { zh: '无', en: 'none' },
  hostRange: { zh: '主机地址范围（首 – 末）', en: 'Host range (first – last)' },
  addresses: { zh: '地址数', en: 'Addresses' },
  blockSize: { zh: '块大小', en: 'Block size' },
  usable: { zh: '交换机中可用', en: 'Usable in a vSwitch' },
  listHeader: { zh: '子网（第 {from}–{to} 个，共 {total} 个）：', en: 'Subnets {from}–{to} of {total}:' },
  vlsmHeader: { zh: '分配结果（从大到小）：', en: 'Allocations (largest first):' },
  row: { zh: '{addresses} 个地址，交换机中可用 {usable} 个', en: '{addresses} addresses, {usable} usable in a vSwitch' },
  rowOne: { zh: '1 个地址，交换机中可用 {usable} 个', en: '1 address, {usable} usable in a vSwitch' },
  vlsmHosts: { zh: '{hosts} 台主机', en: '{hosts} hosts' },
  vlsmNoFit: { zh: '放不下（需要 {need}）', en: 'does not fit (needs a {need})' },
  checkTitle: { zh: '与 {other} 的关系：', en: 'Relation to {other}:' },
  relEqual: { zh: '{a} 与 {b} 是同一个网段（完全重叠）。', en: '{a} and {b} are the same block (full overlap).' },
  relContains: { zh: '{a} 包含 {b}：二者重叠，{b} 完全在 {a} 之内。', en: '{a} contains {b}: they overlap, {b} lies entirely inside {a}.' },
  relInside: { zh: '{a} 在 {b} 之内：二者重叠，{b} 包含 {a}。', en: '{a} lies inside {b}: they overlap, {b} contains {a}.' },
  relDisjoint: { zh: '{a} 与 {b} 不重叠。', en: '{a} and {b} do not overlap (disjoint).' },
  checksTitle: { zh: '阿里云 VPC / 交换机规则：', en: 'Alibaba Cloud VPC / vSwitch rules:' },
  notesTitle: { zh: '说明：', en: 'Notes:' },
  sourceSection: { zh: '指南 §{section}「{title}」', en: 'guide §{section} {title}' },
  seeAlso: { zh: '相关问答：{ids}（用 ecs-netbot ask 查询）', en: 'Related FAQ: {ids} (see ecs-netbot ask)' },
  powerOfTwo: { zh: '{value}（2^{exp}）', en: '{value} (2^{exp})' },
  mixed: { zh: '混合', en: 'mixed' },
  forms: { zh: FORMS_ZH, en: FORMS_EN },
} satisfies Record<string, Bilingual | Record<'zh' | 'en', string[]>>;
