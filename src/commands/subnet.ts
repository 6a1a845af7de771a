import { fill, type Lang } from '../i18n/lang.js';
import { subnetStrings as S } from '../i18n/subnet.js';
import {
  addressCount,
  bitsOf,
  broadcast,
  formatAddress,
  formatCidr,
  hostRange,
  prefixForSize,
  relation,
  subnetCount,
  subnetPage,
  vswitchUsable,
  type Cidr,
  type Family,
  type Relation,
} from '../net/cidr.js';
import { parseCidrInput, type CidrInput, type CidrInputError } from '../net/cidr-parse.js';
import { allocateVlsm, checkNewPrefix, prefixForCount, prefixForHosts, type PlanError, type VlsmAllocation } from '../net/cidr-plan.js';
import { forbiddenOverlap, inPrivateRange, readPolicy, reservedFor, type VswitchPolicy } from '../net/cidr-policy.js';
import type { Facts, Verdict } from '../rules/engine.js';
import { parseFlags } from './flags.js';
import { CommandFailure, parsed, rejected, type Failure, type ParseContext, type Parsed, type Services } from './types.js';
import { echo } from './echo.js';

export const DEFAULT_LIMIT = 16;
export const MAX_LIMIT = 256;
/** Enough digits for any count up to 2^128 (39 digits); bounds BigInt work on hostile input. */
export const MAX_NUMBER_DIGITS = 40;
export const MAX_VLSM_REQUESTS = 64;

export type Split =
  | { kind: 'none' }
  | { kind: 'prefix'; prefix: number }
  | { kind: 'count'; count: bigint }
  | { kind: 'hosts'; hosts: bigint }
  | { kind: 'vlsm'; hosts: bigint[] };

export interface SubnetArgs {
  lang: Lang;
  /** The network or mask as typed (trimmed), for notes. */
  text: string;
  input: CidrInput;
  split: Split;
  limit: number;
  offset: bigint;
  check?: { text: string; cidr: Cidr; typed: bigint };
}

/** A note for the user, rendered in their language by the renderer. */
type Strings = typeof S;
export type NoteKey = { [K in keyof Strings]: Strings[K] extends { zh: string } ? K : never }[keyof Strings];

export interface SubnetNote {
  key: NoteKey;
  vars: Record<string, string | number>;
}

export interface SubnetRow {
  cidr: Cidr;
  first: bigint;
  last: bigint;
  addresses: bigint;
  usable: bigint;
}

export interface MaskInfo {
  family: Family;
  prefix: number;
  netmask: string;
  wildcard: string;
  addresses: bigint;
  usable: bigint;
}

export interface SubnetResult {
  lang: Lang;
  /** null for a mask-only question ("255.255.240.0", "/20"). */
  network: Cidr | null;
  info: (SubnetRow & { broadcast: bigint | null }) | null;
  mask: MaskInfo;
  split: Split['kind'];
  /** The prefix of the listed subnets; null for VLSM (mixed sizes). */
  newPrefix: number | null;
  total: bigint;
  offset: bigint;
  subnets: SubnetRow[];
  /** VLSM: every request in allocation order, including those that did not fit. */
  vlsm: { allocations: Array<VlsmAllocation & { row: SubnetRow | null }>; free: bigint } | null;
  check: { other: Cidr; relation: Relation } | null;
  notes: SubnetNote[];
  verdict: Verdict;
}

const NUMBER = /^(?:0|[1-9]\d*)$/;
const FLAGS = { prefix: 'string', count: 'string', hosts: 'string', vlsm: 'string', limit: 'string', offset: 'string', check: 'string' } as const;
const FLAG_EXAMPLES: Record<keyof typeof FLAGS, string> = { prefix: '24', count: '4', hosts: '200', vlsm: '100,50,20', limit: '32', offset: '16', check: '10.0.1.0/24' };

function inputError(error: CidrInputError, value: string, lang: Lang): Failure {
  const v = echo(value);
  const forms = S.forms[lang];
  switch (error.reason) {
    case 'empty':
      return { code: 'missing_cidr', message: S.missingCidr[lang] };
    case 'too_long':
      return { code: 'bad_cidr', message: fill(S.tooLong[lang], { value: v, max: error.max, forms }) };
    case 'bad_address':
      return { code: 'bad_address', message: fill(S.badAddress[lang], { value: v, forms }) };
    case 'zone_id':
      return { code: 'bad_address', message: fill(S.zoneId[lang], { value: v }) };
    case 'bad_prefix':
      return { code: 'bad_prefix', message: fill(S.badPrefix[lang], { value: v }) };
    case 'prefix_out_of_range':
      return { code: 'prefix_out_of_range', message: fill(S.prefixOutOfRange[lang], { value: v, max: error.max, family: error.max === 32 ? 'IPv4' : 'IPv6' }) };
    case 'non_contiguous_mask':
      return { code: 'non_contiguous_mask', message: fill(S.nonContiguousMask[lang], { value: v, nearest: error.nearest }) };
    case 'missing_prefix':
      return { code: 'missing_prefix', message: fill(S.missingPrefix[lang], { value: v }) };
  }
}

/** A whole decimal number within the digit bound, or undefined. */
function bigNumber(raw: string): bigint | undefined {
  return raw.length <= MAX_NUMBER_DIGITS && NUMBER.test(raw) ? BigInt(raw) : undefined;
}

function parseSplit(values: Record<string, string | boolean | undefined>, input: CidrInput, lang: Lang): Parsed<Split> {
  const given = (['prefix', 'count', 'hosts', 'vlsm'] as const).filter((name) => values[name] !== undefined);
  if (given.length > 1) return rejected('conflicting_split', fill(S.conflictingSplit[lang], { options: given.map((n) => `--${n}`).join(', ') }));
  const option = given[0];
  if (!option) return parsed({ kind: 'none' });
  const raw = String(values[option]);
  const v = echo(raw);
  if (input.kind !== 'cidr') return rejected('mask_with_options', fill(S.maskWithOptions[lang], { value: formatMaskInput(input), option: `--${option}` }));
  const c = input.cidr;
  const bits = bitsOf(c.family);
  switch (option) {
    case 'prefix': {
      const prefix = /^(?:0|[1-9]\d{0,2})$/.test(raw) ? Number(raw) : NaN;
      if (!(prefix <= bits)) return rejected('bad_new_prefix', fill(S.badNewPrefix[lang], { max: bits, value: v }));
      const checked = checkNewPrefix(c, prefix);
      if (!checked.ok) return rejected('prefix_shorter', planMessage(checked.error, c, lang));
      return parsed({ kind: 'prefix', prefix });
    }
    case 'count': {
      const count = bigNumber(raw);
      if (count === undefined || count < 1n) return rejected('bad_count', fill(S.badCount[lang], { value: v }));
      const checked = prefixForCount(c, count);
      if (!checked.ok) return rejected('count_too_large', planMessage(checked.error, c, lang, v));
      return parsed({ kind: 'count', count });
    }
    case 'hosts': {
      const hosts = bigNumber(raw);
      if (hosts === undefined || hosts < 1n) return rejected('bad_hosts', fill(S.badHosts[lang], { value: v }));
      return parsed({ kind: 'hosts', hosts });
    }
    case 'vlsm': {
      const parts = raw.split(',');
      const hosts = parts.map((p) => bigNumber(p.trim()));
      if (parts.length > MAX_VLSM_REQUESTS || hosts.some((h) => h === undefined || h < 1n)) {
        return rejected('bad_vlsm', fill(S.badVlsm[lang], { value: v, max: MAX_VLSM_REQUESTS }));
      }
      return parsed({ kind: 'vlsm', hosts: hosts as bigint[] });
    }
  }
}

function formatMaskInput(input: Extract<CidrInput, { kind: 'mask' }>): string {
  return input.from === 'prefix' ? `/${input.prefix}` : formatAddress(4, ((1n << 32n) - 1n) ^ ((1n << BigInt(32 - input.prefix)) - 1n));
}

function planMessage(error: PlanError, c: Cidr, lang: Lang, value = '', reserved = 0n): string {
  const network = formatCidr(c);
  switch (error.reason) {
    case 'prefix_shorter':
      return fill(S.prefixShorter[lang], { prefix: error.prefix, network: error.network, max: bitsOf(c.family), suggest: Math.min(error.network + 2, bitsOf(c.family)) });
    case 'prefix_too_long':
      return fill(S.badNewPrefix[lang], { max: error.max, value });
    case 'count_too_large':
      return fill(S.countTooLarge[lang], { network, max: error.max.toString(), value });
    case 'hosts_too_large':
      return fill(S.hostsTooLarge[lang], { network, max: error.max.toString(), reserved: reserved.toString(), value });
  }
}

export function parseSubnet(tokens: readonly string[], ctx: ParseContext): Parsed<SubnetArgs> {
  const lang = ctx.lang;
  // "--prefix" with nothing after it gets an example for that very option.
  const flags = parseFlags(tokens, FLAGS, lang, 'ecs-netbot subnet 10.0.0.0/16 --count 4', FLAG_EXAMPLES);
  if (!flags.ok) return flags;
  const { values, positionals } = flags.args;
  const [first, second] = positionals;
  if (first === undefined) return rejected('missing_cidr', S.missingCidr[lang]);
  if (second !== undefined) return rejected('extra_argument', fill(S.extraArgument[lang], { value: echo(second) }));
  const text = first.trim();
  const input = parseCidrInput(text);
  if (!input.ok) return { ok: false, error: inputError(input.error, text, lang) };

  const split = parseSplit(values, input.value, lang);
  if (!split.ok) return split;

  let limit = DEFAULT_LIMIT;
  if (values.limit !== undefined) {
    const raw = String(values.limit);
    limit = /^[1-9]\d{0,2}$/.test(raw) ? Number(raw) : NaN;
    if (!(limit >= 1 && limit <= MAX_LIMIT)) return rejected('bad_limit', fill(S.badLimit[lang], { max: MAX_LIMIT, value: echo(raw) }));
  }
  let offset = 0n;
  if (values.offset !== undefined) {
    const raw = String(values.offset);
    const parsedOffset = bigNumber(raw);
    if (parsedOffset === undefined) return rejected('bad_offset', fill(S.badOffset[lang], { max: MAX_NUMBER_DIGITS, value: echo(raw) }));
    offset = parsedOffset;
  }

  let check: SubnetArgs['check'];
  if (values.check !== undefined) {
    const raw = String(values.check).trim();
    if (input.value.kind !== 'cidr') return rejected('mask_with_options', fill(S.maskWithOptions[lang], { value: formatMaskInput(input.value), option: '--check' }));
    const other = parseCidrInput(raw);
    if (!other.ok) {
      const inner = inputError(other.error, raw, lang);
      return rejected('bad_check', fill(S.badCheck[lang], { message: inner.message }));
    }
    if (other.value.kind !== 'cidr') return rejected('bad_check', fill(S.checkNeedsCidr[lang], { value: echo(raw) }));
    check = { text: raw, cidr: other.value.cidr, typed: other.value.typed };
  }
  return parsed({ lang, text, input: input.value, split: split.args, limit, offset, check });
}

const rowOf = (c: Cidr, reserved: bigint): SubnetRow => ({ cidr: c, ...hostRange(c), addresses: addressCount(c), usable: vswitchUsable(c, reserved) });

function maskInfo(family: Family, prefix: number, reserved: bigint): MaskInfo {
  const bits = BigInt(bitsOf(family));
  const wild = (1n << (bits - BigInt(prefix))) - 1n;
  const addresses = wild + 1n;
  return {
    family,
    prefix,
    netmask: formatAddress(family, ((1n << bits) - 1n) ^ wild),
    wildcard: formatAddress(family, wild),
    addresses,
    usable: addresses > reserved ? addresses - reserved : 0n,
  };
}

/** Notes saying how first/last usable are defined for this prefix (the cases where it differs). */
function hostRangeNote(c: Cidr): SubnetNote {
  const bits = bitsOf(c.family);
  if (c.family === 4) return { key: c.prefix === 32 ? 'hostRange32' : c.prefix === 31 ? 'hostRange31' : 'hostRangeV4', vars: {} };
  return { key: c.prefix === bits ? 'hostRange128' : c.prefix === bits - 1 ? 'hostRange127' : 'hostRangeV6', vars: {} };
}

function facts(result: Omit<SubnetResult, 'verdict' | 'notes'>, policy: VswitchPolicy, input: CidrInput): Facts {
  const family = result.mask.family;
  const prefixes =
    result.split === 'vlsm'
      ? (result.vlsm?.allocations ?? []).filter((a) => a.row).map((a) => a.row!.cidr.prefix)
      : [result.newPrefix ?? result.mask.prefix];
  const shortest = prefixes.length ? Math.min(...prefixes) : undefined;
  const longest = prefixes.length ? Math.max(...prefixes) : undefined;
  const base: Facts = {
    family: family === 4 ? 'ipv4' : 'ipv6',
    isIpv6: family === 6,
    isSplit: result.split !== 'none',
    isMask: input.kind === 'mask',
    prefix: shortest,
    longestPrefix: longest,
    prefixLabel: shortest === undefined ? undefined : shortest === longest ? `/${shortest}` : `/${shortest}–/${longest}`,
  };
  if (!result.network) return base;
  return {
    ...base,
    network: formatCidr(result.network),
    inPrivateRange: inPrivateRange(policy, result.network),
    forbiddenOverlap: forbiddenOverlap(policy, result.network),
  };
}

export async function runSubnet(args: SubnetArgs, services: Services): Promise<SubnetResult> {
  const rules = services.kb.rules.get('vswitch');
  if (!rules) throw new Error('knowledge/rules/vswitch.yaml is missing');
  const policy = readPolicy(rules.params);
  const notes: SubnetNote[] = [];
  const input = args.input;
  const fail = (code: string, message: string): never => {
    throw new CommandFailure({ code, message });
  };

  if (input.kind === 'mask') {
    const reserved = reservedFor(policy, input);
    if (input.from === 'netmask') notes.push({ key: 'netmaskRead', vars: { value: args.text, prefix: input.prefix } });
    else notes.push({ key: input.family === 6 ? 'prefixReadV6' : 'prefixReadV4', vars: { prefix: input.prefix } });
    if (args.offset > 0n) fail('offset_beyond', fill(S.offsetBeyond[args.lang], { value: args.offset.toString(), total: '0', last: '-' }));
    const partial = {
      lang: args.lang,
      network: null,
      info: null,
      mask: maskInfo(input.family, input.prefix, reserved),
      split: 'none' as const,
      newPrefix: input.prefix,
      total: 0n,
      offset: 0n,
      subnets: [],
      vlsm: null,
      check: null,
    };
    return { ...partial, notes, verdict: rules.evaluate(facts(partial, policy, input)) };
  }

  const c = input.cidr;
  const reserved = reservedFor(policy, c);
  if (input.typed !== c.network) notes.push({ key: 'normalised', vars: { typed: `${formatAddress(c.family, input.typed)}/${c.prefix}`, network: formatCidr(c) } });
  const info = { ...rowOf(c, reserved), broadcast: broadcast(c) };
  notes.push(hostRangeNote(c));

  let newPrefix: number | null = c.prefix;
  let vlsm: SubnetResult['vlsm'] = null;
  const split = args.split;
  if (split.kind === 'prefix') newPrefix = split.prefix;
  if (split.kind === 'count') {
    const chosen = prefixForCount(c, split.count);
    if (!chosen.ok) fail('count_too_large', planMessage(chosen.error, c, args.lang, split.count.toString()));
    else {
      newPrefix = chosen.value;
      const total = subnetCount(c, newPrefix);
      if (total !== split.count) notes.push({ key: 'countRounded', vars: { count: split.count.toString(), prefix: newPrefix, total: total.toString() } });
    }
  }
  if (split.kind === 'hosts') {
    const chosen = prefixForHosts(c, split.hosts, reserved);
    if (!chosen.ok) fail('hosts_too_large', planMessage(chosen.error, c, args.lang, split.hosts.toString(), reserved));
    else {
      newPrefix = chosen.value;
      const size = addressCount({ ...c, prefix: newPrefix });
      notes.push({ key: 'hostsMeaning', vars: { hosts: split.hosts.toString(), reserved: reserved.toString(), prefix: newPrefix, size: size.toString(), usable: (size - reserved).toString() } });
      // Classic subnetting reserves only network + broadcast (IPv4): say when that would pick a smaller block.
      const classic = c.family === 4 ? prefixForSize(4, split.hosts + 2n) : -1;
      if (classic > newPrefix) notes.push({ key: 'hostsClassic', vars: { prefix: classic } });
    }
  }
  let total: bigint;
  let subnets: SubnetRow[];
  if (split.kind === 'vlsm') {
    newPrefix = null;
    const plan = allocateVlsm(c, split.hosts, reserved);
    const allocations = plan.allocations.map((a) => ({ ...a, row: a.block ? rowOf(a.block, reserved) : null }));
    vlsm = { allocations, free: plan.free };
    notes.push({ key: 'vlsmMeaning', vars: { reserved: reserved.toString() } });
    for (const a of allocations.filter((x) => !x.row)) notes.push({ key: 'vlsmUnfit', vars: { hosts: a.hosts.toString(), need: a.prefix < 0 ? `>/0` : `/${a.prefix}` } });
    notes.push({ key: 'vlsmFree', vars: { free: plan.free.toString() } });
    const rows = allocations.flatMap((a) => (a.row ? [a.row] : []));
    total = BigInt(rows.length);
    if (args.offset > 0n && args.offset >= total) offsetBeyond(args, total);
    subnets = rows.slice(Number(args.offset), Number(args.offset) + args.limit);
  } else {
    const prefix = newPrefix ?? c.prefix;
    total = subnetCount(c, prefix);
    if (args.offset >= total) offsetBeyond(args, total);
    subnets = subnetPage(c, prefix, args.offset, args.limit).map((s) => rowOf(s, reserved));
  }
  const to = args.offset + BigInt(subnets.length);
  if (args.offset > 0n || to < total) {
    const vars = { total: total.toString(), from: (args.offset + 1n).toString(), to: to.toString(), next: to.toString(), max: MAX_LIMIT };
    notes.push({ key: to < total ? 'paged' : 'pagedLast', vars });
  }

  let check: SubnetResult['check'] = null;
  if (args.check) {
    const other = args.check.cidr;
    if (args.check.typed !== other.network) notes.push({ key: 'checkNormalised', vars: { typed: `${formatAddress(other.family, args.check.typed)}/${other.prefix}`, network: formatCidr(other) } });
    if (other.family !== c.family) notes.push({ key: 'crossFamily', vars: {} });
    check = { other, relation: relation(c, other) };
  }

  const partial = {
    lang: args.lang,
    network: c,
    info,
    mask: maskInfo(c.family, c.prefix, reserved),
    split: split.kind,
    newPrefix,
    total,
    offset: args.offset,
    subnets,
    vlsm,
    check,
  };
  return { ...partial, notes, verdict: rules.evaluate(facts(partial, policy, input)) };
}

function offsetBeyond(args: SubnetArgs, total: bigint): never {
  throw new CommandFailure({
    code: 'offset_beyond',
    message: fill(S.offsetBeyond[args.lang], { value: echo(args.offset.toString()), total: total.toString(), last: total > 0n ? (total - 1n).toString() : '-' }),
  });
}
