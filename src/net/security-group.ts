/**
 * Security-group rules → may this traffic pass? Pure: rules in, decision out (no I/O, no clock).
 *
 * Alibaba Cloud's semantics, as its documentation states them (cited in docs/security-groups.md):
 * - an inbound rule matches on protocol, destination port and source (IP range, security group or prefix
 *   list); an outbound rule on protocol, destination port and destination;
 * - priority 1–100, a smaller number wins; when two rules differ only in their policy, the Drop rule wins
 *   (so at equal priority Drop is applied before Accept);
 * - the rules of every security group of an ENI are pooled and sorted together;
 * - nothing matched: inbound is denied, except traffic from an instance in the same group when the group's
 *   internal policy (InnerAccessPolicy) is Accept; outbound is allowed in a basic group (an enterprise group
 *   denies it: DescribeSecurityGroupAttribute does not say which type a group is, so the decision says so);
 * - a classic-network group keeps Internet and intranet rules apart (NicType); a VPC group's rules cover both.
 *
 * The other end of the traffic is a range of addresses (0.0.0.0/0, a caller's /24, one peer's /32), so the
 * answer can differ within it: the decision splits the range into the parts each rule decided. A rule the
 * rules alone cannot settle (a prefix list, a port list, an unknown peer group or address) makes the part it
 * might cover unknown, never guessed.
 */
import { parseCidrOnly } from './cidr-parse.js';
import { bitsOf, contains, formatCidr, lastAddress, type Cidr, type Family } from './cidr.js';

/** One rule as DescribeSecurityGroupAttribute gives it (camelCase, values as the API writes them). */
export interface SgRuleInput {
  securityGroupRuleId?: string;
  direction: string;
  ipProtocol: string;
  portRange?: string;
  portRangeListId?: string;
  policy: string;
  priority: number;
  sourceCidrIp?: string;
  ipv6SourceCidrIp?: string;
  sourceGroupId?: string;
  sourcePrefixListId?: string;
  sourcePortRange?: string;
  destCidrIp?: string;
  ipv6DestCidrIp?: string;
  destGroupId?: string;
  destPrefixListId?: string;
  nicType?: string;
}

export interface SgGroupInput {
  id: string;
  /** Set for a VPC group; absent for a classic-network group. */
  vpcId?: string;
  /** Accept | Drop: may instances of this group reach each other without a rule? */
  innerAccessPolicy?: string;
  rules: readonly SgRuleInput[];
}

export type FlowProtocol = 'tcp' | 'udp' | 'icmp' | 'icmpv6';

/** One kind of traffic, seen from the security groups being evaluated. */
export interface Flow {
  /** ingress: the remote end opens the connection to us; egress: we open it to the remote end. */
  direction: 'ingress' | 'egress';
  protocol: FlowProtocol;
  /** The destination port (TCP and UDP). */
  port?: number;
  family: Family;
  /**
   * The other end: its addresses (undefined: not known) and its security groups ('none': an Internet host,
   * in no group; undefined: not known).
   */
  remote: { range?: Cidr; groups?: readonly string[] | 'none' };
  /** This end's address, for five-tuple rules (which also name it). */
  local?: Cidr;
  /** Which rules of a classic-network group apply (NicType); a VPC group's rules apply to both. */
  path: 'internet' | 'intranet';
}

export type Outcome = 'allow' | 'deny' | 'unknown';

/** Why a rule could not be settled from the rules alone. */
export type Undecidable = 'port-list' | 'prefix-list' | 'remote-groups-unknown' | 'remote-address-unknown' | 'local-address-unknown' | 'source-port' | 'unreadable';

export type DecidedBy =
  | { kind: 'rule'; groupId: string; rule: SgRuleInput }
  | { kind: 'undecidable'; groupId: string; rule: SgRuleInput; why: Undecidable }
  /** Nothing matched, inbound: denied. */
  | { kind: 'default-deny' }
  /** Nothing matched, inbound, from an instance of the same group: that group's InnerAccessPolicy. */
  | { kind: 'same-group'; groupId: string; policy: 'Accept' | 'Drop' | 'unknown' }
  /** Nothing matched, inbound, and whether the remote end shares a group cannot be told. */
  | { kind: 'same-group-unknown' }
  /** Nothing matched, outbound: allowed in a basic group (an enterprise group denies it). */
  | { kind: 'egress-default' };

/** A part of the remote range and what decided it. `cidrs` is null when the remote's addresses are not known. */
export interface Span {
  outcome: Outcome;
  cidrs: Cidr[] | null;
  by: DecidedBy;
}

export interface Decision {
  /** partial: allowed for part of the remote range and denied for the rest. */
  verdict: 'allow' | 'deny' | 'partial' | 'unknown';
  /** In the order the rules decided them; together they cover the remote range exactly once. */
  spans: Span[];
  /** Accept rules that matched this traffic but decided nothing: a rule before them had already decided. */
  shadowed: Array<{ groupId: string; rule: SgRuleInput }>;
}

// ---- address ranges -------------------------------------------------------------------------------------

interface Interval {
  lo: bigint;
  hi: bigint;
}

const intervalOf = (c: Cidr): Interval => ({ lo: c.network, hi: lastAddress(c) });

function intersect(parts: readonly Interval[], with_: Interval): Interval[] {
  const out: Interval[] = [];
  for (const p of parts) {
    const lo = p.lo > with_.lo ? p.lo : with_.lo;
    const hi = p.hi < with_.hi ? p.hi : with_.hi;
    if (lo <= hi) out.push({ lo, hi });
  }
  return out;
}

function subtract(parts: readonly Interval[], cut: Interval): Interval[] {
  const out: Interval[] = [];
  for (const p of parts) {
    if (cut.hi < p.lo || cut.lo > p.hi) {
      out.push(p);
      continue;
    }
    if (p.lo < cut.lo) out.push({ lo: p.lo, hi: cut.lo - 1n });
    if (p.hi > cut.hi) out.push({ lo: cut.hi + 1n, hi: p.hi });
  }
  return out;
}

/** The fewest CIDR blocks covering exactly [lo, hi]. */
function cidrsOf(family: Family, interval: Interval): Cidr[] {
  const bits = bitsOf(family);
  const out: Cidr[] = [];
  let lo = interval.lo;
  while (lo <= interval.hi) {
    let size = 0;
    while (size < bits && (lo & ((1n << BigInt(size + 1)) - 1n)) === 0n && lo + (1n << BigInt(size + 1)) - 1n <= interval.hi) size++;
    out.push({ family, network: lo, prefix: bits - size });
    lo += 1n << BigInt(size);
  }
  return out;
}

/** A rule's address: a CIDR, or one address (read as /32 or /128). Undefined when it cannot be read. */
export function ruleCidr(text: string | undefined): Cidr | undefined {
  const t = text?.trim();
  if (!t) return undefined;
  const parsed = parseCidrOnly(t.includes('/') ? t : `${t}/${t.includes(':') ? 128 : 32}`);
  return parsed.ok ? parsed.cidr : undefined;
}

// ---- one rule against one flow --------------------------------------------------------------------------

type RuleMatch =
  | { kind: 'skip' }
  /** scope: the remote addresses the rule covers ('all': whatever is left). */
  | { kind: 'match'; scope: Interval | 'all' }
  | { kind: 'undecidable'; scope: Interval | 'all'; why: Undecidable };

const set = (value: string | undefined): string | undefined => (value && value.trim() ? value.trim() : undefined);

/** [from, to] of "80/80", "1/65535"; 'all' for "-1/-1"; undefined when unreadable. */
export function portRangeOf(text: string | undefined): { from: number; to: number } | 'all' | undefined {
  const t = set(text);
  if (!t) return undefined;
  if (t === '-1/-1') return 'all';
  const m = /^(\d{1,5})\/(\d{1,5})$/.exec(t);
  if (!m) return undefined;
  const from = Number(m[1]);
  const to = Number(m[2]);
  return from >= 1 && to <= 65535 && from <= to ? { from, to } : undefined;
}

const everyPort = (text: string | undefined): boolean => {
  const range = portRangeOf(text);
  return !set(text) || range === 'all' || (range !== undefined && range.from === 1 && range.to === 65535);
};

function matchRule(rule: SgRuleInput, flow: Flow): RuleMatch {
  const protocol = rule.ipProtocol.trim().toUpperCase();
  if (protocol !== 'ALL' && protocol !== flow.protocol.toUpperCase()) return { kind: 'skip' };

  let undecided: Undecidable | undefined;
  // The destination port (TCP/UDP); "ALL" and ICMP rules carry -1/-1.
  if ((flow.protocol === 'tcp' || flow.protocol === 'udp') && protocol !== 'ALL') {
    const range = portRangeOf(rule.portRange);
    if (range === undefined) undecided = set(rule.portRangeListId) ? 'port-list' : 'unreadable';
    else if (range !== 'all' && (flow.port === undefined || flow.port < range.from || flow.port > range.to)) return { kind: 'skip' };
  }

  const ingress = flow.direction === 'ingress';
  // The remote end: the source of an inbound rule, the destination of an outbound one.
  const remoteGroup = set(ingress ? rule.sourceGroupId : rule.destGroupId);
  const remotePrefixList = set(ingress ? rule.sourcePrefixListId : rule.destPrefixListId);
  const remoteV4 = set(ingress ? rule.sourceCidrIp : rule.destCidrIp);
  const remoteV6 = set(ingress ? rule.ipv6SourceCidrIp : rule.ipv6DestCidrIp);
  // Five-tuple rules also name this end: the destination of an inbound rule, the source of an outbound one.
  const localText = set(flow.family === 4 ? (ingress ? rule.destCidrIp : rule.sourceCidrIp) : ingress ? rule.ipv6DestCidrIp : rule.ipv6SourceCidrIp);
  const remotePort = ingress ? rule.sourcePortRange : undefined;

  let scope: Interval | 'all' = 'all';
  if (remoteGroup) {
    const groups = flow.remote.groups;
    if (groups === 'none') return { kind: 'skip' };
    if (groups === undefined) undecided ??= 'remote-groups-unknown';
    else if (!groups.includes(remoteGroup)) return { kind: 'skip' };
  } else if (remotePrefixList) {
    undecided ??= 'prefix-list';
  } else {
    const text = flow.family === 4 ? remoteV4 : remoteV6;
    if (!text) {
      // A rule for the other address family (or one naming no remote end at all) does not match.
      if (remoteV4 || remoteV6) return { kind: 'skip' };
      undecided ??= 'unreadable';
    } else {
      const c = ruleCidr(text);
      if (!c || c.family !== flow.family) undecided ??= 'unreadable';
      // Every address of the family is in a /0, whatever the remote's address is.
      else if (!flow.remote.range) undecided = c.prefix === 0 ? undecided : (undecided ?? 'remote-address-unknown');
      else scope = intervalOf(c);
    }
  }

  if (localText) {
    const local = ruleCidr(localText);
    if (!local) undecided ??= 'unreadable';
    else if (!flow.local) undecided ??= 'local-address-unknown';
    else if (!contains(local, flow.local)) return { kind: 'skip' };
  }
  if (!everyPort(remotePort)) undecided ??= 'source-port';

  return undecided ? { kind: 'undecidable', scope, why: undecided } : { kind: 'match', scope };
}

// ---- all rules, in order --------------------------------------------------------------------------------

/** Rules in the order Alibaba Cloud applies them: priority (1 first), then Drop before Accept. */
export function ordered<T extends { rule: SgRuleInput }>(rules: readonly T[]): T[] {
  const drop = (r: SgRuleInput) => (r.policy.trim().toLowerCase() === 'drop' ? 0 : 1);
  return rules
    .map((r, i) => ({ r, i }))
    .sort((a, b) => a.r.rule.priority - b.r.rule.priority || drop(a.r.rule) - drop(b.r.rule) || a.i - b.i)
    .map(({ r }) => r);
}

/** The rules of these groups that apply to this direction and path. */
function applicable(groups: readonly SgGroupInput[], flow: Flow): Array<{ groupId: string; rule: SgRuleInput }> {
  return groups.flatMap((g) =>
    g.rules
      .filter((rule) => rule.direction.trim().toLowerCase() === flow.direction)
      .filter((rule) => !!g.vpcId || !set(rule.nicType) || rule.nicType!.trim().toLowerCase() === flow.path)
      .map((rule) => ({ groupId: g.id, rule })),
  );
}

/** What is left of the remote range: intervals, or the whole of an unknown range. */
type Remaining = { known: true; parts: Interval[] } | { known: false; left: boolean };

function take(remaining: Remaining, scope: Interval | 'all'): { taken: Interval[] | null; empty: boolean } {
  if (!remaining.known) {
    const had = remaining.left;
    remaining.left = false;
    return { taken: null, empty: !had };
  }
  const taken = scope === 'all' ? remaining.parts : intersect(remaining.parts, scope);
  remaining.parts = scope === 'all' ? [] : subtract(remaining.parts, scope);
  return { taken, empty: taken.length === 0 };
}

function defaultFor(groups: readonly SgGroupInput[], flow: Flow): { outcome: Outcome; by: DecidedBy } {
  if (flow.direction === 'egress') return { outcome: 'allow', by: { kind: 'egress-default' } };
  const remote = flow.remote.groups;
  const inner = (g: SgGroupInput): 'Accept' | 'Drop' | 'unknown' => {
    const p = g.innerAccessPolicy?.trim().toLowerCase();
    return p === 'accept' ? 'Accept' : p === 'drop' ? 'Drop' : 'unknown';
  };
  if (remote === undefined) {
    return groups.some((g) => inner(g) !== 'Drop') ? { outcome: 'unknown', by: { kind: 'same-group-unknown' } } : { outcome: 'deny', by: { kind: 'default-deny' } };
  }
  const shared = remote === 'none' ? [] : groups.filter((g) => remote.includes(g.id));
  const accepting = shared.find((g) => inner(g) === 'Accept') ?? shared.find((g) => inner(g) === 'unknown');
  if (accepting) {
    const policy = inner(accepting);
    return { outcome: policy === 'Accept' ? 'allow' : 'unknown', by: { kind: 'same-group', groupId: accepting.id, policy } };
  }
  if (shared[0]) return { outcome: 'deny', by: { kind: 'same-group', groupId: shared[0].id, policy: 'Drop' } };
  return { outcome: 'deny', by: { kind: 'default-deny' } };
}

/**
 * May `flow` pass the pooled rules of `groups` (the security groups of one ENI)? Each part of the remote
 * range is decided by the first rule, in Alibaba Cloud's order, that matches it, else by the default.
 */
export function evaluateFlow(groups: readonly SgGroupInput[], flow: Flow): Decision {
  const range = flow.remote.range;
  const remaining: Remaining = range ? { known: true, parts: [intervalOf(range)] } : { known: false, left: true };
  const toCidrs = (parts: Interval[] | null) => (parts === null ? null : parts.flatMap((p) => cidrsOf(flow.family, p)));
  const spans: Span[] = [];
  const shadowed: Decision['shadowed'] = [];

  for (const { groupId, rule } of ordered(applicable(groups, flow))) {
    if (remaining.known ? remaining.parts.length === 0 : !remaining.left) {
      if (matchRule(rule, flow).kind === 'match' && rule.policy.trim().toLowerCase() === 'accept') shadowed.push({ groupId, rule });
      continue;
    }
    const match = matchRule(rule, flow);
    if (match.kind === 'skip') continue;
    const { taken, empty } = take(remaining, match.scope);
    if (empty) {
      if (match.kind === 'match' && rule.policy.trim().toLowerCase() === 'accept') shadowed.push({ groupId, rule });
      continue;
    }
    if (match.kind === 'undecidable') {
      spans.push({ outcome: 'unknown', cidrs: toCidrs(taken), by: { kind: 'undecidable', groupId, rule, why: match.why } });
    } else {
      spans.push({ outcome: rule.policy.trim().toLowerCase() === 'drop' ? 'deny' : 'allow', cidrs: toCidrs(taken), by: { kind: 'rule', groupId, rule } });
    }
  }
  const left = remaining.known ? (remaining.parts.length ? remaining.parts : undefined) : remaining.left ? null : undefined;
  if (left !== undefined) spans.push({ ...defaultFor(groups, flow), cidrs: toCidrs(left) });

  const outcomes = new Set(spans.map((s) => s.outcome));
  const verdict = outcomes.has('unknown') ? 'unknown' : outcomes.size === 1 ? (outcomes.has('allow') ? 'allow' : 'deny') : 'partial';
  return { verdict, spans, shadowed };
}

/** The accept rules (inbound) that authorize another security group: how §2.3's "authorization" is written. */
export function groupAuthorizations(groups: readonly SgGroupInput[]): Array<{ groupId: string; rule: SgRuleInput; from: string }> {
  return ordered(applicable(groups, { direction: 'ingress', protocol: 'tcp', family: 4, remote: {}, path: 'intranet' }))
    .filter(({ rule }) => set(rule.sourceGroupId) && rule.policy.trim().toLowerCase() === 'accept')
    .map(({ groupId, rule }) => ({ groupId, rule, from: rule.sourceGroupId!.trim() }));
}

/** Short text of CIDR blocks: the first few, and how many more. */
export function cidrList(cidrs: readonly Cidr[], max = 3): string {
  const shown = cidrs.slice(0, max).map(formatCidr).join(', ');
  return cidrs.length > max ? `${shown} (+${cidrs.length - max})` : shown;
}
