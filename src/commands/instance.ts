import type { FetchedFacts } from '../cloud/facts.js';
import { instanceStrings as S } from '../i18n/instance.js';
import { fill, fillBoth, type Bilingual, type Lang } from '../i18n/lang.js';
import { INSTANCE_VERDICTS, type InstanceVerdictId } from '../knowledge/names.js';
import { eligibility, type AlternativeOutcome, type Facts, type Scenario, type Verdict } from '../rules/engine.js';
import { fetchInstance, parseTarget, type CloudTarget } from './cloud-args.js';
import { echo } from './echo.js';
import { parseFlags } from './flags.js';
import { ageMinutesOf, factsFor, hoursToExpiryOf, instanceRuleFacts } from './instance-facts.js';
import { parsePtr, runPtr, type PtrResult } from './ptr.js';
import { CommandFailure, parsed, rejected, type ParseContext, type Parsed, type Services } from './types.js';

export interface InstanceArgs extends CloudTarget {
  /** Failures from the cloud are worded in this language (results stay bilingual until rendered). */
  lang: Lang;
  /** Check the public IP's reverse DNS (off with --no-ptr). */
  ptr: boolean;
  /** How often the public IP was changed already (--swaps): the API does not say. */
  swaps?: number;
  /** The verdict the question asked about (--verdict), shown first: a chat question about one aspect of the instance. */
  focus?: InstanceVerdictId;
}

export interface InstanceVerdict {
  id: InstanceVerdictId;
  title: Bilingual;
  /** true eligible, false not, null undecided (a fact it needs is unknown). */
  eligible: boolean | null;
  verdict: Verdict;
  /** For an undecided verdict: what each value of a missing fact would give. */
  scenarios: Scenario[];
}

export interface InstanceEvaluation {
  fetched: FetchedFacts;
  /** When the reply was made (services.now()), so "fetched N s ago" is part of the result. */
  at: Date;
  ageMinutes: number | undefined;
  hoursToExpiry: number | undefined;
  /** The instance as the rules see it (knowledge/rules/instance.yaml). */
  facts: Facts;
  bandwidth: { outboundMbps: number; inboundMaxMbps: number | null; notes: AlternativeOutcome[] };
  notes: AlternativeOutcome[];
  verdicts: InstanceVerdict[];
}

export interface InstanceResult extends InstanceEvaluation {
  target: CloudTarget;
  /** The verdict the question asked about (first in `verdicts`). */
  focus?: InstanceVerdictId;
  ptr: PtrResult | null;
  /** Whether the reverse DNS was asked for (false for --no-ptr): a chat's card keeps the choice. */
  ptrAsked: boolean;
  /** Why there is no PTR check, when there is none. */
  ptrReason: Bilingual | null;
}

export function parseInstance(tokens: readonly string[], ctx: ParseContext, services: Pick<Services, 'env'>): Parsed<InstanceArgs> {
  const flags = parseFlags(tokens, { region: 'string', 'no-ptr': 'boolean', swaps: 'string', verdict: 'string' }, ctx.lang, 'i-bp67acfmxazb4ph7ts1q --region cn-hangzhou', { region: 'cn-hangzhou', swaps: '1', verdict: 'private-ip' });
  if (!flags.ok) return flags;
  const [id, ...extra] = flags.args.positionals;
  if (id === undefined) return rejected('missing_instance_id', S.missingId[ctx.lang]);
  if (extra.length) return rejected('too_many_args', fill(S.tooManyArgs[ctx.lang], { extra: echo(extra.join(' ')) }));
  const region = typeof flags.args.values.region === 'string' ? flags.args.values.region : undefined;
  const target = parseTarget(id, region, services.env, ctx.lang);
  if (!target.ok) return target;
  const swaps = flags.args.values.swaps;
  if (typeof swaps === 'string' && (!/^\d{1,4}$/.test(swaps) || Number(swaps) > MAX_SWAPS)) {
    return rejected('bad_swaps', fill(S.badSwaps[ctx.lang], { value: echo(swaps, 40), max: MAX_SWAPS }));
  }
  const focus = flags.args.values.verdict;
  if (typeof focus === 'string' && !(INSTANCE_VERDICTS as readonly string[]).includes(focus)) {
    return rejected('bad_verdict', fill(S.badVerdict[ctx.lang], { value: echo(focus, 40), accepted: INSTANCE_VERDICTS.join(', ') }));
  }
  return parsed({
    ...target.args,
    lang: ctx.lang,
    ptr: flags.args.values['no-ptr'] !== true,
    ...(typeof swaps === 'string' ? { swaps: Number(swaps) } : {}),
    ...(typeof focus === 'string' ? { focus: focus as InstanceVerdictId } : {}),
  });
}

export const MAX_SWAPS = 1000;

function rules(services: Services, id: string) {
  const ruleset = services.kb.rules.get(id);
  if (!ruleset) throw new CommandFailure({ code: 'internal', message: `${id} rules missing` });
  return ruleset;
}

/** One verdict over the instance's facts, with its three-state outcome and what-ifs. */
export function judge(services: Services, id: InstanceVerdictId, facts: Facts): InstanceVerdict {
  const ruleset = rules(services, id);
  const input = factsFor(ruleset, facts);
  const verdict = ruleset.evaluate(input);
  return { id, title: ruleset.spec.title, eligible: eligibility(verdict), verdict, scenarios: ruleset.whatIf(input, verdict) };
}

/**
 * Everything the rules say about fetched facts: the bandwidth meaning (the bw rules), the instance notes, and
 * each verdict. No call is made here; triage uses it too.
 */
export function evaluateInstance(fetched: FetchedFacts, services: Services, given: Facts = {}): InstanceEvaluation {
  const at = services.now();
  // Facts the user gave that the API cannot (how often the IP was changed) join the API's; never replace them.
  const facts = { ...given, ...instanceRuleFacts(fetched.instance, at) };
  const outbound = Number(facts.publicBandwidthMbps ?? 0);
  const bw = rules(services, 'bandwidth').evaluate({ outboundMbps: outbound });
  const inbound = bw.derived.inboundMaxMbps;
  const instanceRules = rules(services, 'instance');
  return {
    fetched,
    at,
    ageMinutes: ageMinutesOf(fetched.instance, at),
    hoursToExpiry: hoursToExpiryOf(fetched.instance, at),
    facts,
    bandwidth: { outboundMbps: outbound, inboundMaxMbps: typeof inbound === 'number' ? inbound : null, notes: bw.notes },
    notes: instanceRules.evaluate(factsFor(instanceRules, facts)).notes,
    verdicts: INSTANCE_VERDICTS.map((id) => judge(services, id, facts)),
  };
}


/** The ptr command's own check of the public IP (its DNS server: NETBOT_DNS_SERVER, else the system's). */
async function checkPtr(address: string | undefined, args: InstanceArgs, services: Services): Promise<Pick<InstanceResult, 'ptr' | 'ptrReason'>> {
  if (!args.ptr) return { ptr: null, ptrReason: fillBoth(S.ptrSkipped) };
  if (!address) return { ptr: null, ptrReason: fillBoth(S.ptrNoPublicIp) };
  const ctx = (lang: Lang): ParseContext => ({ lang, langExplicit: false });
  const ptrArgs = parsePtr([address], ctx(args.lang), services);
  if (!ptrArgs.ok) {
    const other = parsePtr([address], ctx(args.lang === 'zh' ? 'en' : 'zh'), services);
    const message = { [args.lang]: ptrArgs.error.message, [args.lang === 'zh' ? 'en' : 'zh']: other.ok ? ptrArgs.error.message : other.error.message } as Bilingual;
    return { ptr: null, ptrReason: { zh: fill(S.ptrCannot.zh, { reason: message.zh }), en: fill(S.ptrCannot.en, { reason: message.en }) } };
  }
  return { ptr: await runPtr(ptrArgs.args, services), ptrReason: null };
}

export async function runInstance(args: InstanceArgs, services: Services): Promise<InstanceResult> {
  const fetched = await fetchInstance(args, services, args.lang);
  const evaluation = evaluateInstance(fetched, services, args.swaps !== undefined ? { swaps: args.swaps } : {});
  const target: CloudTarget = { instanceId: args.instanceId, regionId: args.regionId, regionSource: args.regionSource };
  // The verdict asked about goes first (the others follow, for the whole picture).
  const verdicts = args.focus ? [...evaluation.verdicts].sort((a, b) => Number(b.id === args.focus) - Number(a.id === args.focus)) : evaluation.verdicts;
  return { ...evaluation, verdicts, target, ...(args.focus ? { focus: args.focus } : {}), ptrAsked: args.ptr, ...(await checkPtr(fetched.instance.publicIp?.address, args, services)) };
}
