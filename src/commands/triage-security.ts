/**
 * Triage's security-group steps: the live rules of the instance's groups (read once per triage with
 * DescribeSecurityGroupAttribute) judged by the evaluator of src/net for the service in question:
 * - internet: is it open to the Internet (0.0.0.0/0, or the caller's range), given priorities and Drop rules;
 * - intranet: between this instance and another one of the same VPC, both ways (authorization between
 *   groups, the group's internal policy, §2.3);
 * - ipv6: is there an IPv6 rule for it (::/0, or the caller's range), per ENI holding IPv6 addresses (§4);
 * - outbound: may the instance open connections to the Internet (0.0.0.0/0) on it (§4.1: rules allow or deny
 *   the instance's access to the Internet).
 * A failed read makes the step unknown with the cloud's message: it never costs the rest of the runbook.
 */
import type { SecurityGroupsOf } from '../cloud/ecs.js';
import { CloudError } from '../cloud/errors.js';
import { securityGroupIdsOf } from '../cloud/security-groups.js';
import type { FetchedFacts, FetchedSecurityGroups, InstanceFacts, SecurityGroupFacts } from '../cloud/facts.js';
import { fill, type Bilingual, type Lang } from '../i18n/lang.js';
import { triageStrings as S } from '../i18n/triage.js';
import type { SecurityGroupScope, ServiceSpec } from '../knowledge/schema.js';
import { bitsOf, formatAddress, formatCidr, type Cidr, type Family } from '../net/cidr.js';
import { cidrList, evaluateFlow, groupAuthorizations, ruleCidr, type Decision, type Flow, type SgRuleInput, type Span } from '../net/security-group.js';
import { cloudClientOf } from './cloud-client.js';
import { echo } from './echo.js';
import type { Peer } from './triage-traffic.js';
import type { Services } from './types.js';

export type SgStatus = 'pass' | 'fail' | 'unknown' | 'info';

/** What the user asked about: the services (named, or the step's defaults), the caller's range, the other end. */
export interface SecurityGroupAsk {
  services: ServiceSpec[];
  servicesFrom: 'flag' | 'text' | 'default' | 'none';
  caller?: Cidr;
  peer?: Peer;
}

/** One judged flow, for --json: the service, its direction and ends, the verdict and what decided each part. */
export interface FlowResult {
  service: ServiceSpec;
  direction: 'ingress' | 'egress';
  /** The ENI whose groups were judged (IPv6: each ENI holding addresses). */
  eni?: string;
  remote: string;
  verdict: Decision['verdict'];
  spans: Array<{ outcome: Span['outcome']; cidrs: string[] | null; by: Record<string, unknown> }>;
}

export interface SecurityGroupCheckInfo {
  kind: 'security-group';
  scope: SecurityGroupScope;
  services: ServiceSpec[];
  servicesFrom: SecurityGroupAsk['servicesFrom'];
  from?: string;
  peer?: string;
  groups?: string[];
  requestIds?: string[];
  results?: FlowResult[];
}

export interface SecurityGroupStep {
  status: SgStatus;
  detail: Bilingual;
  check: SecurityGroupCheckInfo;
}

/** The groups of one triage, read once whatever the number of steps that need them. */
export type GroupReader = (instance: SecurityGroupsOf) => Promise<FetchedSecurityGroups>;

export function groupReader(services: Services): GroupReader {
  const read = new Map<string, Promise<FetchedSecurityGroups>>();
  return (instance) => {
    const key = `${instance.regionId}/${securityGroupIdsOf(instance).join(',')}`;
    let pending = read.get(key);
    if (!pending) {
      pending = cloudClientOf(services).then((client) => client.describeSecurityGroups(instance));
      read.set(key, pending);
    }
    return pending;
  };
}

// ---- words ---------------------------------------------------------------------------------------------

const both = (make: (lang: Lang) => string): Bilingual => ({ zh: make('zh'), en: make('en') });
/** A range as people write it: one address without its /32 or /128. */
const showRange = (c: Cidr): string => (c.prefix === bitsOf(c.family) ? formatAddress(c.family, c.network) : formatCidr(c));
const ANY = { 4: '0.0.0.0/0', 6: '::/0' } as const;

function serviceText(service: ServiceSpec, family: Family, lang: Lang): string {
  return service === 'ping' ? fill(S.sgPing[lang], { protocol: family === 6 ? 'ICMPv6' : 'ICMP' }) : fill(S.sgTcp[lang], { port: service });
}

const servicesText = (services: readonly ServiceSpec[], family: Family, lang: Lang) => services.map((s) => serviceText(s, family, lang)).join(lang === 'zh' ? '、' : ', ');

function remoteOf(rule: SgRuleInput, direction: 'ingress' | 'egress', family: Family): string {
  const ingress = direction === 'ingress';
  const group = ingress ? rule.sourceGroupId : rule.destGroupId;
  const prefixList = ingress ? rule.sourcePrefixListId : rule.destPrefixListId;
  const v4 = ingress ? rule.sourceCidrIp : rule.destCidrIp;
  const v6 = ingress ? rule.ipv6SourceCidrIp : rule.ipv6DestCidrIp;
  return echo((group || prefixList || (family === 6 ? v6 || v4 : v4 || v6) || '?').trim(), 64);
}

function ruleText(groupId: string, rule: SgRuleInput, direction: 'ingress' | 'egress', family: Family, lang: Lang): string {
  const remote = fill((direction === 'ingress' ? S.sgRemoteFrom : S.sgRemoteTo)[lang], { remote: remoteOf(rule, direction, family) });
  return fill(S.sgRule[lang], {
    group: groupId,
    rule: echo(rule.securityGroupRuleId ?? '?', 40),
    policy: echo(rule.policy, 10),
    protocol: echo(rule.ipProtocol, 10),
    ports: echo(rule.portRange ?? rule.portRangeListId ?? '', 40),
    remote,
    priority: rule.priority,
  });
}

function byText(span: Span, flow: Flow, lang: Lang): string {
  const by = span.by;
  switch (by.kind) {
    case 'rule':
      return ruleText(by.groupId, by.rule, flow.direction, flow.family, lang);
    case 'undecidable':
      return fill(S.sgUndecidable[lang], { rule: ruleText(by.groupId, by.rule, flow.direction, flow.family, lang), why: S.sgWhy[by.why][lang] });
    case 'default-deny':
      return S.sgDefaultDeny[lang];
    case 'same-group':
      return fill(S.sgSameGroup[lang], { group: by.groupId, policy: by.policy });
    case 'same-group-unknown':
      return S.sgSameGroupUnknown[lang];
    case 'egress-default':
      return S.sgEgressDefault[lang];
  }
}

/** "TCP 80 from 0.0.0.0/0: blocked (…)", with the part each rule decided when they differ. */
function decisionLine(service: ServiceSpec, flow: Flow, decision: Decision, remote: string, lang: Lang): string {
  const whole = decision.spans.length === 1;
  const isDefault = (span: Span) => span.by.kind !== 'rule' && span.by.kind !== 'undecidable';
  const spans = decision.spans.map((span, i) =>
    fill(S.sgSpan[lang], {
      outcome: whole ? '' : S.sgVerdict[span.outcome === 'allow' ? 'allow' : span.outcome === 'deny' ? 'deny' : 'unknown'][lang],
      // What no rule decided is "the rest", not a list of the blocks left over.
      part: whole || !span.cidrs ? '' : i === decision.spans.length - 1 && isDefault(span) ? S.sgRest[lang] : fill(S.sgPart[lang], { cidrs: cidrList(span.cidrs) }),
      by: byText(span, flow, lang),
    }).trim(),
  );
  const why = whole ? `${lang === 'zh' ? '' : ' '}${spans[0]}` : `${lang === 'zh' ? '：' : ': '}${spans.join(lang === 'zh' ? '；' : '; ')}`;
  const template = flow.direction === 'ingress' ? S.sgLine : S.sgLineOut;
  return fill(template[lang], { service: serviceText(service, flow.family, lang), from: remote, to: remote, verdict: S.sgVerdict[decision.verdict][lang], why });
}

function shadowLine(decision: Decision, lang: Lang): string | undefined {
  if (decision.verdict === 'allow' || !decision.shadowed.length) return undefined;
  const rules = decision.shadowed.slice(0, 3).map((s) => `${s.groupId} ${echo(s.rule.securityGroupRuleId ?? '?', 40)} (${s.rule.priority})`);
  return fill(S.sgShadowed[lang], { rules: rules.join(', ') });
}

function resultOf(service: ServiceSpec, flow: Flow, decision: Decision, remote: string, eni?: string): FlowResult {
  return {
    service,
    direction: flow.direction,
    ...(eni ? { eni } : {}),
    remote,
    verdict: decision.verdict,
    spans: decision.spans.map((s) => ({
      outcome: s.outcome,
      cidrs: s.cidrs ? s.cidrs.map(formatCidr) : null,
      by:
        s.by.kind === 'rule' || s.by.kind === 'undecidable'
          ? { kind: s.by.kind, groupId: s.by.groupId, ruleId: s.by.rule.securityGroupRuleId ?? null, policy: s.by.rule.policy, priority: s.by.rule.priority, ...(s.by.kind === 'undecidable' ? { why: s.by.why } : {}) }
          : { ...s.by },
    })),
  };
}

// ---- flows ---------------------------------------------------------------------------------------------

/** The flow of one service: TCP to its port, or ping (ICMP, ICMPv6 over IPv6). */
function flowOf(service: ServiceSpec, base: Omit<Flow, 'protocol' | 'port'>): Flow {
  return service === 'ping' ? { ...base, protocol: base.family === 6 ? 'icmpv6' : 'icmp' } : { ...base, protocol: 'tcp', port: service };
}

const host = (address: string | undefined): Cidr | undefined => (address ? ruleCidr(address) : undefined);

/** The groups of the primary ENI (the instance's own list, else the primary ENI's). */
function primaryGroupIds(instance: InstanceFacts): string[] {
  return instance.securityGroupIds ?? instance.enis.find((e) => e.type === 'Primary')?.securityGroupIds ?? [];
}

const pick = (all: readonly SecurityGroupFacts[], ids: readonly string[]) => all.filter((g) => ids.includes(g.id));

/**
 * The step's status from each service's verdict. Services the user named must all be open; the runbook's
 * own defaults (the user named none) are information when some are open and some are not.
 */
function combine(outcomes: Array<Decision['verdict']>, named: boolean): SgStatus {
  const each = outcomes.map((v) => (v === 'allow' ? 'pass' : v === 'unknown' ? 'unknown' : 'fail'));
  if (!each.length) return 'unknown';
  if (each.includes('unknown')) return 'unknown';
  if (each.every((e) => e === 'pass')) return 'pass';
  if (each.every((e) => e === 'fail')) return 'fail';
  return named ? 'fail' : 'info';
}

/** The line that says a mixed result among default ports depends on the port in use (the site's, or the one dialled out). */
const mixedDefaults = (status: SgStatus, words: Bilingual = S.sgMixedDefaults): Bilingual[] => (status === 'info' ? [both((lang) => words[lang])] : []);

interface Judged {
  status: SgStatus;
  lines: Bilingual[];
  results: FlowResult[];
}

/** Judges one flow against these groups, adding its line (and any Accept it overrode) and its result. */
function judge(into: Omit<Judged, 'status'>, service: ServiceSpec, groups: readonly SecurityGroupFacts[], flow: Flow, remote: string, eni?: string): Decision {
  const decision = evaluateFlow(groups, flow);
  into.lines.push(both((lang) => decisionLine(service, flow, decision, remote, lang)));
  if (shadowLine(decision, 'en')) into.lines.push(both((lang) => shadowLine(decision, lang)!));
  into.results.push(resultOf(service, flow, decision, remote, eni));
  return decision;
}

const finish = (into: Omit<Judged, 'status'>, outcomes: Array<Decision['verdict']>, ask: SecurityGroupAsk, mixed?: Bilingual): Judged => {
  const status = combine(outcomes, ask.servicesFrom !== 'default');
  return { status, lines: [...into.lines, ...mixedDefaults(status, mixed)], results: into.results };
};

const fromInternet = (range: Cidr) => ({ range, groups: 'none' as const });

/** Inbound from the Internet (or the caller's range) on the primary ENI; the IPv6 view as information. */
function judgeInternet(instance: InstanceFacts, groups: SecurityGroupFacts[], ask: SecurityGroupAsk): Judged {
  const own = pick(groups, primaryGroupIds(instance));
  const into = { lines: [] as Bilingual[], results: [] as FlowResult[] };
  const family: Family = ask.caller?.family ?? 4;
  const range = ask.caller ?? ruleCidr(ANY[family])!;
  const local = family === 4 ? host(instance.networkType === 'vpc' ? instance.privateIps[0] : instance.publicIp?.address) : host(instance.ipv6[0]);
  const outcomes: Array<Decision['verdict']> = [];
  for (const service of ask.services) {
    const remote = showRange(range);
    const decision = judge(into, service, own, flowOf(service, { direction: 'ingress', family, remote: fromInternet(range), ...(local ? { local } : {}), path: 'internet' }), remote);
    outcomes.push(decision.verdict);
    // Nothing allowed it (no Drop either): the rule to add. A Drop in the way is for its owner to weigh.
    if (service !== 'ping' && decision.spans.every((sp) => sp.by.kind === 'default-deny')) {
      into.lines.push(both((lang) => fill(S.sgFixInbound[lang], { groups: own.map((g) => g.id).join(lang === 'zh' ? '或' : ' or '), protocol: 'TCP', ports: `${service}/${service}`, from: remote })));
    }
  }
  // Over IPv6 the rules are separate (§4): shown, not judged, when the instance has IPv6 and no caller was named.
  if (!ask.caller && instance.ipv6.length) {
    into.lines.push(both((lang) => S.sgIpv6Info[lang]));
    const local6 = host(instance.ipv6[0]);
    for (const service of ask.services) {
      judge(into, service, own, flowOf(service, { direction: 'ingress', family: 6, remote: fromInternet(ruleCidr(ANY[6])!), ...(local6 ? { local: local6 } : {}), path: 'internet' }), ANY[6]);
    }
  }
  return finish(into, outcomes, ask);
}

/**
 * Outbound to the Internet (0.0.0.0/0) from the primary ENI. What no rule decides is allowed in a basic group
 * (the evaluator says an enterprise group denies it); a Drop rule in the way gets the way round it.
 */
function judgeOutbound(instance: InstanceFacts, groups: SecurityGroupFacts[], ask: SecurityGroupAsk): Judged {
  const own = pick(groups, primaryGroupIds(instance));
  const into = { lines: [] as Bilingual[], results: [] as FlowResult[] };
  const range = ruleCidr(ANY[4])!;
  const local = host(instance.networkType === 'vpc' ? instance.privateIps[0] : instance.publicIp?.address);
  const outcomes: Array<Decision['verdict']> = [];
  for (const service of ask.services) {
    const decision = judge(into, service, own, flowOf(service, { direction: 'egress', family: 4, remote: fromInternet(range), ...(local ? { local } : {}), path: 'internet' }), ANY[4]);
    outcomes.push(decision.verdict);
    // Only a Drop denies outbound; an Accept can outrank it only from a smaller priority number (1 is the top).
    const drops = decision.spans.flatMap((sp) => (sp.outcome === 'deny' && sp.by.kind === 'rule' ? [sp.by.rule.priority] : []));
    if (drops.length) {
      const protocol = service === 'ping' ? 'ICMP' : 'TCP';
      const ports = service === 'ping' ? '-1/-1' : `${service}/${service}`;
      const words = Math.min(...drops) > 1 ? S.sgFixOutbound : S.sgFixOutboundTop;
      into.lines.push(both((lang) => fill(words[lang], { groups: own.map((g) => g.id).join(lang === 'zh' ? '或' : ' or '), protocol, ports, to: ANY[4] })));
    }
  }
  return finish(into, outcomes, ask, S.sgMixedDefaultsOut);
}

/** Inbound over IPv6 (::/0, or the caller's IPv6 range) on each ENI holding IPv6 addresses. */
function judgeIpv6(instance: InstanceFacts, groups: SecurityGroupFacts[], ask: SecurityGroupAsk): Judged {
  const into = { lines: [] as Bilingual[], results: [] as FlowResult[] };
  const range = ask.caller?.family === 6 ? ask.caller : ruleCidr(ANY[6])!;
  if (ask.caller && ask.caller.family !== 6) into.lines.push(both((lang) => fill(S.sgCallerFamily[lang], { from: formatCidr(ask.caller!), family: 'IPv6', used: ANY[6] })));
  const holders = instance.enis.filter((e) => e.ipv6.length);
  const primary = instance.enis.find((e) => e.type === 'Primary');
  const targets = holders.length
    ? holders.map((e) => ({ eni: e.id, address: e.ipv6[0], ids: e.securityGroupIds ?? (e.type === 'Primary' ? primaryGroupIds(instance) : []) }))
    : [{ eni: primary?.id, address: instance.ipv6[0], ids: primaryGroupIds(instance) }];
  if (!holders.length) into.lines.push(both((lang) => S.sgNoIpv6Yet[lang]));
  const outcomes: Array<Decision['verdict']> = [];
  for (const target of targets) {
    const own = pick(groups, target.ids);
    if (holders.length > 1 || (holders.length === 1 && instance.enis.length > 1)) into.lines.push(both((lang) => fill(S.sgEni[lang], { eni: target.eni ?? '?', address: target.address ?? '-' })));
    const local = host(target.address);
    for (const service of ask.services) {
      const decision = judge(into, service, own, flowOf(service, { direction: 'ingress', family: 6, remote: fromInternet(range), ...(local ? { local } : {}), path: 'internet' }), showRange(range), target.eni);
      outcomes.push(decision.verdict);
      if (decision.verdict !== 'allow') {
        // The IPv4 rules often allow what IPv6 does not: §4's point that the two are configured apart.
        const v4 = evaluateFlow(own, flowOf(service, { direction: 'ingress', family: 4, remote: fromInternet(ruleCidr(ANY[4])!), path: 'internet' }));
        if (v4.verdict === 'allow') into.lines.push(both((lang) => fill(S.sgIpv4Only[lang], { service: serviceText(service, 6, lang) })));
      }
    }
  }
  return finish(into, outcomes, ask);
}

/** The other end of intranet traffic, as the evaluator needs it. */
interface OtherEnd {
  label: string;
  range?: Cidr;
  groups?: string[];
  /** The other end's groups' rules, when we read them (its own outbound and inbound then count). */
  own?: SecurityGroupFacts[];
  line: Bilingual;
}

/** One end of intranet traffic: its address and its groups, each when known. */
interface End {
  range?: Cidr;
  groups?: readonly string[];
}

/** Both ways between this instance and the other end, each needing the sender's outbound and the receiver's inbound. */
function judgeIntranet(instance: InstanceFacts, groups: SecurityGroupFacts[], ask: SecurityGroupAsk, other: OtherEnd): Judged {
  const ownIds = primaryGroupIds(instance);
  const own = pick(groups, ownIds);
  const self = host(instance.privateIps[0]);
  const us: End = { ...(self ? { range: self } : {}), groups: ownIds };
  const them: End = { ...(other.range ? { range: other.range } : {}), ...(other.groups ? { groups: other.groups } : {}) };
  const into = { lines: [other.line] as Bilingual[], results: [] as FlowResult[] };
  const outcomes: Array<Decision['verdict']> = [];
  const usLabel = instance.privateIps[0] ? `${instance.instanceId} (${instance.privateIps[0]})` : instance.instanceId;
  const themLabel = other.range ? showRange(other.range) : other.label;
  const flowBetween = (service: ServiceSpec, direction: Flow['direction'], remote: End, local: End) =>
    flowOf(service, { direction, family: 4, remote: { ...remote }, ...(local.range ? { local: local.range } : {}), path: 'intranet' });
  for (const service of ask.services) {
    // The sender's outbound, then the receiver's inbound; the other end's own rules only when we read them.
    const towardUs = [
      ...(other.own ? [{ groups: other.own, flow: flowBetween(service, 'egress', us, them), remote: usLabel }] : []),
      { groups: own, flow: flowBetween(service, 'ingress', them, us), remote: themLabel },
    ];
    const towardThem = [
      { groups: own, flow: flowBetween(service, 'egress', them, us), remote: themLabel },
      ...(other.own ? [{ groups: other.own, flow: flowBetween(service, 'ingress', us, them), remote: usLabel }] : []),
    ];
    const ways: Array<Decision['verdict']> = [];
    for (const [heading, legs] of [
      [S.sgDirectionIn, towardUs],
      [S.sgDirectionOut, towardThem],
    ] as const) {
      into.lines.push(both((lang) => fill(heading[lang], { peer: other.label })));
      const verdicts = legs.map((leg) => judge(into, service, leg.groups, leg.flow, leg.remote).verdict);
      // A way is open when every leg is; blocked when any leg is; else it cannot be told.
      ways.push(verdicts.includes('deny') || verdicts.includes('partial') ? 'deny' : verdicts.includes('unknown') ? 'unknown' : 'allow');
    }
    outcomes.push(...ways);
    const [toUs, toThem] = ways;
    if ((toUs === 'allow') !== (toThem === 'allow') && !ways.includes('unknown')) {
      const [from, to] = toUs === 'allow' ? [other.label, usLabel] : [usLabel, other.label];
      into.lines.push(both((lang) => fill(S.sgOneWay[lang], { from: `${serviceText(service, 4, lang)} ${from}`, to })));
    }
  }
  return { status: combine(outcomes, true), lines: into.lines, results: into.results };
}

/** Without the other end: what this instance's groups authorize (§2.3) and their internal policy, and how to name it. */
function intranetOverview(instance: InstanceFacts, groups: SecurityGroupFacts[], peerNamed = false): Bilingual[] {
  const own = pick(groups, primaryGroupIds(instance));
  const auth = groupAuthorizations(own).slice(0, 5);
  return [
    ...own.map((g) => both((lang) => fill(S.sgInnerPolicy[lang], { group: g.id, policy: echo(g.innerAccessPolicy ?? '?', 10) }))),
    auth.length
      ? both((lang) => fill(S.sgAuthorizations[lang], { rules: auth.map((a) => ruleText(a.groupId, a.rule, 'ingress', 4, lang)).join(lang === 'zh' ? '；' : '; ') }))
      : both((lang) => S.sgNoAuthorizations[lang]),
    ...(peerNamed ? [] : [both((lang) => S.sgAskPeer[lang])]),
  ];
}

// ---- the step ------------------------------------------------------------------------------------------

const joinLines = (lines: readonly Bilingual[]): Bilingual => ({ zh: lines.map((l) => l.zh).join(' '), en: lines.map((l) => l.en).join(' ') });
/** A cloud failure's own words (only CloudErrors leave src/cloud; anything else is a bug, said plainly). */
const cloudMessage = (error: unknown): Bilingual => (error instanceof CloudError ? error.messages : { zh: '内部错误', en: 'internal error' });
const failedRead = (error: unknown): Bilingual => both((lang) => fill(S.sgReadFailed[lang], { message: cloudMessage(error)[lang] }));

export interface SecurityGroupStepInput {
  scope: SecurityGroupScope;
  ask: SecurityGroupAsk;
  fetched: FetchedFacts | null;
  read: GroupReader;
  /** Reads the other instance of an intranet check (same region). */
  describePeer: (instanceId: string) => Promise<FetchedFacts>;
  at: Date;
}

function peerLabel(peer: Peer): string {
  return peer.kind === 'instance' ? peer.instanceId : peer.kind === 'group' ? peer.groupId : formatCidr(peer.cidr);
}

export async function securityGroupStep(input: SecurityGroupStepInput): Promise<SecurityGroupStep> {
  const { scope, ask, fetched } = input;
  const family: Family = scope === 'ipv6' ? 6 : 4;
  const check: SecurityGroupCheckInfo = {
    kind: 'security-group',
    scope,
    services: ask.services,
    servicesFrom: ask.servicesFrom,
    ...(ask.caller ? { from: formatCidr(ask.caller) } : {}),
    ...(ask.peer ? { peer: peerLabel(ask.peer) } : {}),
  };
  if (!fetched) {
    const services = ask.services.length ? ask.services : [];
    const detail = both((lang) => fill(S.sgNeedInstance[lang], { services: services.length ? servicesText(services, family, lang) : '—' }));
    return { status: 'unknown', detail, check };
  }

  const instance = fetched.instance;
  let read: FetchedSecurityGroups;
  try {
    read = await input.read(instance);
  } catch (error) {
    return { status: 'unknown', detail: failedRead(error), check };
  }
  check.groups = read.groups.map((g) => g.id);
  check.requestIds = read.requestIds;
  if (!read.groups.length) return { status: 'unknown', detail: both((lang) => S.sgNoGroups[lang]), check };
  const seconds = Math.max(0, Math.round((input.at.getTime() - read.fetchedAt.getTime()) / 1000));
  const header = both((lang) =>
    fill(S.sgGroups[lang], { groups: read.groups.map((g) => g.id).join(', '), count: read.groups.reduce((n, g) => n + g.rules.length, 0), seconds, cached: read.fromCache ? S.cached[lang] : '' }),
  );
  const defaults = ask.servicesFrom === 'default' ? [both((lang) => fill(S.sgDefaultPorts[lang], { services: servicesText(ask.services, family, lang) }))] : [];

  if (!ask.services.length) {
    // Nothing to judge yet: what the groups authorize (§2.3), and which port to name.
    const overview = scope === 'intranet' ? intranetOverview(instance, read.groups, !!ask.peer) : [];
    return { status: 'unknown', detail: joinLines([header, ...overview, both((lang) => S.sgAskPort[lang])]), check };
  }
  let judged: Judged;
  if (scope === 'internet') judged = judgeInternet(instance, read.groups, ask);
  else if (scope === 'ipv6') judged = judgeIpv6(instance, read.groups, ask);
  else if (scope === 'outbound') judged = judgeOutbound(instance, read.groups, ask);
  else {
    const other = await otherEnd(ask.peer, instance, input);
    if (!other) return { status: 'unknown', detail: joinLines([header, ...intranetOverview(instance, read.groups)]), check };
    if ('failed' in other) return { status: 'unknown', detail: joinLines([header, other.failed]), check };
    if ('otherVpc' in other) return { status: 'info', detail: joinLines([header, other.otherVpc]), check };
    judged = judgeIntranet(instance, read.groups, ask, other);
  }
  check.results = judged.results;
  return { status: judged.status, detail: joinLines([header, ...defaults, ...judged.lines]), check };
}

/** The other end of an intranet check, read when it is an instance (its groups too); undefined when not named. */
async function otherEnd(
  peer: Peer | undefined,
  instance: InstanceFacts,
  input: SecurityGroupStepInput,
): Promise<OtherEnd | { failed: Bilingual } | { otherVpc: Bilingual } | undefined> {
  if (!peer) return undefined;
  if (peer.kind === 'group') {
    // Any instance of that group: its own rules count too (read like the instance's own groups).
    let read: FetchedSecurityGroups;
    try {
      read = await input.read({ ...instance, securityGroupIds: [peer.groupId], enis: [] });
    } catch (error) {
      const message = cloudMessage(error);
      return { failed: both((lang) => fill(S.sgPeerFailed[lang], { peer: peer.groupId, message: message[lang] })) };
    }
    const vpc = read.groups[0]?.vpcId;
    if (instance.vpcId && vpc && vpc !== instance.vpcId) return { otherVpc: both((lang) => fill(S.sgOtherVpc[lang], { peerVpc: vpc, vpc: instance.vpcId! })) };
    return { label: peer.groupId, groups: [peer.groupId], own: read.groups, line: both((lang) => fill(S.sgPeerGroup[lang], { group: peer.groupId })) };
  }
  if (peer.kind === 'range') {
    const label = formatCidr(peer.cidr);
    return { label, range: peer.cidr, line: both((lang) => fill(S.sgPeerRange[lang], { peer: label })) };
  }
  let facts: InstanceFacts;
  let groups: FetchedSecurityGroups;
  try {
    facts = (await input.describePeer(peer.instanceId)).instance;
    groups = await input.read(facts);
  } catch (error) {
    const message = cloudMessage(error);
    return { failed: both((lang) => fill(S.sgPeerFailed[lang], { peer: peer.instanceId, message: message[lang] })) };
  }
  if (instance.vpcId && facts.vpcId && instance.vpcId !== facts.vpcId) {
    return { otherVpc: both((lang) => fill(S.sgOtherVpc[lang], { peerVpc: facts.vpcId!, vpc: instance.vpcId! })) };
  }
  const ids = primaryGroupIds(facts);
  const address = facts.privateIps[0];
  const label = address ? `${facts.instanceId} (${address})` : facts.instanceId;
  return {
    label,
    ...(host(address) ? { range: host(address)! } : {}),
    groups: ids,
    own: pick(groups.groups, ids),
    line: both((lang) => fill(S.sgPeerLine[lang], { peer: label, groups: ids.join(', ') || '—' })),
  };
}
