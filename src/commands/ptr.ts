import { PTR_ACCEPTED, ptrStrings as S } from '../i18n/ptr.js';
import { fill, fillBoth, type Bilingual, type Lang } from '../i18n/lang.js';
import {
  DEFAULT_TIMEOUT_MS,
  DEFAULT_TRIES,
  MAX_CNAME_HOPS,
  nameKey,
  parseServer,
  readSystemResolver,
  resolve,
  type DnsRecord,
  type DnsServer,
  type QueryOptions,
  type Resolution,
} from '../net/dns.js';
import { classify, looksGeneric, parseIp, reverseName, sameAddress, unmapIpv4, type AddressScope, type IpAddress } from '../net/ip.js';
import type { Facts, ResolvedSource, Verdict } from '../rules/engine.js';
import { parseFlags } from './flags.js';
import { CommandFailure, parsed, rejected, type ParseContext, type Parsed, type Services } from './types.js';
import { echo } from './echo.js';

export type ServerSource = 'flag' | 'env' | 'system';

export interface PtrArgs {
  ip: IpAddress;
  /** What the user typed when it was an IPv4-mapped IPv6 address, else null. */
  mappedFrom: string | null;
  /** null: ask the system resolver (read at run time). */
  server: DnsServer | null;
  serverSource: ServerSource;
  timeoutMs: number;
  tries: number;
}

export type Severity = 'error' | 'warning' | 'info';

export interface PtrFinding {
  /** Stable machine-readable code (part of the JSON contract). */
  code: string;
  severity: Severity;
  /** How the text reply shows it: a passed/failed/unknown check, or a plain note. */
  status: 'pass' | 'fail' | 'unknown' | 'note';
  message: Bilingual;
  source?: ResolvedSource;
  entries: string[];
}

export interface ForwardCheck {
  name: string;
  type: 'A' | 'AAAA';
  rcode: string;
  chain: DnsRecord[];
  /** true: the addresses include the IP; false: they do not (or the name does not exist); null: no answer. */
  confirmed: boolean | null;
}

export interface PtrResult {
  ip: string;
  mappedFrom: string | null;
  scope: AddressScope;
  reverseName: string;
  server: string;
  serverSource: ServerSource;
  rcode: string;
  transport: 'udp' | 'tcp' | null;
  /** The reverse lookup's answer: CNAMEs followed, then the PTR records. */
  chain: DnsRecord[];
  ptr: string[];
  ttl: number | null;
  forward: ForwardCheck[];
  forwardConfirmed: boolean | null;
  findings: PtrFinding[];
}

export const MAX_TIMEOUT_MS = 60_000;
/** Forward-check at most this many PTR names: there should be one; more is already an error. */
export const MAX_FORWARD_CHECKS = 4;


function ipError(reason: keyof typeof S.ip, input: string, lang: Lang) {
  return rejected<PtrArgs>(`bad_ip_${reason}`, fill(S.ip[reason][lang], { input: echo(input), accepted: PTR_ACCEPTED.ip[lang] }));
}

function serverError(code: string, template: Bilingual, reason: keyof typeof S.serverWhy, input: string, lang: Lang) {
  return rejected<PtrArgs>(code, fill(template[lang], { input: echo(input), why: S.serverWhy[reason][lang], accepted: PTR_ACCEPTED.server[lang] }));
}

export function parsePtr(tokens: readonly string[], ctx: ParseContext, services: Pick<Services, 'env'>): Parsed<PtrArgs> {
  const { lang } = ctx;
  const flags = parseFlags(tokens, { server: 'string' }, lang, '192.0.2.53:53');
  if (!flags.ok) return flags;
  const { positionals, values } = flags.args;
  if (positionals.length === 0) return rejected('missing_ip', fill(S.missingIp[lang], { accepted: PTR_ACCEPTED.ip[lang] }));
  if (positionals.length > 1) {
    return rejected('too_many_ips', fill(S.tooManyIps[lang], { count: positionals.length, input: echo(positionals.join(' ')), accepted: PTR_ACCEPTED.ip[lang] }));
  }
  const input = positionals[0]!;
  const ip = parseIp(input);
  if (!ip.ok) return ipError(ip.reason, input, lang);
  const mapped = unmapIpv4(ip.ip);

  let server: DnsServer | null = null;
  let serverSource: ServerSource = 'system';
  if (typeof values.server === 'string' && ctx.remote) {
    // From chat, a user-chosen server would let anyone make the bot's host send packets anywhere.
    return rejected('server_not_allowed', S.serverNotAllowed[lang]);
  }
  if (typeof values.server === 'string') {
    const s = parseServer(values.server);
    if (!s.ok) return serverError('bad_server', S.badServer, s.reason, values.server, lang);
    [server, serverSource] = [s.server, 'flag'];
  } else if (services.env.NETBOT_DNS_SERVER?.trim()) {
    const raw = services.env.NETBOT_DNS_SERVER;
    const s = parseServer(raw);
    if (!s.ok) return serverError('bad_env_server', S.badEnvServer, s.reason, raw, lang);
    [server, serverSource] = [s.server, 'env'];
  }

  let timeoutMs = DEFAULT_TIMEOUT_MS;
  const rawTimeout = services.env.NETBOT_DNS_TIMEOUT_MS?.trim();
  if (rawTimeout) {
    timeoutMs = /^\d{1,6}$/.test(rawTimeout) ? Number(rawTimeout) : NaN;
    if (!(timeoutMs >= 1 && timeoutMs <= MAX_TIMEOUT_MS)) {
      return rejected('bad_env_timeout', fill(S.badEnvTimeout[lang], { input: echo(rawTimeout), max: MAX_TIMEOUT_MS }));
    }
  }
  return parsed({ ip: mapped ?? ip.ip, mappedFrom: mapped ? input.trim() : null, server, serverSource, timeoutMs, tries: DEFAULT_TRIES });
}


const note = (code: string, severity: Severity, message: Bilingual, status: PtrFinding['status'] = severity === 'info' ? 'note' : 'fail'): PtrFinding => ({
  code,
  severity,
  status,
  message,
  entries: [],
});

/** How each rules check turns into findings: the code per outcome; an outcome without a code is not reported. */
const CHECK_CODES: Record<string, { pass?: string; fail: string; unknown?: string }> = {
  'public-address': { fail: 'non-public-address' },
  'has-ptr': { fail: 'no-ptr' },
  'one-ptr-per-ip': { pass: 'single-ptr', fail: 'multiple-ptr' },
  'forward-confirmed': { pass: 'forward-confirmed', fail: 'forward-mismatch', unknown: 'forward-unchecked' },
  'specific-name': { fail: 'generic-name' },
  'ttl-not-too-low': { pass: 'ttl', fail: 'low-ttl' },
};

function verdictFindings(verdict: Verdict): PtrFinding[] {
  const findings: PtrFinding[] = [];
  for (const check of verdict.checks) {
    const codes = CHECK_CODES[check.id] ?? { fail: check.id };
    const code = check.pass === true ? codes.pass : check.pass === false ? codes.fail : codes.unknown;
    if (!code) continue;
    findings.push({
      code,
      severity: check.pass === true ? 'info' : check.pass === false ? check.severity : 'warning',
      status: check.pass === true ? 'pass' : check.pass === false ? 'fail' : 'unknown',
      message: check.message,
      source: check.source,
      entries: check.entries,
    });
  }
  for (const n of verdict.notes) findings.push({ code: n.id, severity: 'info', status: 'note', message: n.message, source: n.source, entries: n.entries });
  return findings;
}

function dnsOutcomeFinding(res: Resolution, ctx: { ip: string; reverseName: string; server: string; timeoutMs: number; tries: number }): PtrFinding | null {
  // After a CNAME, the name that does not exist is the chain's target, not the reverse name itself.
  const last = res.chain.at(-1);
  const values = { ...ctx, rcode: res.rcode, reverseName: last?.type === 'CNAME' ? last.value : ctx.reverseName };
  switch (res.rcode) {
    case 'NOERROR':
      return null;
    case 'NXDOMAIN':
      return note('nxdomain', 'info', fillBoth(S.finding.nxdomain, values));
    case 'SERVFAIL':
      return note('servfail', 'error', fillBoth(S.finding.servfail, values));
    case 'REFUSED':
      return note('refused', 'error', fillBoth(S.finding.refused, values));
    case 'TIMEOUT':
      return note('timeout', 'error', fillBoth(S.finding.timeout, values));
    case 'UNREACHABLE':
      return note('unreachable', 'error', fillBoth(S.finding.unreachable, values));
    default:
      return note('dns-error', 'error', fillBoth(S.finding['dns-error'], values));
  }
}

async function forwardCheck(server: DnsServer, name: string, ip: IpAddress, options: QueryOptions): Promise<ForwardCheck> {
  const type = ip.version === 4 ? 'A' : 'AAAA';
  const res = await resolve(server, name, type, options);
  const answered = res.rcode === 'NOERROR' || res.rcode === 'NXDOMAIN';
  const matches = res.values.some((r) => {
    const addr = parseIp(r.value);
    return addr.ok && sameAddress(addr.ip, ip);
  });
  return { name, type, rcode: res.rcode, chain: res.chain, confirmed: matches ? true : answered && !res.chainBroken ? false : null };
}

function combine(checks: ForwardCheck[]): boolean | null {
  if (checks.length === 0) return null;
  if (checks.some((c) => c.confirmed === false)) return false;
  return checks.every((c) => c.confirmed === true) ? true : null;
}

export async function runPtr(args: PtrArgs, services: Services): Promise<PtrResult> {
  const rules = services.kb.rules.get('ptr');
  if (!rules) throw new CommandFailure({ code: 'internal', message: 'ptr rules missing' });
  const server = args.server ?? (await readSystemResolver());
  // One deadline for the whole check: the reverse lookup, a CNAME hop, and the forward lookups.
  const onAnswer = services.observe?.dnsQuery;
  const options: QueryOptions = { timeoutMs: args.timeoutMs, tries: args.tries, deadline: Date.now() + args.timeoutMs * args.tries * 3, ...(onAnswer ? { onAnswer } : {}) };
  const ip = args.ip;
  const rev = reverseName(ip);
  const { scope, range } = classify(ip);

  const res = await resolve(server, rev, 'PTR', options);
  const seen = new Set<string>();
  const ptr = res.values.map((r) => r.value).filter((n) => !seen.has(nameKey(n)) && seen.add(nameKey(n)));
  const ttl = res.values.length ? Math.min(...res.values.map((r) => r.ttl)) : null;
  const forward = await Promise.all(ptr.slice(0, MAX_FORWARD_CHECKS).map((name) => forwardCheck(server, name, ip, options)));
  const forwardConfirmed = combine(forward);
  const answered = res.rcode === 'NOERROR' || res.rcode === 'NXDOMAIN';
  const words = rules.params.genericNameWords;

  const facts: Facts = {
    ip: ip.text,
    addressScope: scope,
    addressRange: range ?? undefined,
    ptrCount: answered && !res.chainBroken ? ptr.length : undefined,
    ptrName: ptr.length ? ptr.join(', ') : undefined,
    forwardConfirmed: forwardConfirmed ?? undefined,
    genericName: ptr.length ? ptr.some((n) => looksGeneric(n, ip, Array.isArray(words) ? words : [])) : undefined,
    ttlSeconds: ttl ?? undefined,
  };
  const verdict = rules.evaluate(facts);

  const ctx = { ip: ip.text, reverseName: rev, server: server.label, timeoutMs: args.timeoutMs, tries: args.tries };
  const findings: PtrFinding[] = [];
  if (args.mappedFrom) findings.push(note('mapped-ipv4', 'info', fillBoth(S.finding['mapped-ipv4'], { input: echo(args.mappedFrom), ip: ip.text })));
  const outcome = dnsOutcomeFinding(res, ctx);
  if (outcome) findings.push(outcome);
  if (res.truncated) findings.push(note('truncated', 'warning', fillBoth(S.finding.truncated)));
  if (res.tcpFallback) findings.push(note('tcp-fallback', 'info', fillBoth(S.finding['tcp-fallback'])));
  if (res.chainBroken) findings.push(note('cname-loop', 'warning', fillBoth(S.finding['cname-loop'], { max: MAX_CNAME_HOPS })));
  const firstCname = res.chain.find((r) => r.type === 'CNAME');
  if (firstCname && ptr.length) findings.push(note('classless-delegation', 'info', fillBoth(S.finding['classless-delegation'], { target: firstCname.value })));
  findings.push(...verdictFindings(verdict));

  return {
    ip: ip.text,
    mappedFrom: args.mappedFrom,
    scope,
    reverseName: rev,
    server: server.label,
    serverSource: args.server ? args.serverSource : 'system',
    rcode: res.rcode,
    transport: res.transport,
    chain: res.chain,
    ptr,
    ttl,
    forward,
    forwardConfirmed,
    findings,
  };
}
