import type { Invocation } from './dispatch.js';

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

const PTR_WORDS = /ptr|rdns|reverse\s*(?:dns|lookup)|反向解析|反解/i;
const BW_WORDS = /带宽|bandwidth|\bbw\b|入网|出网|inbound|outbound|下载速度|上传速度/i;
const BW_FIGURE = /(?<![\d.])(\d{1,6}(?:\.\d+)?)\s*(kbps|kbit\/s|k|mbps|mbit\/s|mb|m|兆|gbps|gbit\/s|g)(?![a-z])/i;
const SWAP_WORDS = /(?:更换|换|改|change|swap|replace|new)\s*.{0,20}(?:公网\s*ip|public\s*ip)|(?:公网\s*ip|public\s*ip).{0,10}(?:更换|换|change|swap)/i;
const SUBNET_WORDS = /子网|subnet|split|划分|分成|拆成|掩码|mask|vswitch|交换机|cidr|网段/i;

function bandwidthInvocation(text: string): Invocation | undefined {
  const figure = BW_FIGURE.exec(text);
  if (!figure || !BW_WORDS.test(text)) return undefined;
  const unit = figure[2]!.toLowerCase() === '兆' ? 'M' : figure[2]!;
  return { command: 'bw', tokens: [`${figure[1]}${unit}`] };
}

function ageToken(text: string): string | undefined {
  const en = /(\d{1,5}(?:\.\d+)?)\s*(days?|d|hours?|hrs?|h|minutes?|mins?|m)\b/i.exec(text);
  if (en) return `${en[1]}${en[2]![0]!.toLowerCase()}`;
  const zh = /(\d{1,5}(?:\.\d+)?)\s*个?\s*(天|小时|分钟)/.exec(text);
  return zh ? `${zh[1]}${zh[2]}` : undefined;
}

function canswapInvocation(text: string): Invocation | undefined {
  if (!SWAP_WORDS.test(text)) return undefined;
  const tokens: string[] = [];
  if (/\bvpc\b|专有网络/i.test(text)) tokens.push('vpc');
  else if (/\bclassic\b|经典网络/i.test(text)) tokens.push('classic');
  const age = ageToken(text);
  if (age) tokens.push(age);
  if (/\bstopped\b|已停止|停机了|关机了/i.test(text)) tokens.push('stopped');
  else if (/\brunning\b|运行中/i.test(text)) tokens.push('running');
  const swaps = /(?:swapped|changed)\s*(?:it\s*)?(\d{1,3})\s*times?|换过\s*(\d{1,3})\s*次/i.exec(text);
  if (swaps) tokens.push(`swaps=${swaps[1] ?? swaps[2]}`);
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
    const prefix = /(?:into|成|分为|as)\s*\/(\d{1,3})/i.exec(text);
    if (prefix) return { command: 'subnet', tokens: [network, '--prefix', prefix[1]!] };
    return SUBNET_WORDS.test(text) || text.trim() === network ? { command: 'subnet', tokens: [network] } : undefined;
  }
  const mask = MASK.exec(text);
  return mask && SUBNET_WORDS.test(text) ? { command: 'subnet', tokens: [mask[1]!] } : undefined;
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
export function isExplicitCalculation(inv: Invocation): boolean {
  return inv.command === 'canswap' || inv.tokens.some((t) => t.startsWith('--'));
}
