import type { Invocation } from './invocation.js';

/**
 * The calculator signal of a natural-language message: the command that would compute it ("5M带宽入网多少" →
 * bw 5M, "PTR of 1.2.3.4" → ptr 1.2.3.4), or undefined. Deliberately conservative: only clear signals (a
 * figure or address plus the topic word) count. Whether the calculator or the FAQ answers is decided in
 * routing.ts, which also sees the search outcome.
 */
const IPV4 = /(?<![\d.])(?:\d{1,3}\.){3}\d{1,3}(?![\d.])/;
const IPV6 = /(?<![\w:])(?:[0-9a-f]{0,4}:){2,7}[0-9a-f]{0,4}(?![\w:])/i;
const CIDR = /(?<![\w.:])((?:\d{1,3}\.){3}\d{1,3}|(?:[0-9a-f]{0,4}:){2,7}[0-9a-f]{0,4})\/(\d{1,3})(?![\w.])/i;
const MASK = /(?<![\d.])(255\.(?:\d{1,3}\.){2}\d{1,3})(?![\d.])/;

const PTR_WORDS = /ptr|rdns|reverse\s*(?:dns|lookup)|reverse[- ]?resolv|反向解析|反解|反查/i;
const BW_WORDS = /带宽|bandwidth|\bbw\b|入网|出网|inbound|outbound|下载速度|上传速度/i;
const BW_FIGURE = /(?<![\d.])(\d{1,6}(?:\.\d+)?)\s*(kbps|kbit\/s|k|mbps|mbit\/s|mb|m|兆|gbps|gbit\/s|g)(?![a-z])/i;
/**
 * Asks to change an instance's public IP: "换公网ip", "外网ip想换一个", "swap the public ip", "changed the ip once",
 * "换个ip". A private IP's change is another question ("改私网ip", "change the private ip").
 */
const SWAP_PATTERN =
  /(?:更换|换|改|change|swap|replace|new)\s*.{0,20}(?:公网|外网|public)\s*ip|(?:公网|外网|public)\s*ip.{0,10}(?:更换|换|change|swap)|换过\s*\S{0,2}\s*次|还能再换|swapped\s+(?:it\s+)?\S+\s+times?|(?:chang|swapp?|replac)(?:e|es|ed|ing)\s+(?:the\s+|its\s+|my\s+|this\s+)?ip\b|(?:更换|换)\s*(?:个|一个)?\s*ip/i;
const PRIVATE_IP = /私网|内网|private|internal|intranet/i;
export const asksToSwapPublicIp = (text: string): boolean => SWAP_PATTERN.test(text) && !(PRIVATE_IP.test(text) && !/公网|外网|public/i.test(text));
/** A block written out with its prefix (10.10.0.0/22). */
const CIDR_BLOCK = /\b\d{1,3}(?:\.\d{1,3}){3}\/\d{1,2}\b/;
const HOST_COUNT = /(?:how many|多少|几个).{0,20}(?:hosts?|addresses|ips?|主机|地址)|(?:可用|usable).{0,10}(?:hosts?|addresses|ips?|地址)/i;
/** "255.255.255.192 是 / 几", "what prefix is 255.255.240.0": a mask's prefix length. */
const PREFIX_QUESTION = /\/\s*几|是\s*\/?\s*几|前缀|多少位|prefix|\/\s*\?|bits?\b/i;
const SUBNET_WORDS = /子网|subnet|split|划分|分成|拆成|掩码|mask|vswitch|交换机|cidr|网段/i;

function bandwidthInvocation(text: string): Invocation | undefined {
  const figure = BW_FIGURE.exec(text);
  if (!figure || !BW_WORDS.test(text)) return undefined;
  const unit = figure[2]!.toLowerCase() === '兆' ? 'M' : figure[2]!;
  return { command: 'bw', tokens: [`${figure[1]}${unit}`] };
}

const ZH_DIGITS: Record<string, number> = { 一: 1, 两: 2, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** "三" → 3, "十二" → 12, "二十四" → 24: the Chinese numbers an age is said in (up to 99). */
function zhNumber(words: string): number | undefined {
  const [tens, ones] = words.includes('十') ? words.split('十') : ['', words];
  if (!words.includes('十')) return ZH_DIGITS[ones!];
  return (tens ? (ZH_DIGITS[tens] ?? NaN) : 1) * 10 + (ones ? (ZH_DIGITS[ones] ?? NaN) : 0) || undefined;
}

function ageToken(text: string): string | undefined {
  // Not a bare "m": "0M" is a bandwidth, not zero minutes.
  const en = /(\d{1,5}(?:\.\d+)?)\s*(days?|d|hours?|hrs?|h|minutes?|mins?)\b/i.exec(text);
  if (en) return `${en[1]}${en[2]![0]!.toLowerCase()}`;
  const zh = /(\d{1,5}(?:\.\d+)?|[一两二三四五六七八九十]{1,3})\s*个?\s*(天|小时|分钟)/.exec(text);
  if (!zh) return undefined;
  const amount = /^\d/.test(zh[1]!) ? zh[1] : zhNumber(zh[1]!);
  return amount === undefined ? undefined : `${amount}${zh[2]}`;
}

const SMALL_NUMBERS: Record<string, string> = { once: '1', twice: '2', 一: '1', 两: '2', 二: '2', 三: '3' };

/** "没换过", "never changed it", "0 swaps": no change made yet. */
const NO_SWAPS = /(?:从来?|还|一次都)?没(?:有)?(?:更?换过|改过)|never (?:been )?(?:changed|swapped)|(?:not|n't) (?:been )?(?:changed|swapped)(?: it)?(?: yet| before)?|\b(?:no|zero|0) (?:swaps?|changes)\b/i;

function canswapInvocation(text: string): Invocation | undefined {
  if (!asksToSwapPublicIp(text)) return undefined;
  const tokens: string[] = [];
  if (/\bvpc\b|专有网络/i.test(text)) tokens.push('vpc');
  else if (/\bclassic\b|经典网络/i.test(text)) tokens.push('classic');
  const age = ageToken(text);
  if (age) tokens.push(age);
  if (/\bstopped\b|已停止|停机了|关机了|停止了|已关机|已经停了|停着/i.test(text)) tokens.push('stopped');
  else if (/\brunning\b|运行中|在跑|跑着|开着/i.test(text)) tokens.push('running');
  const swaps = /(?:swapped|changed)\s*(?:it\s*|(?:the\s+)?(?:public\s+)?ip\s*)?(\d{1,3}|once|twice)\s*(?:times?)?|换(?:过|了)\s*(\d{1,3}|一|两|二|三)\s*次/i.exec(text);
  if (swaps) tokens.push(`swaps=${SMALL_NUMBERS[swaps[1] ?? swaps[2] ?? ''] ?? swaps[1] ?? swaps[2]}`);
  else if (NO_SWAPS.test(text)) tokens.push('swaps=0');
  if (/natpublicip|nat public ip|system[- ]assigned public ip|系统分配的?公网|固定公网/i.test(text)) tokens.push('nat');
  else if (/\beip\b|弹性公网/i.test(text)) tokens.push('eip');
  // Facts about this instance (an age at least) make it a calculation; otherwise it is a general FAQ question.
  return age ? { command: 'canswap', tokens } : undefined;
}

function subnetInvocation(text: string): Invocation | undefined {
  const cidr = CIDR.exec(text);
  if (cidr) {
    const network = `${cidr[1]}/${cidr[2]}`;
    const count = /(?:分成|划分成|拆成|split\s+into|into)\s*(\d{1,6})\s*(?:个)?\s*(?:子网|subnets?|块|份|parts?)?/i.exec(text) ?? /(\d{1,6})\s*(?:个子网|subnets)/i.exec(text);
    if (count) return { command: 'subnet', tokens: [network, '--count', count[1]!] };
    const hosts = /(\d{1,9})\s*(?:台|个主机|hosts?|addresses|个地址|个ip)/i.exec(text);
    if (hosts) return { command: 'subnet', tokens: [network, '--hosts', hosts[1]!] };
    // "how many usable hosts in 10.10.0.0/22", "这个网段有多少个地址": the network's own facts.
    if (HOST_COUNT.test(text)) return { command: 'subnet', tokens: [network] };
    const prefix = /(?:into|成|分为|as)\s*\/(\d{1,3})/i.exec(text);
    if (prefix) return { command: 'subnet', tokens: [network, '--prefix', prefix[1]!] };
    return SUBNET_WORDS.test(text) || text.trim() === network ? { command: 'subnet', tokens: [network] } : undefined;
  }
  const mask = MASK.exec(text);
  return mask && (SUBNET_WORDS.test(text) || PREFIX_QUESTION.test(text)) ? { command: 'subnet', tokens: [mask[1]!] } : undefined;
}

function ptrInvocation(text: string): Invocation | undefined {
  if (!PTR_WORDS.test(text)) return undefined;
  const ip = IPV4.exec(text)?.[0] ?? IPV6.exec(text)?.[0];
  return ip && !CIDR.test(text) ? { command: 'ptr', tokens: [ip] } : undefined;
}

/** The commands calculatorFor can name: the only ones a routed "Calculate it" button may run. */
export const calculatorCommands: ReadonlySet<string> = new Set(['bw', 'subnet', 'canswap', 'ptr']);

export function calculatorFor(text: string): Invocation | undefined {
  const trimmed = text.trim();
  return ptrInvocation(trimmed) ?? subnetInvocation(trimmed) ?? canswapInvocation(trimmed) ?? bandwidthInvocation(trimmed);
}

/**
 * Whether the calculator signal names an operation beyond the figure itself (a split, a host count, an
 * instance's age): then the message asks for that computation, even when phrased as "how do I …".
 */
export function isExplicitCalculation(inv: Invocation, text = ''): boolean {
  if (inv.command === 'canswap') return isInstanceCalculation(inv, text);
  // "how many usable hosts in 10.10.0.0/22": a count asked of a given block is the calculator's to answer.
  if (inv.command === 'subnet' && CIDR_BLOCK.test(text) && HOST_COUNT.test(text)) return true;
  // "dig -x 121.196.255.18 for me", "查一下 120.55.3.4 的反向解析": a lookup asked of a given address.
  if (inv.command === 'ptr' && LOOKUP.test(text)) return true;
  return inv.tokens.some((t) => t.startsWith('--'));
}

/** Asks for a lookup to be run, not how reverse DNS works. */
const LOOKUP = /\bdig\b|nslookup|\b(?:check|look ?up|verify|resolve|query)\b|查一下|查下|查查|查询|看一下|看下|看看|帮我查|\bfor me\b/i;

/** "超过6小时", "more than 6 hours", "after 6h": a rule's threshold, asked in general, not one instance's age. */
const THRESHOLD = /(?:超过|超出|大于|多于|以上|过了|之后|以后|more than|over|after|longer than|past|beyond|older than)\s*\d|\d\s*(?:小时|天|h|hours?|days?)\s*(?:以上|之后|以后|后|多)/i;

/**
 * canswap computes one instance's case: it runs when the message gives that instance's facts, its age and at
 * least one more (network type, state, swaps so far), and not a general threshold ("超过6小时了还能换公网IP吗",
 * "my instance is 8 hours old, can I still change its public ip": the FAQ answers, VPC and classic apart).
 */
function isInstanceCalculation(inv: Invocation, text: string): boolean {
  return inv.tokens.length >= 2 && !THRESHOLD.test(text) && !IN_GENERAL.test(text);
}

/** Says it asks the rule, not about one instance ("in general can you still change the public ip once …"). */
export const IN_GENERAL = /in general|generally|typically|as a rule|一般来说|一般情况|一般而言|通常/i;
